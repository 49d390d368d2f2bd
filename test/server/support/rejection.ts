/**
 * What every fuzzed request must get back: a legitimate 2xx, or a 4xx in the API's error
 * shape with no stack trace; and a rejected request leaves the database exactly as it was.
 */
import { expect } from 'vitest';
import type { Store } from '../../../server/store/connect.js';

const tables = ['settings', 'members', 'event_types', 'pools', 'pages', 'webhooks', 'bookings', 'booking_members', 'pool_assignments', 'activity', 'outbox', 'outbox_attempts', 'manage_tokens', 'holds'] as const;

/** Row counts of every table, plus each booking's status and sequence (a rejected change must not move them). */
export async function fingerprint(store: Store): Promise<string> {
  const counts = await Promise.all(tables.map(async (t) => (await store.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
  const bookings = await store.db.selectFrom('bookings').select(['id', 'status', 'sequence', 'start_at']).orderBy('id').execute();
  const config = await Promise.all(
    (['members', 'event_types', 'pools', 'pages', 'webhooks'] as const).map((t) => store.db.selectFrom(t).select(['id', 'data']).orderBy('id').execute()),
  );
  return JSON.stringify({ counts: counts.map(Number), bookings, config });
}

export interface Sent {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  authorization?: string;
  /** A browser's Origin header: the public routes then look the page up before anything is validated. */
  origin?: string;
}

interface Requestable {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

/** Sends `sent` to `app`; the answer must fit the error shape (docs/http-api.md), and a rejection must leave the database untouched. */
export async function sendAndCheck(app: Requestable, store: Store, sent: Sent): Promise<number> {
  const before = await fingerprint(store);
  const headers: Record<string, string> = {};
  if (sent.body !== undefined) headers['content-type'] = sent.contentType ?? 'application/json';
  if (sent.authorization !== undefined) headers.authorization = sent.authorization;
  if (sent.origin !== undefined) headers.origin = sent.origin;
  const response = await app.request(sent.path, { method: sent.method, headers, ...(sent.body === undefined ? {} : { body: sent.body }) });
  const status = await expectContractResponse(response, sent);
  if (status >= 400) expect(await fingerprint(store), `${sent.method} ${sent.path.slice(0, 200)} wrote to the database`).toBe(before);
  return status;
}

/** Checks one response against the error shape; returns its status. */
export async function expectContractResponse(response: Response, sent: Sent): Promise<number> {
  const text = await response.text();
  const what = `${sent.method} ${sent.path.slice(0, 200)} ${sent.body?.slice(0, 200) ?? ''} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, what).toBeLessThan(500);
  expect(text, what).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules|\/work\//);
  // A client resolves `..` segments before sending: `/api/../x` is no longer an `/api/` path.
  const underApi = new URL(sent.path, 'http://kairos.test').pathname.startsWith('/api/');
  if (response.status >= 400 && underApi) {
    expect(response.status, what).toBeOneOf([400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429]);
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
  }
  return response.status;
}
