/**
 * `npm run bench -- console`: the team console's reads on a team with history. 100,000 bookings
 * over two years around now, with their activity and outbox rows (`console-data.ts`), seeded
 * into a fresh SQLite file and a fresh PostgreSQL schema; then the server as `npm start` runs it
 * serves each in turn, and every query of `console-queries.ts` is timed over HTTP from this
 * process, one request at a time (after a warm-up): p50 and p95. The floor is the same server
 * answering an admin request that reads next to nothing (`GET /admin/filters`).
 *
 * Target: p50 ≤ 30 ms and p95 ≤ 100 ms for every query, on both stores.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createPostgresSchema, postgresUnavailable } from '../harness/postgres-schema.js';
import { startBuiltServer } from '../harness/server-process.js';
import { consoleConfig } from './console-config.js';
import { consoleQueries, type Query } from './console-queries.js';
import { seedConsole, type Seeded, type Target } from './console-seed.js';

const BOOKINGS = 100_000;
/** Whose key asks for the member-scoped view: a member of a regional sales pool. */
const MEMBER = 'zoe';
const ADMIN_KEY = 'bench-admin-key';
const WARM_UP = 10;
const REQUESTS = 200;
/** A query slower than this stops early (after `MIN_REQUESTS`), so a slow one cannot hold up the run. */
const QUERY_BUDGET_MS = 20_000;
const MIN_REQUESTS = 20;
export const TARGET = { p50Ms: 30, p95Ms: 100 };

export interface Timing {
  p50Ms: number;
  p95Ms: number;
  requests: number;
  /** Entries (or, for the detail, activity entries) in the last answer. */
  found: number;
}

const round = (value: number) => Math.round(value * 10) / 10;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function get(url: string, key: string): Promise<{ items?: unknown[]; activity?: unknown[]; nextCursor?: string | null }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as never;
}

async function time(base: string, query: Query, keys: Record<Query['as'], string>): Promise<Timing> {
  const key = keys[query.as];
  for (let i = 0; i < WARM_UP; i++) await get(base + query.path(i), key);
  const times: number[] = [];
  let found = 0;
  const started = performance.now();
  for (let i = 0; i < REQUESTS && (i < MIN_REQUESTS || performance.now() - started < QUERY_BUDGET_MS); i++) {
    const t0 = performance.now();
    const body = await get(base + query.path(i), key);
    times.push(performance.now() - t0);
    found = (body.items ?? body.activity ?? []).length;
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), requests: times.length, found };
}

/** Serves the seeded database at `databaseUrl` with the server `npm start` runs, and times every query on it. */
export async function measure(dir: string, name: string, databaseUrl: string, seeded: Seeded, now: number) {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  const server = await startBuiltServer(
    { KAIROS_DATABASE_URL: databaseUrl, KAIROS_CONFIG: join(dir, 'config.json'), KAIROS_ADMIN_KEY: ADMIN_KEY, KAIROS_RATE_LIMIT: '0' },
    cwd,
  );
  try {
    const keys = { admin: ADMIN_KEY, member: seeded.memberKey };
    const first = await get(`${server.url}/api/v1/admin/activity`, ADMIN_KEY);
    const floor = await time(server.url, { name: 'floor', as: 'admin', path: () => '/api/v1/admin/filters' }, keys);
    const queries: Record<string, Timing> = {};
    for (const query of consoleQueries(seeded.facts, now, first.nextCursor!)) {
      queries[query.name] = await time(server.url, query, keys);
      const t = queries[query.name]!;
      console.log(`  ${name} ${query.name.padEnd(28)} p50 ${String(t.p50Ms).padStart(7)} ms  p95 ${String(t.p95Ms).padStart(7)} ms  (${t.requests} requests, ${t.found} found)`);
    }
    return { floor: { p50Ms: floor.p50Ms, p95Ms: floor.p95Ms }, queries };
  } finally {
    await server.stop();
  }
}

type Measured = Awaited<ReturnType<typeof measure>>;

function table(results: Record<string, Measured>): void {
  const stores = Object.keys(results);
  const names = Object.keys(results[stores[0]!]!.queries);
  const cell = (t: { p50Ms: number; p95Ms: number }) => `${t.p50Ms} / ${t.p95Ms}`.padStart(16);
  const misses = (t: { p50Ms: number; p95Ms: number }) => (t.p50Ms > TARGET.p50Ms || t.p95Ms > TARGET.p95Ms ? ' ✗' : '  ');
  console.log(`\n${'p50 / p95 ms'.padEnd(30)}${stores.map((s) => s.padStart(18)).join('')}`);
  console.log(`${'floor (GET /admin/filters)'.padEnd(30)}${stores.map((s) => cell(results[s]!.floor) + '  ').join('')}`);
  for (const name of names) console.log(`${name.padEnd(30)}${stores.map((s) => cell(results[s]!.queries[name]!) + misses(results[s]!.queries[name]!)).join('')}`);
  console.log(`target: p50 ≤ ${TARGET.p50Ms} ms, p95 ≤ ${TARGET.p95Ms} ms (✗: missed)`);
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-bench-console-'));
  const unavailable = await postgresUnavailable();
  if (unavailable) console.log(`postgres skipped: ${unavailable}`);
  const pg = unavailable ? undefined : await createPostgresSchema('kairos_console');
  try {
    writeFileSync(join(dir, 'config.json'), JSON.stringify(consoleConfig()));
    const now = Date.now();
    const targets: Target[] = [{ sqlite: join(dir, 'kairos.db') }, ...(pg ? [{ postgres: pg.url, schema: pg.schema }] : [])];
    console.log(`seeding ${BOOKINGS.toLocaleString('en')} bookings into ${targets.length} stores…`);
    const seeded = await seedConsole(targets, { count: BOOKINGS, now, member: MEMBER });
    console.log(`seeded in ${seeded[0]!.seedSeconds} s:`, seeded[0]!.counts);
    const results: Record<string, Measured> = { sqlite: await measure(dir, 'sqlite', `sqlite:${join(dir, 'kairos.db')}`, seeded[0]!, now) };
    if (pg) {
      // The schema is the connection's search_path, as an operator would set it in the URL.
      results.postgres = await measure(dir, 'postgres', `${pg.url}?options=${encodeURIComponent(`-c search_path=${pg.schema}`)}`, seeded[1]!, now);
    }
    table(results);
    return {
      machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      rows: seeded[0]!.counts,
      seedSeconds: seeded[0]!.seedSeconds,
      target: TARGET,
      ...results,
      ...(unavailable ? { postgres: { skipped: unavailable } } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pg?.drop();
  }
}
