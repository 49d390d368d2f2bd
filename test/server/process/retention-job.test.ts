/**
 * The retention job as the process runs it: once at start and then on its interval, with the
 * process's clock (pinned here), and not at all once stopped — on its own over each store, and
 * inside `startServer`, which runs it as it starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startServer, type ServerOptions } from '../../../server/main.js';
import { startRetentionJob } from '../../../server/process/retention-job.js';
import type { Store } from '../../../server/store/connect.js';
import { setRetention } from '../../../server/team/retention-setting.js';
import { createPostgresSchema } from '../../../harness/postgres-schema.js';
import { backends, disposeStores } from '../support/backends.js';
import { ADMIN_KEY, demoRequest, NOW, postJson, seed, teamConfig, testApp } from '../support/fixtures.js';

const quiet = pino({ level: 'silent' });
const dirs: string[] = [];
afterAll(async () => {
  await disposeStores();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** 60 days after `NOW`: December's bookings are due under a 30-day retention. */
const LATER = NOW + 60 * 24 * 60 * 60_000;

const erasedBy = (store: Store) =>
  store.db.selectFrom('activity').select(['actor', 'data']).where('type', '=', 'customer_erased').execute();
const emailOf = async (store: Store, id: string) => (await store.db.selectFrom('bookings').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email;

describe.each(backends.map((b) => [b.name, b] as const))('the retention job on %s', (_name, backend) => {
  it('runs at start and on every interval with the clock it is given, and never once stopped', async () => {
    const store = await backend.open();
    await seed(store);
    const { app } = testApp(store);
    const book = async (start: string) => ((await (await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start))).json()) as { id: string }).id;
    const first = await book('2026-12-01T09:00:00Z');
    await setRetention({ store, publicUrl: '', secret: '' }, { days: 30, actor: 'admin', now: NOW });

    const clock = { now: NOW };
    const job = startRetentionJob({ store, now: () => clock.now, log: quiet, intervalMs: 20 });
    try {
      // Runs at start, at NOW: nothing has been over for 30 days.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await emailOf(store, first)).toBe('zoe@example.org');
      clock.now = LATER;
      await vi.waitFor(async () => expect(await emailOf(store, first)).toBe(''), { timeout: 5000, interval: 20 });
    } finally {
      await job.stop();
    }
    expect((await erasedBy(store)).map((e) => ({ actor: e.actor, data: JSON.parse(e.data) as unknown }))).toEqual([
      { actor: 'system', data: { bookings: [first], outboxRows: expect.any(Number), activityEntries: expect.any(Number), retention: 30 } },
    ]);

    const second = await book('2026-12-02T09:00:00Z');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await emailOf(store, second)).toBe('zoe@example.org');
  });
});

describe.each(backends.map((b) => [b.name] as const))('startServer on %s', (name) => {
  it('erases what is due as it starts, by the clock it was given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kairos-retention-'));
    dirs.push(dir);
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(teamConfig()));
    const postgres = name === 'postgres' ? await createPostgresSchema('kairos_retention') : undefined;
    const database = postgres ? { databaseUrl: postgres.url, schema: postgres.schema } : { databaseUrl: `sqlite:${join(dir, 'kairos.db')}` };
    const options: ServerOptions = { port: 0, ...database, configFile, adminKey: ADMIN_KEY, worker: false, log: quiet };
    try {
      const before = await startServer({ ...options, now: () => NOW });
      let id: string;
      try {
        const booked = await fetch(`${before.url}/api/v1/pages/sales/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(demoRequest('2026-12-01T09:00:00Z')),
        });
        expect(booked.status).toBe(201);
        id = ((await booked.json()) as { id: string }).id;
        const set = await fetch(`${before.url}/api/v1/admin/settings/retention`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
          body: JSON.stringify({ days: 30 }),
        });
        expect(set.status).toBe(200);
      } finally {
        await before.close();
      }

      const after = await startServer({ ...options, now: () => LATER });
      try {
        await vi.waitFor(async () => expect(await emailOf(after.store, id)).toBe(''), { timeout: 5000, interval: 20 });
        expect((await erasedBy(after.store)).map((e) => e.actor)).toEqual(['system']);
      } finally {
        await after.close();
      }
    } finally {
      await postgres?.drop();
    }
  });
});
