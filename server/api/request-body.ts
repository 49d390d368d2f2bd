/**
 * Reads a request's body once, refusing it past `limit` bytes (413 through `tooLarge`), and
 * leaves it where `c.req.json()` and the validators look first (`c.req.bodyCache`).
 *
 * Served by @hono/node-server, the body is read straight from Node's `IncomingMessage`. Read the
 * other way, through the Web `Request` the adapter builds on demand, a small JSON body passes
 * through a Web stream made from the Node one, and that costs more per booking than the booking's
 * own SQL. Anywhere else (`app.request()` in tests, other runtimes) Hono's `bodyLimit` does the
 * same job on the Web stream.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { Refusal } from '../booking/refusal.js';

class TooLarge extends Error {}

/** `requestBody` answering a body past `limit` with `413 payload_too_large`. */
export function limitedBody(limit: number): MiddlewareHandler {
  return requestBody(limit, () => {
    throw new Refusal('payload_too_large', `request bodies are limited to ${limit} bytes`);
  });
}

export function requestBody(limit: number, tooLarge: () => never): MiddlewareHandler {
  const elsewhere = bodyLimit({ maxSize: limit, onError: tooLarge });
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!(incoming instanceof Readable)) return elsewhere(c, next);
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = incoming.headers['content-length'];
    if (declared !== undefined && incoming.headers['transfer-encoding'] === undefined && Number(declared) > limit) tooLarge();
    try {
      // Hono keeps the promise of each body reading there, whatever the type says.
      (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(await readUpTo(incoming, limit));
    } catch (error) {
      if (error instanceof TooLarge) tooLarge();
      throw error;
    }
    return next();
  };
}

/** A body the client stopped sending: it is gone, so the answer is only for the log. */
const cutOff = () => new HTTPException(400, { message: 'the request body was cut off' });

/** The body as text (UTF-8, a leading byte-order mark dropped, as `Request.text()` does). */
function readUpTo(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // Dropped before anyone listened (while CORS looked up the page, say): no event will come.
    if (incoming.destroyed) return reject(cutOff());
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', data).off('end', end).off('error', failed).off('close', closed);
    };
    const data = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // The rest is left unread: Node discards it once the 413 is answered.
      done();
      reject(new TooLarge());
    };
    const end = () => {
      done();
      const text = Buffer.concat(chunks, size).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    };
    const failed = () => {
      done();
      reject(cutOff());
    };
    const closed = () => {
      if (!incoming.readableEnded) failed();
    };
    incoming.on('data', data).on('end', end).on('error', failed).on('close', closed);
  });
}
