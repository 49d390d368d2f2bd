/**
 * Two real server processes on one PostgreSQL schema, hammered with concurrent requests for the
 * same slot: the store's per-member row locks must let exactly as many through as there is room.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../server/store/connect.js';
import { countDoubleBookings } from '../../../harness/double-bookings.js';
import { createPostgresSchema, postgresUnavailable, type PostgresSchema } from '../../../harness/postgres-schema.js';
import { startServerProcess, type ServerProcess } from '../../../harness/server-process.js';
import { bookingBody, dayStart, raceConfig } from '../../../harness/team-config.js';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`skipping the multi-process suite: ${unavailable}`);

const HOUR = 3_600_000;
const REQUESTS = 200;

describe.skipIf(unavailable !== undefined)('two server processes on one PostgreSQL', () => {
  let pgSchema: PostgresSchema;
  let servers: ServerProcess[] = [];
  let store: Store;
  let dir: string;

  beforeAll(async () => {
    pgSchema = await createPostgresSchema('kairos_multiprocess');
    dir = mkdtempSync(join(tmpdir(), 'kairos-multiprocess-'));
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(raceConfig()));
    const options = { databaseUrl: pgSchema.url, schema: pgSchema.schema, configFile, rateLimit: 0, adminKey: 'test-admin-key' };
    // The first start migrates; the second then finds the schema ready, as a rolling deploy would.
    servers.push(await startServerProcess(options));
    servers.push(await startServerProcess(options));
    store = await openStore(pgSchema.url, { schema: pgSchema.schema, poolSize: 2 });
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await store?.close();
    await pgSchema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `REQUESTS` booking requests at once, alternating between the two servers; their statuses and error codes. */
  async function race(event: string, start: number) {
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const response = await fetch(`${servers[i % 2]!.url}/api/v1/pages/race/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(bookingBody(event, start, `racer${i}`)),
        });
        const body = (await response.json()) as { error?: { code: string } };
        return { status: response.status, code: body.error?.code };
      }),
    );
    const created = responses.filter((r) => r.status === 201).length;
    const refused = responses.filter((r) => r.status === 409 && r.code === 'slot_unavailable').length;
    return { created, refused, other: responses.filter((r) => r.status !== 201 && !(r.status === 409 && r.code === 'slot_unavailable')) };
  }

  async function heldBookings(event: string, start: number) {
    const rows = await store.db
      .selectFrom('bookings')
      .select('id')
      .where('event_type', '=', event)
      .where('start_at', '=', new Date(start).toISOString())
      .where('status', 'in', ['pending', 'confirmed'])
      .execute();
    return rows.length;
  }

  it('gives a one-seat slot to exactly one of 200 simultaneous requests', async () => {
    const start = dayStart(Date.now(), 3) + 10 * HOUR;
    expect(await race('solo', start)).toEqual({ created: 1, refused: REQUESTS - 1, other: [] });
    expect(await heldBookings('solo', start)).toBe(1);
  });

  it('fills a five-seat session with exactly five of 200 simultaneous requests', async () => {
    const start = dayStart(Date.now(), 3) + 11 * HOUR;
    expect(await race('group', start)).toEqual({ created: 5, refused: REQUESTS - 5, other: [] });
    expect(await heldBookings('group', start)).toBe(5);
  });

  it('gives a pooled slot to each of the three pool members once, and to nobody else', async () => {
    const start = dayStart(Date.now(), 3) + 12 * HOUR;
    expect(await race('trio', start)).toEqual({ created: 3, refused: REQUESTS - 3, other: [] });
    const members = await store.db
      .selectFrom('booking_members as bm')
      .innerJoin('bookings as b', 'b.id', 'bm.booking_id')
      .select('bm.member_id')
      .where('b.event_type', '=', 'trio')
      .execute();
    expect(members.map((m) => m.member_id).sort()).toEqual(['t001', 't002', 't003']);
  });

  it('leaves no member with two overlapping held bookings in the database', async () => {
    const rows = await store.db.selectFrom('bookings').select('id').execute();
    expect(rows.length).toBe(1 + 5 + 3);
    expect(await countDoubleBookings(store.db, { group: 5 })).toBe(0);
  });
});
