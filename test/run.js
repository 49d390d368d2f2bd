// `npm test`: every suite, in order, failing if any fails.
// the typecheck; node suites (engine, server) with vitest; widget in Chromium with web-test-runner; e2e with playwright-core
// (the booking, a phone booking with a guest through the manage page, a Zoom meeting's link, every page under its Content-Security-Policy, then
// the team console from an empty database).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const suites = [
  { name: 'typecheck (tsc)', cmd: ['npx', 'tsc', '--noEmit'] },
  { name: 'engine + server (vitest)', cmd: ['npx', 'vitest', 'run'] },
  { name: 'widget (web-test-runner, Chromium)', cmd: ['npx', 'web-test-runner'], when: 'web-test-runner.config.js' },
  { name: 'end to end (playwright-core)', cmd: ['npx', 'tsx', 'test/e2e/booking.e2e.ts'], when: 'test/e2e/booking.e2e.ts' },
  { name: 'a phone booking with a guest, moved and cancelled, in German (playwright-core)', cmd: ['npx', 'tsx', 'test/e2e/guest-walk.e2e.ts'], when: 'test/e2e/guest-walk.e2e.ts' },
  { name: 'a Zoom meeting made from the outbox, its link on the manage page (playwright-core)', cmd: ['npx', 'tsx', 'test/e2e/video-meeting.e2e.ts'], when: 'test/e2e/video-meeting.e2e.ts' },
  { name: 'loading frames, the week layout, a page’s afterBooking and a hand-over for days away at 390 and 1280 px (playwright-core)', cmd: ['npx', 'tsx', 'test/e2e/visitor-layouts.e2e.ts'], when: 'test/e2e/visitor-layouts.e2e.ts' },
  { name: 'a course of three sessions picked, booked and managed at 390 and 1280 px (playwright-core)', cmd: ['npx', 'tsx', 'test/e2e/sessions.e2e.ts'], when: 'test/e2e/sessions.e2e.ts' },
  { name: 'page security in Chromium (playwright-core)', cmd: ['npx', 'tsx', 'test/e2e/page-security.e2e.ts'], when: 'test/e2e/page-security.e2e.ts' },
  { name: 'team console end to end (playwright-core)', cmd: ['npx', 'tsx', 'test/e2e/console.e2e.ts'], when: 'test/e2e/console.e2e.ts' },
];

let failed = 0;
let passed = 0;
for (const suite of suites) {
  if (suite.when && !existsSync(suite.when)) continue;
  console.log(`\n=== ${suite.name} ===`);
  const { status } = spawnSync(suite.cmd[0], suite.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, CI: process.env.CI ?? '' } });
  if (status === 0) passed++;
  else failed++;
}
console.log(`\nsuites: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
