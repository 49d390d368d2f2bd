/**
 * Outbox claims across real server processes. A process killed with SIGKILL while its worker
 * holds claimed rows (its SMTP server never answers) leaves them claimed; the process started
 * after it takes them back within seconds, not after the 5-minute lease. And two live processes
 * on one PostgreSQL never take each other's claims, however long a delivery takes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRACE_MS } from '../../../server/notify/outbox-workers.js';
import { openStore, type Store } from '../../../server/store/connect.js';
import { createPostgresSchema, postgresUnavailable, type PostgresSchema } from '../../../harness/postgres-schema.js';
import { startHoldingSmtp, type HoldingSmtp } from '../support/holding-smtp.js';
import { startServerProcess, type ServerProcess } from '../../../harness/server-process.js';
import { bookingBody, dayStart, raceConfig } from '../../../harness/team-config.js';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`outbox restart suite: PostgreSQL cases skipped: ${unavailable}`);

const SLOT = 15 * 60_000;
/** Well under the 5-minute lease the rows would otherwise wait out. */
const RESTART_BUDGET_MS = GRACE_MS + 15_000;

let dir: string;
let configFile: string;
const running: ServerProcess[] = [];
const schemas: PostgresSchema[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kairos-outbox-restart-'));
  configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(raceConfig()));
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
  for (const schema of schemas) await schema.drop();
  rmSync(dir, { recursive: true, force: true });
});

type Database = { databaseUrl: string; schema?: string };

const databases: [string, () => Promise<Database>][] = [
  ['SQLite', async () => ({ databaseUrl: `sqlite:${join(mkdtempSync(join(dir, 'db-')), 'kairos.db')}` })],
  ...(unavailable
    ? []
    : [
        [
          'PostgreSQL',
          async () => {
            const schema = await createPostgresSchema('kairos_outbox_restart');
            schemas.push(schema);
            return { databaseUrl: schema.url, schema: schema.schema };
          },
        ] as [string, () => Promise<Database>],
      ]),
];

async function start(database: Database, smtp: HoldingSmtp) {
  const server = await startServerProcess({ ...database, configFile, rateLimit: 0, adminKey: 'test-admin-key', worker: true, smtpUrl: smtp.url });
  running.push(server);
  return server;
}

let nextSlot = 0;
const firstSlot = dayStart(Date.now(), 2);

/** Books one `solo` slot through `server`: two outbox rows, the customer's email and the member's. */
async function book(server: ServerProcess) {
  const start = firstSlot + nextSlot++ * SLOT;
  const response = await fetch(`${server.url}/api/v1/pages/race/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bookingBody('solo', start, `guest${nextSlot}`)),
  });
  expect(response.status).toBe(201);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const outbox = (store: Store) => store.db.selectFrom('outbox').selectAll().orderBy('id').execute();

describe.each(databases)('outbox claims of a process killed with SIGKILL, on %s', (_name, database) => {
  it('are taken back by the next process within seconds, and every email goes out', async () => {
    const smtp = await startHoldingSmtp();
    const db = await database();
    const first = await start(db, smtp);
    const store = await openStore(db.databaseUrl, db.schema ? { schema: db.schema, poolSize: 2 } : {});
    try {
      for (let i = 0; i < 3; i++) await book(first);
      // The worker has claimed all six rows and is stuck delivering them.
      await until('six rows claimed, one delivery in flight', async () => {
        const rows = await outbox(store);
        return rows.length === 6 && rows.every((r) => r.status === 'pending' && r.locked_until !== null) && smtp.received.length > 0 ? rows : undefined;
      }, 30_000);

      expect(await first.stop('SIGKILL')).toBe('SIGKILL');
      smtp.release();
      const restarted = Date.now();
      await start(db, smtp);
      const sent = await until('every row sent by the restarted process', async () => {
        const rows = await outbox(store);
        return rows.every((r) => r.status === 'sent') ? rows : undefined;
      }, RESTART_BUDGET_MS);
      const elapsed = Date.now() - restarted;
      console.info(`${_name}: the killed process's six claimed emails sent ${elapsed} ms after the restart began`);
      expect(elapsed).toBeLessThan(RESTART_BUDGET_MS);
      expect(new Set(smtp.accepted)).toEqual(new Set(sent.map((r) => r.id)));
    } finally {
      await store.close();
      await smtp.close();
    }
  }, 90_000);
});

describe.skipIf(unavailable !== undefined)('two live processes on one PostgreSQL', () => {
  it('never take each other’s claims, however long a delivery takes, and send each email once', async () => {
    const smtp = await startHoldingSmtp();
    const db = await databases[1]![1]();
    const servers = [await start(db, smtp), await start(db, smtp)];
    const store = await openStore(db.databaseUrl, { schema: db.schema!, poolSize: 2 });
    try {
      // One booking at a time until both workers hold claims: the first to claim is stuck on its
      // delivery, so later rows go to the other.
      const owners = await until(
        'claims held by both processes',
        async () => {
          await book(servers[nextSlot % 2]!);
          await until('the new rows claimed', async () => ((await outbox(store)).every((r) => r.claimed_by !== null) ? true : undefined), 10_000);
          const rows = await outbox(store);
          return new Set(rows.map((r) => r.claimed_by)).size === 2 ? rows : undefined;
        },
        60_000,
      );
      const claims = Object.fromEntries(owners.map((r) => [r.id, r.claimed_by]));

      // Twice the grace, both processes alive and beating, their deliveries still held.
      const watchUntil = Date.now() + 2 * GRACE_MS;
      while (Date.now() < watchUntil) {
        const rows = await outbox(store);
        expect(Object.fromEntries(rows.map((r) => [r.id, r.claimed_by]))).toEqual(claims);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(new Set(smtp.received).size).toBe(smtp.received.length);

      smtp.release();
      const sent = await until('every row sent', async () => {
        const rows = await outbox(store);
        return rows.every((r) => r.status === 'sent') ? rows : undefined;
      }, 30_000);
      expect(smtp.accepted.slice().sort()).toEqual(sent.map((r) => r.id).sort());
      expect(new Set(smtp.received).size).toBe(smtp.received.length);
    } finally {
      await store.close();
      await Promise.all(servers.map((s) => s.stop('SIGTERM')));
      await smtp.close();
    }
  }, 120_000);
});
