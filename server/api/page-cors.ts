/**
 * CORS for the public routes: a page may be called from its `allowedOrigins` and from the
 * server's own origin, nothing else. A request from any other origin is refused outright
 * (`403`), not just left without headers, so a foreign site cannot even cause a booking
 * through a request it cannot read the answer of.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Refusal } from '../booking/refusal.js';

/** The origins allowed for the page a request is about; `undefined` when there is no such page. */
export type OriginsFor = (c: Context) => Promise<string[] | undefined>;

export function pageCors(publicUrl: string, originsFor: OriginsFor): MiddlewareHandler {
  const ownOrigin = new URL(publicUrl).origin;
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin) return next();
    const sameOrigin = origin === ownOrigin || origin === new URL(c.req.url).origin;
    const allowed = sameOrigin || ((await originsFor(c)) ?? []).some((o) => o === '*' || o === origin);
    if (!allowed) throw new Refusal('origin_not_allowed', `this page cannot be used from ${origin}`);
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
      c.header('Access-Control-Allow-Headers', 'Content-Type');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    return next();
  };
}
