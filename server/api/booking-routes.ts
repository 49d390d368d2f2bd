/**
 * Public manage routes (CONTRACT §3): a customer holding the manage token reads, cancels,
 * reschedules and downloads their booking. Mounted at `/api/v1/bookings`.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { cancelBooking } from '../booking/cancel-booking.js';
import { MOVES_PER_DAY, rescheduleBooking } from '../booking/reschedule-booking.js';
import { bookingForCustomer, customerInviteFile } from '../booking/show-booking.js';
import type { Booking } from '../store/booking.js';
import { getEventType } from '../store/config-repository.js';
import type { ApiDeps } from './api-deps.js';
import { customerBooking } from './booking-response.js';
import { rateLimit } from './rate-limit.js';
import { bookingParamsSchema, bookingResponseSchema, cancelRequestSchema, errorSchema, rescheduleRequestSchema, tokenQuerySchema } from '../../shared/api-schemas.js';
import { errors, json } from './route-docs.js';
import { routes } from './validation.js';


const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'A booking, for the customer holding its manage token',
  request: { params: bookingParamsSchema, query: tokenQuerySchema },
  responses: { 200: json(bookingResponseSchema, 'the booking'), ...errors(403, 404, 422) },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/{id}/cancel',
  summary: 'Cancel a booking before it starts',
  request: { params: bookingParamsSchema, body: { required: true, ...json(cancelRequestSchema, 'token and optional reason') } },
  responses: { 200: json(bookingResponseSchema, 'the cancelled booking'), ...errors(400, 403, 404, 409, 410, 422, 429) },
});

const rescheduleRoute = createRoute({
  method: 'post',
  path: '/{id}/reschedule',
  summary: 'Move a booking to another slot (same booking, same invite UID, SEQUENCE + 1)',
  request: { params: bookingParamsSchema, body: { required: true, ...json(rescheduleRequestSchema, 'token and new start') } },
  responses: {
    200: json(bookingResponseSchema, 'the moved booking'),
    ...errors(400, 403, 404, 409, 410, 422),
    422: json(errorSchema, '`validation_failed`: fields name what (`start` when it is the booking’s own start)'),
    429: json(errorSchema, `\`rate_limited\` (with \`Retry-After\`): too many requests from this client, or the booking moved ${MOVES_PER_DAY} times in 24 hours`),
  },
});

const inviteRoute = createRoute({
  method: 'get',
  path: '/{id}/invite.ics',
  summary: 'The booking as an iCalendar invite',
  request: { params: bookingParamsSchema, query: tokenQuerySchema },
  responses: { 200: { content: { 'text/calendar': { schema: z.string() } }, description: 'iCalendar (RFC 5545)' }, ...errors(403, 404, 422) },
});

export function bookingRoutes(deps: ApiDeps) {
  const app = routes();
  const show = async (booking: Booking, token: string) =>
    customerBooking(booking, await getEventType(deps.store.db, booking.eventType), token, deps.publicUrl);

  app.openapi(getRoute, async (c) => {
    const { token } = c.req.valid('query');
    const booking = await bookingForCustomer(deps, c.req.valid('param').id, token);
    return c.json(await show(booking, token), 200);
  });

  // Its own budget, apart from booking creation's: a customer who just booked may still change it.
  const limit = rateLimit(deps.rateLimit, deps.now, deps.trustedProxies);
  app.use('/:id/cancel', limit);
  app.use('/:id/reschedule', limit);

  app.openapi(cancelRoute, async (c) => {
    const { token, reason } = c.req.valid('json');
    const booking = await cancelBooking(deps, { id: c.req.valid('param').id, by: { token }, ...(reason ? { reason } : {}), now: deps.now() });
    return c.json(await show(booking, token), 200);
  });

  app.openapi(rescheduleRoute, async (c) => {
    const { token, start } = c.req.valid('json');
    const booking = await rescheduleBooking(deps, { id: c.req.valid('param').id, token, start: Date.parse(start), now: deps.now() });
    return c.json(await show(booking, token), 200);
  });

  app.openapi(inviteRoute, async (c) => {
    const { booking, ics } = await customerInviteFile(deps, c.req.valid('param').id, c.req.valid('query').token);
    return c.body(ics, 200, {
      'Content-Type': 'text/calendar; charset=utf-8; method=' + (booking.status === 'cancelled' || booking.status === 'declined' ? 'CANCEL' : 'REQUEST'),
      'Content-Disposition': `attachment; filename="${booking.id}.ics"`,
    });
  });

  return app;
}
