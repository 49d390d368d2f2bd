/**
 * CalDAV against a real Radicale (the Debian package), started for this suite on a free port
 * with its own storage folder and a plain htpasswd file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import { at, interval, memberWithCalendars, memoryLogger, parisTimezone, vcalendar, vevent } from '../support/calendar-feed.js';

const radicaleMissing = spawnSync('radicale', ['--version']).error
  ? 'the radicale command is not installed (Debian package "radicale")'
  : undefined;
if (radicaleMissing) console.log(`Skipping the CalDAV suite: ${radicaleMissing}`);

const now = at('2026-01-01T00:00:00Z');
const from = now;
const to = at('2026-05-01T00:00:00Z');

interface Radicale {
  url: string;
  stop(): Promise<void>;
}

async function startRadicale(users: Record<string, string>): Promise<Radicale> {
  const folder = await mkdtemp(join(tmpdir(), 'kairos-radicale-'));
  await writeFile(join(folder, 'users'), Object.entries(users).map(([user, password]) => `${user}:${password}\n`).join(''));
  await writeFile(
    join(folder, 'config'),
    [
      '[server]',
      // Port 0: the system picks a free port, which Radicale reports in its "Listening on" log line.
      'hosts = 127.0.0.1:0',
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${join(folder, 'users')}`,
      'htpasswd_encryption = plain',
      'delay = 0',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${join(folder, 'collections')}`,
      '[web]',
      'type = none',
      '[logging]',
      'level = info',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('radicale', ['--config', join(folder, 'config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Radicale did not start:\n${output}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on '\[?127\.0\.0\.1\]?:(\d+)'/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Radicale exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(folder, { recursive: true, force: true });
    },
  };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function davRequest(method: string, url: string, body?: string): Promise<void> {
  const response = await fetch(url, {
    method,
    headers: { authorization: basic('ana', 'secret'), 'content-type': 'text/calendar; charset=utf-8' },
    body,
  });
  if (response.status !== 201) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
}

describe.skipIf(radicaleMissing !== undefined)('busy time from a CalDAV calendar (Radicale)', () => {
  let radicale: Radicale;
  let calendarUrl: string;

  beforeAll(async () => {
    radicale = await startRadicale({ ana: 'secret' });
    calendarUrl = `${radicale.url}/ana/work/`;
    await davRequest('MKCALENDAR', calendarUrl);
    const events = {
      'review.ics': vcalendar(vevent('review', 'DTSTART:20260106T100000Z', 'DTEND:20260106T110000Z')),
      'standup.ics': vcalendar(
        parisTimezone,
        vevent(
          'standup',
          'DTSTART;TZID=Europe/Paris:20260105T140000',
          'DTEND;TZID=Europe/Paris:20260105T150000',
          'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4',
          'EXDATE;TZID=Europe/Paris:20260112T140000',
        ),
        vevent(
          'standup',
          'RECURRENCE-ID;TZID=Europe/Paris:20260119T140000',
          'DTSTART;TZID=Europe/Paris:20260120T160000',
          'DTEND;TZID=Europe/Paris:20260120T170000',
        ),
      ),
      'focus.ics': vcalendar(vevent('focus', 'DTSTART:20260107T100000Z', 'DTEND:20260107T110000Z', 'TRANSP:TRANSPARENT')),
      'summer.ics': vcalendar(vevent('summer', 'DTSTART:20260601T100000Z', 'DTEND:20260601T110000Z')),
    };
    for (const [name, ics] of Object.entries(events)) await davRequest('PUT', `${calendarUrl}${name}`, ics);
  });

  afterAll(async () => {
    await radicale?.stop();
  });

  it('reads the events of the requested range through a REPORT, series expanded', async () => {
    const { log, warnings } = memoryLogger();
    const member = memberWithCalendars([{ type: 'caldav', url: calendarUrl, username: 'ana', password: 'secret' }]);
    expect(await new CalendarBusy({ log }).busyFor(member, from, to, now)).toEqual([
      interval('2026-01-05T13:00:00Z', '2026-01-05T14:00:00Z'),
      interval('2026-01-06T10:00:00Z', '2026-01-06T11:00:00Z'),
      interval('2026-01-20T15:00:00Z', '2026-01-20T16:00:00Z'),
      interval('2026-01-26T13:00:00Z', '2026-01-26T14:00:00Z'),
    ]);
    expect(warnings()).toEqual([]);
  });

  it('serves no busy time and logs a warning when the password is wrong, never throwing', async () => {
    const { log, warnings } = memoryLogger();
    const member = memberWithCalendars([{ type: 'caldav', url: calendarUrl, username: 'ana', password: 'wrong' }]);
    expect(await new CalendarBusy({ log }).busyFor(member, from, to, now)).toEqual([]);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ member: 'ana', calendar: expect.stringMatching(/^caldav 127\.0\.0\.1:\d+$/) });
    expect(JSON.stringify(warnings()[0])).toContain('401');
    expect(JSON.stringify(warnings()[0])).not.toContain('wrong');
  });
});
