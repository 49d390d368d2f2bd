/**
 * The floor under the server benchmark: what this machine gives before any of Kairos runs. Run as
 * its own process by `bench/floor.ts`, with the mode as its argument, listening on an ephemeral
 * port that it prints:
 *
 * - `http`: node:http reads a JSON body and answers it back.
 * - `hono`: the same through Hono on @hono/node-server, the body read with `c.req.json()`.
 * - `sqlite`: node:http, then a booking's writes as raw better-sqlite3 statements (the held
 *   bookings of ten members read by time, each member's latest assignment, the booking, its
 *   member, its pool assignment, its activity and two outbox rows), writes queued together in
 *   one transaction as the server does: no validation, no engine, no kysely, no rendering.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';

type Body = { start: string; name: string; email: string };
const mode = process.argv[2];
const listening = (port: number) => console.log(`listening ${port}`);

function readJson(request: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as Body));
  });
}

function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function sqliteBooker() {
  const db = new SQLite(join(mkdtempSync(join(tmpdir(), 'kairos-floor-')), 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    create table bookings (id text primary key, start_at text, end_at text, status text, name text, email text, answers text, location text, token_hash text, created_at text);
    create index bookings_start on bookings (start_at);
    create table booking_members (booking_id text, member_id text, primary key (booking_id, member_id));
    create index booking_members_member on booking_members (member_id);
    create table pool_assignments (id text primary key, pool text, member_id text, booking_id text, assigned_at text, outcome text);
    create index pool_assignments_latest on pool_assignments (pool, member_id, assigned_at);
    create table activity (id text primary key, booking_id text, at text, type text, data text);
    create index activity_booking on activity (booking_id);
    create table outbox (id text primary key, booking_id text, payload text, due_at text, status text);
    create index outbox_due on outbox (status, due_at);`);
  const held = db.prepare(
    'select bm.member_id from bookings b join booking_members bm on bm.booking_id = b.id where b.start_at >= ? and b.start_at < ? and b.end_at > ?',
  );
  const latest = db.prepare('select max(assigned_at) as at from pool_assignments where pool = ? and member_id = ?');
  const insertBooking = db.prepare('insert into bookings values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertMember = db.prepare('insert into booking_members values (?, ?)');
  const insertAssignment = db.prepare('insert into pool_assignments values (?, ?, ?, ?, ?, ?)');
  const insertActivity = db.prepare('insert into activity values (?, ?, ?, ?, ?)');
  const insertOutbox = db.prepare('insert into outbox values (?, ?, ?, ?, ?)');
  const members = Array.from({ length: 10 }, (_, i) => `load${i}`);

  const book = (body: Body) => {
    const start = Date.parse(body.start);
    const [from, to] = [new Date(start).toISOString(), new Date(start + 5 * 60_000).toISOString()];
    const busy = new Set(held.all(new Date(start - 86_400_000).toISOString(), to, from).map((r) => (r as { member_id: string }).member_id));
    let chosen: string | undefined;
    let idleSince = '~';
    for (const member of members) {
      const at = (latest.get('load', member) as { at: string | null }).at ?? '';
      if (!busy.has(member) && at < idleSince) [chosen, idleSince] = [member, at];
    }
    if (!chosen) return undefined;
    const id = randomUUID();
    const now = new Date().toISOString();
    insertBooking.run(id, from, to, 'confirmed', body.name, body.email, '{}', '{"type":"phone"}', randomUUID(), now);
    insertMember.run(id, chosen);
    insertAssignment.run(randomUUID(), 'load', chosen, id, now, 'held');
    insertActivity.run(randomUUID(), id, now, 'created', JSON.stringify({ start: from, members: [chosen] }));
    const payload = JSON.stringify({ template: 'confirmed', booking: { id, start: from, end: to, name: body.name, email: body.email } });
    insertOutbox.run(randomUUID(), id, payload, now, 'pending');
    insertOutbox.run(randomUUID(), id, payload, now, 'pending');
    return { id, start: from, member: chosen };
  };

  let queue: { body: Body; response: ServerResponse }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    db.exec('begin immediate');
    const made = batch.map(({ body }) => {
      db.exec('savepoint w');
      try {
        const booking = book(body);
        db.exec('release w');
        return booking;
      } catch {
        db.exec('rollback to w');
        db.exec('release w');
        return undefined;
      }
    });
    db.exec('commit');
    batch.forEach(({ response }, i) => answer(response, made[i] ? 201 : 409, made[i] ?? { error: { code: 'slot_unavailable' } }));
  };
  return (body: Body, response: ServerResponse) => {
    queue.push({ body, response });
    if (queue.length === 1) setImmediate(flush);
  };
}

if (mode === 'hono') {
  const app = new Hono();
  app.post('/book', async (c) => c.json({ id: 'floor', ...(await c.req.json()) }, 201));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => listening((server.address() as AddressInfo).port));
} else {
  const book = mode === 'sqlite' ? sqliteBooker() : (body: Body, response: ServerResponse) => answer(response, 201, { id: 'floor', ...body });
  const server = createServer((request, response) => void readJson(request).then((body) => book(body, response)));
  server.listen(0, '127.0.0.1', () => listening((server.address() as AddressInfo).port));
}
