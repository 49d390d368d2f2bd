/** What the API needs from the process that runs it. */
import type { Logger } from 'pino';
import type { BookingDeps } from '../booking/booking-deps.js';

export interface ApiDeps extends BookingDeps {
  /** The clock; tests pin it. Everything below `api/` takes `now` as a parameter. */
  now: () => number;
  /** SHA-256 (hex) of the admin key. */
  adminKeyHash: string;
  /** Booking requests per minute per client IP; 0 turns the limit off. */
  rateLimit: number;
  /** Reverse proxies in front of the server whose `X-Forwarded-For` entries are believed (default 0). */
  trustedProxies?: number;
  /** Largest accepted request body on public routes, in bytes. */
  bodyLimit: number;
  /** Largest accepted request body on admin routes, in bytes: a whole team's config. */
  adminBodyLimit: number;
  log?: Logger;
  /** Aborted when the process shuts down: live streams (`GET /admin/activity/events`) end, so closing the server does not wait on them. */
  closing?: AbortSignal;
}
