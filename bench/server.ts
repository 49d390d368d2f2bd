/**
 * `npm run bench -- server`: the server as `npm start` runs it (the bundle `build/server.js`, built
 * the same way, under the start script's node command line, configured through the environment),
 * in its own process (its own event loop, its own RSS), driven over HTTP on loopback by
 * autocannon from this one.
 *
 * - Bookings: 64 connections book distinct slots for 10 s. The slots are first read through the
 *   API; each request then takes the next start of that list. The page `load` offers a 5-minute
 *   event from a pooled pool of members free around the clock, a year ahead.
 *   SQLite: one process on a file database (WAL) in a temporary directory.
 *   PostgreSQL: two processes on one fresh schema, 32 connections each at the same time, summed.
 *   Afterwards double bookings are counted straight in the database.
 * - Slots: `GET /api/v1/pages/team/slots` for a 50-member pooled page (working hours in six
 *   zones, 200 bookings held) over a 31-day month — what the widget asks for — in a sequential
 *   loop of one request at a time, on SQLite.
 *   Then again while 50 visitors hold a time each (`POST …/holds`): `slotsWithHolds…`.
 * - RSS of the server process: idle after start and warm-up; peak while booking (VmRSS sampled
 *   every 100 ms; VmHWM, the peak since start, reported beside it).
 *
 * The outbox worker runs, as under `npm start`: every booking commits two rendered emails, and
 * the worker writes them to `.eml` files on the same event loop while the load goes on
 * (`emailsWrittenDuringLoad` tells how well it keeps up). Each measurement starts with the
 * outbox drained. `serverCpuMsPerBooking` is the servers' CPU time over the load per booking.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { openStore } from '../server/store/connect.js';
import { countDoubleBookings } from '../harness/double-bookings.js';
import { createPostgresSchema, postgresUnavailable } from '../harness/postgres-schema.js';
import { startBuiltServer, type ServerProcess } from '../harness/server-process.js';
import { bookingBody } from '../harness/team-config.js';
import { benchConfig, LOAD_HORIZON_DAYS, TEAM_SIZE } from './server-config.js';
import { cpuMs, emailsWritten, memory, outboxDrained } from './server-watch.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CONNECTIONS = 64;
const DURATION_S = 10;
const TEAM_BOOKINGS = 200;
const TEAM_HOLDS = 50;
const SLOTS_DAYS = 31;
const SLOTS_WARM_UP = 20;
const SLOTS_REQUESTS = 200;
const BOOKINGS_PATH = '/api/v1/pages/load/bookings';

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function book(base: string, page: string, event: string, start: string, who: string): Promise<number> {
  const response = await fetch(`${base}/api/v1/pages/${page}/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bookingBody(event, Date.parse(start), who)),
  });
  await response.arrayBuffer();
  return response.status;
}

type SlotsBody = { slots: { start: string }[] };

/**
 * Every free start of `event` on `page` from an hour ahead to `days` ahead, read 62 days per call
 * as a client must. (The event takes bookings right up to their start: a start closer than that
 * could pass during the load, and its booking be refused for starting in the past.)
 */
async function freeStarts(base: string, page: string, event: string, days: number): Promise<string[]> {
  const starts: string[] = [];
  const today = Date.now();
  for (let offset = 0; offset < days; offset += 62) {
    const from = day(today + offset * DAY);
    const to = day(today + Math.min(days - 1, offset + 61) * DAY);
    const body = await getJson<SlotsBody>(`${base}/api/v1/pages/${page}/slots?event=${event}&from=${from}&to=${to}&timezone=UTC`);
    starts.push(...body.slots.map((s) => s.start));
  }
  return starts.filter((start) => Date.parse(start) > today + HOUR);
}

/** Page, slot and booking requests through every route of the booking flow, so the server's code paths are compiled. */
async function warmUp(base: string, starts: () => string): Promise<void> {
  const from = day(Date.now() + DAY);
  for (let i = 0; i < 20; i++) {
    await getJson(`${base}/api/v1/pages/team`);
    await getJson(`${base}/api/v1/pages/load/slots?event=quick&from=${from}&to=${from}&timezone=UTC`);
    const status = await book(base, 'load', 'quick', starts(), `warm${i}`);
    if (status !== 201) throw new Error(`warm-up booking answered ${status}`);
  }
}

/** Times `requests` reads of `url`, one at a time, after a warm-up; how many slots the last answered. */
async function timeSlots(url: string, requests: number): Promise<{ p50Ms: number; p99Ms: number; slots: number }> {
  let slots = 0;
  for (let i = 0; i < SLOTS_WARM_UP; i++) slots = (await getJson<SlotsBody>(url)).slots.length;
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    await getJson<SlotsBody>(url);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 2), slots };
}

/**
 * Books `TEAM_BOOKINGS` demos on the team page, then times the month's slots, one request at a
 * time: first with no visitor holding a time (the holds' index range is empty), then while
 * `TEAM_HOLDS` visitors hold one each (held times leave the answer as booked ones do).
 */
async function slotLatency(base: string, outboxDir: string) {
  const from = day(Date.now() + DAY);
  const to = day(Date.now() + SLOTS_DAYS * DAY);
  const url = `${base}/api/v1/pages/team/slots?event=demo&from=${from}&to=${to}&timezone=Europe/Paris`;
  const offered = (await getJson<SlotsBody>(url)).slots;
  for (let i = 0; i < TEAM_BOOKINGS; i++) {
    const status = await book(base, 'team', 'demo', offered[(i * 7) % offered.length].start, `team${i}`);
    if (status !== 201) throw new Error(`team booking ${i} answered ${status}`);
  }
  await outboxDrained(outboxDir);
  const free = await timeSlots(url, SLOTS_REQUESTS);
  // Holds last the event's `holdMinutes` (5 by default): the timing below takes seconds.
  const stillOffered = (await getJson<SlotsBody>(url)).slots;
  for (let i = 0; i < TEAM_HOLDS; i++) {
    const response = await fetch(`${base}/api/v1/pages/team/holds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'demo', start: stillOffered[(i * 11) % stillOffered.length].start }),
    });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`hold ${i} answered ${response.status}`);
  }
  const held = await timeSlots(url, SLOTS_REQUESTS);
  return { ...free, requests: SLOTS_REQUESTS, held };
}

interface LoadFigures {
  bookingsPerSec: number;
  booked: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** Connection errors, timeouts (autocannon's 10 s) included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  rssLoadMb: number;
  rssPeakMb: number;
  /** Server CPU per successful booking, all server processes together (the database's own CPU not included). */
  serverCpuMsPerBooking: number;
  /** Emails the outbox worker wrote while the load ran; each booking queued two. */
  emailsWrittenDuringLoad: number;
}

/**
 * Booking load from this process on `servers`, the connections split evenly between them; all
 * draw from one cursor over `starts`, so no two requests ask for the same slot.
 */
async function bookingLoad(servers: ServerProcess[], starts: string[], outboxDir: string): Promise<LoadFigures> {
  await outboxDrained(outboxDir);
  const emailsBefore = emailsWritten(outboxDir);
  let next = 0;
  const take = () => {
    if (next >= starts.length) throw new Error(`ran out of free slots after ${next} requests`);
    return starts[next++];
  };
  let rssLoadMb = 0;
  const sample = () => {
    for (const server of servers) rssLoadMb = Math.max(rssLoadMb, memory(server.child.pid!).rssMb);
  };
  const sampler = setInterval(sample, 100);
  const cpuBefore = servers.reduce((sum, s) => sum + cpuMs(s.child.pid!), 0);
  let results: Result[];
  try {
    results = await Promise.all(
      servers.map((server, i) =>
        autocannon({
          url: server.url,
          connections: CONNECTIONS / servers.length,
          duration: DURATION_S,
          requests: [
            {
              method: 'POST',
              path: BOOKINGS_PATH,
              headers: { 'content-type': 'application/json' },
              setupRequest: (request) => ({ ...request, body: JSON.stringify(bookingBody('quick', Date.parse(take()), `load${i}-${next}`)) }),
            },
          ],
        }),
      ),
    );
  } finally {
    clearInterval(sampler);
  }
  sample();
  const cpuUsed = servers.reduce((sum, s) => sum + cpuMs(s.child.pid!), 0) - cpuBefore;
  const emailsWrittenDuringLoad = emailsWritten(outboxDir) - emailsBefore;
  const booked = results.reduce((sum, r) => sum + (r.statusCodeStats['201']?.count ?? 0), 0);
  const statusCodes: Record<string, number> = {};
  for (const result of results) {
    for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  const duration = Math.max(...results.map((r) => r.duration));
  return {
    bookingsPerSec: Math.round(booked / duration),
    booked,
    // With two instances the slower one's percentiles are reported: an upper bound for both.
    latencyP50Ms: Math.max(...results.map((r) => r.latency.p50)),
    latencyP99Ms: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    statusCodes,
    rssLoadMb: round(rssLoadMb),
    rssPeakMb: round(Math.max(...servers.map((s) => memory(s.child.pid!).hwmMb))),
    serverCpuMsPerBooking: round(cpuUsed / Math.max(1, booked), 2),
    emailsWrittenDuringLoad,
  };
}

/** Bookings held in the database, and how many of them overlap another of the same member. */
async function audit(databaseUrl: string, schema?: string): Promise<{ stored: number; doubleBookings: number }> {
  const store = await openStore(databaseUrl, schema ? { schema, poolSize: 1 } : {});
  try {
    const { count } = await store.db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', 'in', ['pending', 'confirmed'])
      .executeTakeFirstOrThrow();
    return { stored: Number(count), doubleBookings: await countDoubleBookings(store.db) };
  } finally {
    await store.close();
  }
}

/** The environment `npm start` reads (README, Configuration); the outbox worker runs, as it does there. */
function serverSettings(dir: string, databaseUrl: string) {
  return { KAIROS_DATABASE_URL: databaseUrl, KAIROS_CONFIG: join(dir, 'config.json'), KAIROS_ADMIN_KEY: 'bench-admin-key', KAIROS_RATE_LIMIT: '0' };
}

/** A working directory for the server processes of one run: emails go to its `./data/outbox`. */
function workDir(dir: string, name: string): { cwd: string; outboxDir: string } {
  const cwd = join(dir, name);
  mkdirSync(cwd);
  return { cwd, outboxDir: join(cwd, 'data', 'outbox') };
}

async function sqliteRun(dir: string) {
  const databaseUrl = `sqlite:${join(dir, 'kairos.db')}`;
  const { cwd, outboxDir } = workDir(dir, 'sqlite');
  const server = await startBuiltServer(serverSettings(dir, databaseUrl), cwd);
  try {
    const pid = server.child.pid!;
    const warmStarts = await freeStarts(server.url, 'load', 'quick', 2);
    await warmUp(server.url, () => warmStarts.shift()!);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rssIdleMb = round(memory(pid).rssMb);
    const slots = await slotLatency(server.url, outboxDir);
    const starts = await freeStarts(server.url, 'load', 'quick', LOAD_HORIZON_DAYS);
    const load = await bookingLoad([server], starts, outboxDir);
    await server.stop();
    const { stored, doubleBookings } = await audit(databaseUrl);
    return {
      bookingsPerSec: load.bookingsPerSec,
      doubleBookings,
      slotsP50Ms: slots.p50Ms,
      slotsP99Ms: slots.p99Ms,
      slotsWithHoldsP50Ms: slots.held.p50Ms,
      slotsWithHoldsP99Ms: slots.held.p99Ms,
      rssIdleMb,
      rssLoadMb: load.rssLoadMb,
      rssPeakMb: load.rssPeakMb,
      ...loadFigures(load, stored),
      slotsPerResponse: slots.slots,
      slotsRange: `${SLOTS_DAYS} days, ${TEAM_SIZE}-member pooled page, ${TEAM_BOOKINGS} held bookings, sequential loop of ${slots.requests}`,
    };
  } finally {
    await server.stop();
  }
}

/** What both databases report of a booking load. */
function loadFigures(load: Awaited<ReturnType<typeof bookingLoad>>, stored: number) {
  return {
    booked: load.booked,
    storedBookings: stored,
    bookingP50Ms: load.latencyP50Ms,
    bookingP99Ms: load.latencyP99Ms,
    non2xx: load.non2xx,
    errors: load.errors,
    timeouts: load.timeouts,
    statusCodes: load.statusCodes,
    serverCpuMsPerBooking: load.serverCpuMsPerBooking,
    emailsWrittenDuringLoad: load.emailsWrittenDuringLoad,
  };
}

async function postgresRun(dir: string) {
  const unavailable = await postgresUnavailable();
  if (unavailable) {
    console.log(`postgres2 skipped: ${unavailable}`);
    return { skipped: unavailable };
  }
  const pg = await createPostgresSchema('kairos_bench');
  const servers: ServerProcess[] = [];
  try {
    const { cwd, outboxDir } = workDir(dir, 'postgres');
    // The fresh schema is the connection's search_path, as an operator would set it in the URL.
    const settings = serverSettings(dir, `${pg.url}?options=${encodeURIComponent(`-c search_path=${pg.schema}`)}`);
    // The first start migrates and imports; the second finds the schema ready.
    servers.push(await startBuiltServer(settings, cwd));
    servers.push(await startBuiltServer(settings, cwd));
    const all = await freeStarts(servers[0].url, 'load', 'quick', LOAD_HORIZON_DAYS);
    for (const server of servers) await warmUp(server.url, () => all.shift()!);
    const load = await bookingLoad(servers, all, outboxDir);
    await Promise.all(servers.map((s) => s.stop()));
    const { stored, doubleBookings } = await audit(pg.url, pg.schema);
    return {
      bookingsPerSec: load.bookingsPerSec,
      doubleBookings,
      ...loadFigures(load, stored),
      rssLoadMb: load.rssLoadMb,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await pg.drop();
  }
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-bench-server-'));
  try {
    writeFileSync(join(dir, 'config.json'), JSON.stringify(benchConfig()));
    const sqlite = await sqliteRun(dir);
    const postgres2 = await postgresRun(dir);
    const pgRan = !('skipped' in postgres2);
    const rows: [string, string | number, string | number][] = [
      ['bookings/s (64 connections)', sqlite.bookingsPerSec, pgRan ? postgres2.bookingsPerSec : 'skipped'],
      ['bookings made', sqlite.booked, pgRan ? postgres2.booked : ''],
      ['booking p50 / p99 ms', `${sqlite.bookingP50Ms} / ${sqlite.bookingP99Ms}`, pgRan ? `${postgres2.bookingP50Ms} / ${postgres2.bookingP99Ms}` : ''],
      ['non-2xx / errors (timeouts)', `${sqlite.non2xx} / ${sqlite.errors} (${sqlite.timeouts})`, pgRan ? `${postgres2.non2xx} / ${postgres2.errors} (${postgres2.timeouts})` : ''],
      ['server CPU ms per booking', sqlite.serverCpuMsPerBooking, pgRan ? postgres2.serverCpuMsPerBooking : ''],
      ['emails written during the load', sqlite.emailsWrittenDuringLoad, pgRan ? postgres2.emailsWrittenDuringLoad : ''],
      ['double bookings', sqlite.doubleBookings, pgRan ? postgres2.doubleBookings : ''],
      [`slots p50 / p99 ms (${SLOTS_DAYS} d, ${TEAM_SIZE} members)`, `${sqlite.slotsP50Ms} / ${sqlite.slotsP99Ms}`, ''],
      ['… while 50 visitors hold a time', `${sqlite.slotsWithHoldsP50Ms} / ${sqlite.slotsWithHoldsP99Ms}`, ''],
      ['RSS idle / load / peak MiB', `${sqlite.rssIdleMb} / ${sqlite.rssLoadMb} / ${sqlite.rssPeakMb}`, pgRan ? `- / ${postgres2.rssLoadMb} / -` : ''],
    ];
    console.log(`${''.padEnd(34)} ${'sqlite (1 process)'.padStart(20)} ${'postgres (2 processes)'.padStart(24)}`);
    for (const [label, a, b] of rows) console.log(`${label.padEnd(34)} ${String(a).padStart(20)} ${String(b).padStart(24)}`);
    return { sqlite, postgres2 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
