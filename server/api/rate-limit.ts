/**
 * Booking requests (creating, cancelling, rescheduling) per client IP: at most `perMinute` in each
 * one-minute window, then `429 rate_limited` with `Retry-After`. In memory, per process: it stops
 * a script hammering one server, which is its job; it is not a quota.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { requestWindows } from './request-windows.js';

const WINDOW = 60_000;

/**
 * The client's address. Behind `trustedProxies` reverse proxies it is the one the farthest of them
 * saw: each proxy appends the address it received from to `X-Forwarded-For`, so entries further
 * left came from the client and prove nothing.
 */
export function clientIp(c: Context, trustedProxies = 0): string {
  if (trustedProxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    const client = hops[hops.length - trustedProxies];
    if (client) return client;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // `app.request()` in tests has no socket.
    return 'unknown';
  }
}

export function rateLimit(perMinute: number, now: () => number, trustedProxies = 0): MiddlewareHandler {
  const count = requestWindows(WINDOW);
  return async (c, next) => {
    if (perMinute <= 0 || c.req.method !== 'POST') return next();
    count(clientIp(c, trustedProxies), perMinute, now(), 'too many booking requests; try again in a minute');
    return next();
  };
}
