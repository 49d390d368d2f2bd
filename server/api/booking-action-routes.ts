/**
 * The booking actions the team console takes beside reassign / approve / decline / no-show
 * (docs/http-api.md, "Booking actions"), on the admin app (`admin-routes.ts`) behind its key or
 * session: who could take a booking, cancelling it for the customer, asking the customer to
 * choose a new time. The admin acts on any booking; a member only on those they are assigned to
 * (any other is `404`, as if it did not exist).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { askToReschedule } from '../booking/ask-to-reschedule.js';
import { cancelBooking } from '../booking/cancel-booking.js';
import { reassignCandidates } from '../booking/reassign-candidates.js';
import type { KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { adminBooking } from './booking-response.js';
import { adminBookingSchema, bookingParamsSchema } from '../../shared/api-schemas.js';
import { adminCancelRequestSchema, askToRescheduleRequestSchema, candidatesQuerySchema, candidatesSchema } from '../../shared/console-api-schemas.js';
import { bodyErrors, errors, json } from './route-docs.js';

const adminOrMember = { security: [{ adminKey: [] }, { memberKey: [] }, { session: [] }] as Record<string, string[]>[] };
const params = { params: bookingParamsSchema };

const candidates = createRoute({
  method: 'get', path: '/bookings/{id}/candidates', operationId: 'listReassignCandidates', ...adminOrMember,
  summary: 'Who could take the booking (or one member’s place in it) at its time',
  description: 'The members `reassign` would accept who are free then — working hours, date overrides, other bookings, calendar busy time — by the check `reassign` itself makes. A member key or session: its own place only.',
  request: { ...params, query: candidatesQuerySchema },
  responses: {
    200: json(candidatesSchema, 'the candidates, best first'),
    ...errors({ 401: ['unauthorized'], 403: ['forbidden'], 404: ['not_found'], 409: ['invalid_state'], 413: ['payload_too_large'], 422: ['validation_failed'] }),
  },
});
const cancel = createRoute({
  method: 'post', path: '/bookings/{id}/cancel', operationId: 'cancelBookingForCustomer', ...adminOrMember,
  summary: 'Cancel the booking on the customer’s behalf',
  description: 'As the customer’s own cancellation, but at any time: the customer, the members and the webhooks are told, with the reason.',
  request: { ...params, body: { required: false, ...json(adminCancelRequestSchema, 'an optional reason') } },
  responses: {
    200: json(adminBookingSchema, 'the booking, cancelled'),
    ...errors({ ...bodyErrors, 401: ['unauthorized'], 404: ['not_found'], 409: ['invalid_state'], 422: ['validation_failed'] }),
  },
});
const askReschedule = createRoute({
  method: 'post', path: '/bookings/{id}/ask-to-reschedule', operationId: 'askToReschedule', ...adminOrMember,
  summary: 'Email the customer a request to choose a new time',
  description: 'The email carries a link to the booking’s manage page and the message, in the booking’s language. The booking does not change until the customer moves it. Refused once it is cancelled, declined or has started.',
  request: { ...params, body: { required: false, ...json(askToRescheduleRequestSchema, 'an optional message to the customer') } },
  responses: {
    200: json(adminBookingSchema, 'the booking, as it was'),
    ...errors({ ...bodyErrors, 401: ['unauthorized'], 404: ['not_found'], 409: ['invalid_state'], 422: ['validation_failed'] }),
  },
});

export function bookingActionRoutes(app: OpenAPIHono<KeyEnv>, deps: ApiDeps): void {
  app.openapi(candidates, async (c) => {
    const { replace } = c.req.valid('query');
    const items = await reassignCandidates(deps, { id: c.req.valid('param').id, ...(replace ? { replace } : {}), actor: c.get('actor'), now: deps.now() });
    return c.json({ items }, 200);
  });
  app.openapi(cancel, async (c) => {
    const { reason } = c.req.valid('json') ?? {};
    const booking = await cancelBooking(deps, { id: c.req.valid('param').id, by: { actor: c.get('actor') }, ...(reason ? { reason } : {}), now: deps.now() });
    return c.json(adminBooking(booking), 200);
  });
  app.openapi(askReschedule, async (c) => {
    const { message } = c.req.valid('json') ?? {};
    const booking = await askToReschedule(deps, { id: c.req.valid('param').id, actor: c.get('actor'), ...(message ? { message } : {}), now: deps.now() });
    return c.json(adminBooking(booking), 200);
  });
}
