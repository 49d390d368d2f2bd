/**
 * The key that seals the config's secrets, as `npm start` meets it with no environment set: the
 * first start makes a key file and says so loudly, later starts use it and say so quietly, and a
 * start whose key file was lost keeps serving, names each secret it cannot open — never the secret
 * itself — and makes a new server secret for personal links.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/main.js';
import { kairosLogger } from '../../../server/process/logger.js';
import { forgetSecretKeys } from '../../../server/store/secret-keys.js';
import { teamConfig } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'kairos-secret-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'password-that-must-not-show';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: kairosLogger({ level: 'info' }, stream) };
}

describe('the secret key at start, without KAIROS_SECRET_KEYS', () => {
  const configFile = join(dir, 'team.json');
  const config = teamConfig();
  config.members![0]!.calendars = [{ type: 'caldav', url: 'https://dav.example.com/ana/', username: 'ana', password: PASSWORD }];
  writeFileSync(configFile, JSON.stringify(config));
  const start = (log: ReturnType<typeof capture>['log'], withConfig: boolean) =>
    startServer({ port: 0, databaseUrl: `sqlite:${join(dir, 'kairos.db')}`, outboxDir: join(dir, 'outbox'), worker: false, log, ...(withConfig ? { configFile } : {}) });

  it('makes a key file beside the database on first start, loudly, and uses it after, quietly', async () => {
    const first = capture();
    const server = await start(first.log, true);
    await server.close();
    const keyFile = join(dir, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const warned = first.lines.map((l) => JSON.parse(l)).find((l) => l.keyFile === keyFile);
    expect(warned).toMatchObject({ level: 40, msg: expect.stringContaining('KAIROS_SECRET_KEYS is not set: made the key') });
    expect(readFileSync(join(dir, 'kairos.db')).includes(PASSWORD)).toBe(false);

    forgetSecretKeys();
    const second = capture();
    const again = await start(second.log, false);
    await again.close();
    expect(second.lines.map((l) => JSON.parse(l)).find((l) => l.keyFile === keyFile)).toMatchObject({ level: 30, msg: expect.stringContaining('sealed with the key in') });
    expect(second.lines.join('')).not.toContain('does not open');
    expect([...first.lines, ...second.lines].join('')).not.toContain(PASSWORD);
  });

  it('keeps serving when the key file was lost, and names each secret it cannot open', async () => {
    writeFileSync(join(dir, 'secret.key'), `${Buffer.alloc(32, 3).toString('base64')}\n`);
    forgetSecretKeys();
    const { lines, log } = capture();
    const server = await start(log, false);
    try {
      expect((await fetch(`${server.url}/api/v1/pages/sales`)).status).toBe(200);
      const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 50);
      expect(errors).toEqual([
        expect.objectContaining({ problem: expect.stringMatching(/^member "ana", calendar at https:\/\/dav\.example\.com: password sealed with key [0-9a-f]{8}, which this server does not hold/) }),
        expect.objectContaining({ problem: expect.stringMatching(/^the server secret \(settings "server_secret"\) sealed with key [0-9a-f]{8}/), msg: expect.stringContaining('personal links made before no longer open') }),
      ]);
      expect(lines.join('')).not.toContain(PASSWORD);
    } finally {
      await server.close();
    }
  });
});
