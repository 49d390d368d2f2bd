/**
 * A real CalDAV server for the suites: Radicale (the Debian package), started on a free port with
 * its own storage folder and a plain htpasswd file, and requests to fill its calendars.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why the CalDAV suites cannot run here, or `undefined` when they can. */
export const radicaleMissing = spawnSync('radicale', ['--version']).error
  ? 'the radicale command is not installed (Debian package "radicale")'
  : undefined;
export interface Radicale {
  url: string;
  stop(): Promise<void>;
}

export async function startRadicale(users: Record<string, string>): Promise<Radicale> {
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

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Makes a calendar (`MKCALENDAR`) or puts an event (`PUT`) as `user`; anything but `201` throws. */
export async function davRequest(method: 'MKCALENDAR' | 'PUT', url: string, user: [string, string], body?: string): Promise<void> {
  const response = await fetch(url, {
    method,
    headers: { authorization: basic(...user), 'content-type': 'text/calendar; charset=utf-8' },
    ...(body === undefined ? {} : { body }),
  });
  if (response.status !== 201) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
}
