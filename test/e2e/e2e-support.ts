/**
 * What the end-to-end suites share: checks that say what they checked, screenshots, Debian's
 * Chromium, a build of the bundles when their sources are newer, and the run's exit code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { chromium, type Browser, type Page } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));

let checks = 0;
export function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`failed: ${what}`);
  checks++;
  console.log(`  ✓ ${what}`);
}

export function same<T>(actual: T, expected: T, what: string): void {
  check(actual === expected, `${what}${actual === expected ? '' : ` (expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)})`}`);
}

/** Spaces as Intl and the DOM may write them (narrow and non-breaking ones) made plain. */
export const plain = (text: string | null | undefined) => (text ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim();

/** Numbered full-page screenshots in `dir` (emptied of old ones first), named by what they show. */
export function screenshots(dir: string): (page: Page, name: string) => Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old.endsWith('.png')) rmSync(join(dir, old));
  let shot = 0;
  return async (page, name) => {
    const file = join(dir, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`  · screenshot ${file.slice(root.length)}`);
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm run build` when a bundle is older than its sources, or an e2e would test old code. */
export function buildIfStale(): void {
  const bundles = ['dist/kairos.js', 'dist/kairos.iife.js', 'dist/console/console.js'].map((f) => join(root, f));
  if (!bundles.every(existsSync)) return; // startServer's `buildWidget` builds a missing bundle.
  const built = Math.min(...bundles.map((f) => statSync(f).mtimeMs));
  if (Math.max(...['widget', 'console', 'shared'].map((d) => newestSource(join(root, d)))) <= built) return;
  console.log('sources are newer than dist/: npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** The first email to `address` written to the outbox folder `dir` whose raw text passes `wanted`. */
export async function waitForMail(dir: string, address: string, wanted: (raw: string) => boolean = () => true, timeoutMs = 20_000): Promise<ParsedMail> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : []) {
      const raw = readFileSync(join(dir, file), 'utf8');
      if (!raw.includes(address) || !wanted(raw)) continue;
      const mail = await simpleParser(raw);
      if (mail.to && !Array.isArray(mail.to) && mail.to.value.some((a) => a.address === address)) return mail;
    }
    if (performance.now() > end) throw new Error(`no email to ${address} in ${dir} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Since the process started, module loading included. */
const seconds = () => (performance.now() / 1000).toFixed(1);

/** Runs an e2e's `main`, then exits 0, or 1 with what failed. */
export function runE2e(name: string, main: () => Promise<void>): void {
  main().then(
    () => {
      console.log(`\n${name}: ${checks} checks passed in ${seconds()} s`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`\n${name} FAILED after ${checks} checks (${seconds()} s): ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
