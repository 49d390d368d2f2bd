/**
 * Public manage routes (docs/http-api.md): a customer holding the manage token reads, cancels,
 * reschedules and downloads their booking. Mounted at `/api/v1/bookings`.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { cancelBooking } from '../booking/cancel-booking.js';
import { MOVES_PER_DAY, rescheduleBooking } from '../booking/reschedule-booking.js';
import { bookingForCustomer, customerInviteFile, sessionsOf } from '../booking/show-booking.js';
import type { Booking } from '../store/booking.js';
import { getEventType } from '../store/config-repository.js';
import type { ApiDeps } from './api-deps.js';
import { customerBooking } from './booking-response.js';
import { rateLimit } from './rate-limit.js';
import { bookingParamsSchema, bookingResponseSchema, cancelRequestSchema, rescheduleRequestSchema, tokenQuerySchema } from '../../shared/api-schemas.js';
import { body, bodyErrors, errors, json } from './route-docs.js';
import { routes } from './validation.js';


const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getBooking',
  security: [],
  summary: 'A booking, for the customer holding its manage token',
  request: { params: bookingParamsSchema, query: tokenQuerySchema },
  responses: {
    200: json(bookingResponseSchema, 'the booking'),
    ...errors({ 403: ['invalid_token', 'origin_not_allowed'], 404: ['not_found'], 422: ['validation_failed'] }),
  },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/{id}/cancel',
  operationId: 'cancelBooking',
  security: [],
  summary: 'Cancel a booking before it starts',
  request: { params: bookingParamsSchema, ...body(cancelRequestSchema, 'the manage token and an optional reason') },
  responses: {
    200: json(bookingResponseSchema, 'the cancelled booking'),
    ...errors({
      ...bodyErrors,
      403: ['invalid_token', 'origin_not_allowed'],
      404: ['not_found'],
      409: ['invalid_state'],
      410: ['too_late'],
      422: ['validation_failed'],
      429: ['rate_limited'],
    }),
  },
});

const rescheduleRoute = createRoute({
  method: 'post',
  path: '/{id}/reschedule',
  operationId: 'rescheduleBooking',
  security: [],
  summary: 'Move a booking to another slot (same booking, same invite UID, SEQUENCE + 1)',
  description: `The booking keeps its members when they are all free at the new time; otherwise its host assigns it again. A booking moves at most ${MOVES_PER_DAY} times in 24 hours, and never onto its own start.`,
  request: { params: bookingParamsSchema, ...body(rescheduleRequestSchema, 'the manage token and the new start') },
  responses: {
    200: json(bookingResponseSchema, 'the moved booking'),
    ...errors({
      ...bodyErrors,
      403: ['invalid_token', 'origin_not_allowed'],
      404: ['not_found'],
      409: ['invalid_state', 'slot_unavailable'],
      410: ['too_late'],
      422: ['validation_failed'],
      429: ['rate_limited'],
    }),
  },
});

const inviteRoute = createRoute({
  method: 'get',
  path: '/{id}/invite.ics',
  operationId: 'getBookingInvite',
  security: [],
  summary: 'The booking as an iCalendar invite (METHOD:CANCEL once cancelled or declined)',
  request: { params: bookingParamsSchema, query: tokenQuerySchema },
  responses: {
    200: { content: { 'text/calendar': { schema: z.string() } }, description: 'iCalendar (RFC 5545)' },
    ...errors({ 403: ['invalid_token', 'origin_not_allowed'], 404: ['not_found'], 422: ['validation_failed'] }),
  },
});

export function bookingRoutes(deps: ApiDeps) {
  const app = routes();
  const show = async (booking: Booking, token: string) =>
    customerBooking(booking, await getEventType(deps.store.db, booking.eventType), token, deps.publicUrl, await sessionsOf(deps, booking));

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
    const { token, reason, scope } = c.req.valid('json');
    const booking = await cancelBooking(deps, { id: c.req.valid('param').id, by: { token }, ...(reason ? { reason } : {}), ...(scope ? { scope } : {}), now: deps.now() });
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
