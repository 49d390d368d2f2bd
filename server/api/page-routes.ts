/**
 * Public page routes (docs/http-api.md): a page, its slots, and booking on it.
 * Mounted at `/api/v1/pages`.
 */
import { createRoute } from '@hono/zod-openapi';
import type { EventType } from '../config/schema.js';
import { createBooking } from '../booking/create-booking.js';
import { findSlots } from '../booking/find-slots.js';
import { holdTime, releaseHold } from '../booking/hold-time.js';
import { Refusal } from '../booking/refusal.js';
import { configSnapshot } from '../store/config-repository.js';
import {
  bookingRequestSchema,
  bookingResponseSchema,
  holdParamsSchema,
  holdRequestSchema,
  holdResponseSchema,
  pageParamsSchema,
  pageQuerySchema,
  pageResponseSchema,
  slotsQuerySchema,
  slotsResponseSchema,
} from '../../shared/api-schemas.js';
import type { ApiDeps } from './api-deps.js';
import { customerBooking } from './booking-response.js';
import { compressedJson } from './compressed-json.js';
import { pageView } from './page-view.js';
import { rateLimit } from './rate-limit.js';
import { body, bodyErrors, errors, json } from './route-docs.js';
import { slotsResponse } from './slots-response.js';
import { routes } from './validation.js';

const getPageRoute = createRoute({
  method: 'get',
  path: '/{page}',
  operationId: 'getPage',
  security: [],
  summary: 'A booking page in the visitor’s locale',
  description: 'Its texts in the shipped locale closest to `locale` (else the page’s own), its entries, form fields, theme and the answers its routing rules read.',
  request: { params: pageParamsSchema, query: pageQuerySchema },
  responses: {
    200: json(pageResponseSchema, 'the page'),
    ...errors({ 403: ['origin_not_allowed'], 404: ['not_found'], 422: ['validation_failed'] }),
  },
});

const slotsRoute = createRoute({
  method: 'get',
  path: '/{page}/slots',
  operationId: 'listSlots',
  security: [],
  summary: 'Free slots of one entry, for inclusive days in a time zone (at most 62 days)',
  description:
    'Slots are sorted and unique. With `answers`, the page’s routing rules pick the host exactly as they will for the booking, so these are the times the booking can take — or the rule’s refusal (`422 refused`). Answers over 8 kB are gzipped for clients that accept it.',
  request: { params: pageParamsSchema, query: slotsQuerySchema },
  responses: {
    200: json(slotsResponseSchema, 'sorted, unique slots'),
    ...errors({ 403: ['origin_not_allowed'], 404: ['not_found'], 422: ['validation_failed', 'refused'] }),
  },
});

const bookRoute = createRoute({
  method: 'post',
  path: '/{page}/bookings',
  operationId: 'createBooking',
  security: [],
  summary: 'Book a slot',
  description:
    'The booking is `confirmed`, or `pending` when the event type needs approval. The answer’s `manageUrl` carries the manage token, shown only here and in the customer’s emails.',
  request: { params: pageParamsSchema, ...body(bookingRequestSchema, 'the booking') },
  responses: {
    200: json(bookingResponseSchema, 'an earlier request with the same idempotency key made this booking'),
    201: json(bookingResponseSchema, 'booked (or requested, when the event needs approval)'),
    ...errors({
      ...bodyErrors,
      400: ['bad_request', 'invalid_token'],
      403: ['origin_not_allowed'],
      404: ['not_found'],
      409: ['slot_unavailable'],
      422: ['validation_failed', 'refused', 'idempotency_key_reused'],
      429: ['rate_limited'],
    }),
  },
});

const holdRoute = createRoute({
  method: 'post',
  path: '/{page}/holds',
  operationId: 'holdSlot',
  security: [],
  summary: 'Hold a slot while the visitor fills the form',
  description:
    'The time is kept for this visitor until `expiresAt` (the event type’s `holdMinutes`, else 5 minutes): other visitors’ slots leave it out and their bookings are refused it, as if it were booked; a pool’s hold takes the member the booking would take now, a group session’s one seat. Send `holdId` with the booking, which ends the hold; `DELETE` it when the visitor leaves or picks another time.',
  request: { params: pageParamsSchema, ...body(holdRequestSchema, 'the slot') },
  responses: {
    201: json(holdResponseSchema, 'held'),
    ...errors({
      ...bodyErrors,
      403: ['origin_not_allowed'],
      404: ['not_found'],
      409: ['slot_unavailable'],
      422: ['validation_failed', 'refused'],
      429: ['rate_limited'],
    }),
  },
});

const releaseRoute = createRoute({
  method: 'delete',
  path: '/{page}/holds/{id}',
  operationId: 'releaseHold',
  security: [],
  summary: 'Let a held slot go',
  request: { params: holdParamsSchema },
  responses: {
    204: { description: 'released (or there was none: unknown, expired or released already)' },
    ...errors({ 403: ['origin_not_allowed'], 404: ['not_found'] }),
  },
});

/**
 * The same release as a simple request (a POST without a body): a browser sends it with
 * `keepalive` as the page goes away, and from another origin, where a DELETE would need a CORS
 * preflight, which Chromium does not make for keepalive requests.
 */
const releaseByPostRoute = createRoute({
  method: 'post',
  path: '/{page}/holds/{id}/release',
  operationId: 'releaseHoldOnLeaving',
  security: [],
  summary: 'Let a held slot go, as a page that is closing can ask',
  description: 'The same as `DELETE /{page}/holds/{id}`, as a POST without a body: a CORS simple request, which a browser sends with `fetch(…, {keepalive: true})` as the page goes away, even from another origin (it makes no preflight for keepalive requests).',
  request: { params: holdParamsSchema },
  responses: {
    204: { description: 'released (or there was none: unknown, expired or released already)' },
    ...errors({ 403: ['origin_not_allowed'], 404: ['not_found'] }),
  },
});

export function pageRoutes(deps: ApiDeps) {
  const app = routes();

  app.openapi(getPageRoute, async (c) => {
    const { page: slug } = c.req.valid('param');
    const config = await configSnapshot(deps.store.db);
    const page = config.pages.get(slug);
    if (!page) throw new Refusal('not_found', 'no such page');
    const events = new Map<string, EventType>();
    for (const entry of page.entries) {
      const event = config.eventTypes.get(entry.event);
      if (event) events.set(event.id, event);
    }
    return c.json(pageView(page, events, c.req.valid('query').locale, (id) => config.members.get(id)?.name), 200);
  });

  app.openapi(slotsRoute, async (c) => {
    const query = c.req.valid('query');
    const found = await findSlots(deps, { ...query, page: c.req.valid('param').page, now: deps.now() });
    // A month of a large team's slots is big: gzipped when the client accepts it.
    return compressedJson(c, slotsResponse(found));
  });

  app.use('/:page/bookings', rateLimit(deps.rateLimit, deps.now, deps.trustedProxies));
  app.openapi(bookRoute, async (c) => {
    const { page } = c.req.valid('param');
    const referrer = c.req.header('referer');
    const made = await createBooking(deps, { page, request: c.req.valid('json'), actor: 'customer', ...(referrer ? { referrer } : {}), now: deps.now() });
    return c.json(customerBooking(made.booking, made.event, made.token, deps.publicUrl, made.sessions), made.replayed ? 200 : 201);
  });

  // Its own budget: a visitor may hold a few times before they book one.
  app.use('/:page/holds', rateLimit(deps.rateLimit, deps.now, deps.trustedProxies));
  app.openapi(holdRoute, async (c) => {
    const hold = await holdTime(deps, { page: c.req.valid('param').page, request: c.req.valid('json'), now: deps.now() });
    return c.json({ holdId: hold.token, expiresAt: new Date(hold.expiresAt).toISOString() }, 201);
  });

  for (const route of [releaseRoute, releaseByPostRoute]) {
    app.openapi(route, async (c) => {
      const { page, id } = c.req.valid('param');
      await releaseHold(deps, page, id);
      return c.body(null, 204);
    });
  }

  return app;
}
