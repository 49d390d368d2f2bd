/**
 * Public page routes (docs/http-api.md): a page, its slots, and booking on it.
 * Mounted at `/api/v1/pages`.
 */
import { createRoute } from '@hono/zod-openapi';
import type { EventType } from '../config/schema.js';
import { createBooking } from '../booking/create-booking.js';
import { findSlots } from '../booking/find-slots.js';
import { Refusal } from '../booking/refusal.js';
import { configSnapshot } from '../store/config-repository.js';
import {
  bookingRequestSchema,
  bookingResponseSchema,
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

  return app;
}
