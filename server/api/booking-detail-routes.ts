/**
 * The booking detail (docs/http-api.md, "Booking detail"), on the admin app (`admin-routes.ts`)
 * behind its key or session: the admin sees any booking, a member only those they are assigned to.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { showBookingDetail } from '../team/show-booking-detail.js';
import type { KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { adminBooking, isoInstant } from './booking-response.js';
import { bookingDetailQuerySchema, bookingDetailSchema, bookingParamsSchema } from '../../shared/api-schemas.js';
import { errors, json } from './route-docs.js';

const detail = createRoute({
  method: 'get', path: '/bookings/{id}', operationId: 'getBookingDetail',
  security: [{ adminKey: [] }, { memberKey: [] }, { session: [] }] as Record<string, string[]>[],
  summary: 'A booking with its activity and the emails about it (a member key: its own bookings only)',
  description: 'A booking the caller may not see answers `404`, as one that does not exist.',
  request: { params: bookingParamsSchema, query: bookingDetailQuerySchema },
  responses: { 200: json(bookingDetailSchema, 'the booking'), ...errors({ 401: ['unauthorized'], 404: ['not_found'], 413: ['payload_too_large'], 422: ['validation_failed'] }) },
});

export function bookingDetailRoutes(app: OpenAPIHono<KeyEnv>, deps: ApiDeps): void {
  app.openapi(detail, async (c) => {
    const { locale } = c.req.valid('query');
    const { booking, activity, emails, fields } = await showBookingDetail(deps, { id: c.req.valid('param').id, actor: c.get('actor'), ...(locale ? { locale } : {}) });
    return c.json(
      {
        ...adminBooking(booking),
        activity: activity.map(({ booking: _same, ...entry }) => ({ ...entry, at: isoInstant(Date.parse(entry.at)) })),
        emails: emails.map((e) => ({ ...e, sentAt: e.sentAt === null ? null : isoInstant(e.sentAt) })),
        fields,
      },
      200,
    );
  });
}
