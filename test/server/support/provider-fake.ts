/**
 * A conferencing provider's API played by a local HTTP server (node:http): each route answers
 * from a queue the test sets (the last answer repeats), and every request is kept, body and
 * headers, for the test to check against the provider's documented requests.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { ConferencingError } from '../../../server/integrations/conferencing/provider.js';

export interface FakeRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeAnswer {
  status: number;
  /** JSON-encoded unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Waits this long before answering (a slow provider). */
  delayMs?: number;
}

interface Route {
  method: string;
  path: RegExp;
  answers: FakeAnswer[];
}

export class ProviderFake {
  readonly requests: FakeRequest[] = [];
  private routes: Route[] = [];
  private server: Server | undefined;
  url = '';

  /** Answers `method` requests whose path (without query) matches `path` with `answers`, in turn; replaces an earlier route of the same kind. */
  on(method: string, path: RegExp, ...answers: FakeAnswer[]): this {
    this.routes = this.routes.filter((r) => !(r.method === method && r.path.source === path.source));
    this.routes.push({ method, path, answers });
    return this;
  }

  /** The requests to `method` and a path matching `path`. */
  sent(method: string, path: RegExp): FakeRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.url.split('?')[0]!));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(request);
        const route = this.routes.find((r) => r.method === request.method && r.path.test(request.url.split('?')[0]!));
        const answer = route ? (route.answers.length > 1 ? route.answers.shift()! : route.answers[0]!) : { status: 404, body: { error: 'no such route in the fake' } };
        const send = () => {
          if (res.destroyed) return;
          const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(body);
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** The provider error `promise` rejects with; fails the test if it resolves, or rejects with anything else. */
export async function providerFailure(promise: Promise<unknown>): Promise<ConferencingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConferencingError);
  return error as ConferencingError;
}
