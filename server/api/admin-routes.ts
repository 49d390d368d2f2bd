/**
 * Admin routes (docs/http-api.md), behind the admin key: config import/export, booking on behalf,
 * reassign / approve / decline / no-show (and the console's other booking actions, in
 * `booking-action-routes.ts`), pool stats, personal links, member keys, GDPR export and erasure.
 * A member key reaches the booking changes, only for the member's own bookings (the store checks
 * that, by the actor), and booking on behalf, only with themselves as the host (the use case
 * narrows the host to them); every other route says `adminOnly`.
 * Mounted at `/api/v1/admin`.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { configSchema } from '../config/schema.js';
import { approveBooking } from '../booking/approve-booking.js';
import { bookOnBehalf as bookOnBehalfOf } from '../booking/book-on-behalf.js';
import { declineBooking } from '../booking/decline-booking.js';
import { makePersonalLink } from '../booking/make-personal-link.js';
import { markNoShow } from '../booking/mark-no-show.js';
import { poolDistribution } from '../booking/pool-stats.js';
import { reassignBooking } from '../booking/reassign-booking.js';
import { Refusal } from '../booking/refusal.js';
import { issueMemberKey, revokeMemberKey } from '../store/member-keys.js';
import { eraseCustomer } from '../team/erase-customer.js';
import { exportCustomer } from '../team/export-customer.js';
import { exportTeamConfig, importTeamConfig } from '../team/team-config.js';
import { activityRoutes } from './activity-routes.js';
import { bookingActionRoutes } from './booking-action-routes.js';
import { bookingDetailRoutes } from './booking-detail-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { directoryRoutes } from './directory-routes.js';
import { memberRoutes } from './member-routes.js';
import { memberSlotRoutes } from './member-slot-routes.js';
import { inviteMember } from '../team/invite-member.js';
import { adminAuth, adminOnly, type KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { adminBooking, customerBooking, isoInstant } from './booking-response.js';
import { limitedBody } from './request-body.js';
import {
  adminBookingRequestSchema,
  adminBookingSchema,
  bookingParamsSchema,
  bookingResponseSchema,
  customerErasureSchema,
  customerExportSchema,
  customerParamsSchema,
  declineRequestSchema,
  linkRequestSchema,
  linkResponseSchema,
  memberInviteSchema,
  memberKeySchema,
  memberParamsSchema,
  poolParamsSchema,
  poolStatsQuerySchema,
  poolStatsSchema,
  reassignRequestSchema,
} from '../../shared/api-schemas.js';
import { body, bodyErrors, errors, json } from './route-docs.js';
import { routes } from './validation.js';

/** Routes only the admin key may call; a member key gets `403 forbidden`. */
const admin = { security: [{ adminKey: [] }, { session: [] }] as Record<string, string[]>[], middleware: adminOnly };
/** Booking changes a member key may make too, on bookings the member is assigned to. */
const adminOrMember = { security: [{ adminKey: [] }, { memberKey: [] }, { session: [] }] as Record<string, string[]>[] };

const importSummary = z.object({ members: z.number(), eventTypes: z.number(), pools: z.number(), pages: z.number(), webhooks: z.number() });
/** The config file (docs/config.md), named so the docs show it once; the linter checks the example against it. */
const config = configSchema.openapi('Config', {
  description: 'The team as one document: members, event types, pools, pages, webhooks (docs/config.md).',
  example: {
    members: [
      { id: 'ana', name: 'Ana Silva', email: 'ana@example.com', timezone: 'Europe/Lisbon', locale: 'pt-BR', weekly: { mon: [['09:00', '12:00'], ['13:00', '17:00']] } },
      { id: 'bo', name: 'Bo Laurent', email: 'bo@example.com', timezone: 'Europe/Paris', weekly: { tue: [['09:00', '17:00']] } },
    ],
    eventTypes: [{ id: 'demo', title: { en: 'Product demo', fr: 'Démo produit' }, durationMinutes: 30, bufferAfterMinutes: 10, location: { type: 'video', provider: 'jitsi' } }],
    pools: [{ id: 'sales', method: 'round_robin', members: [{ member: 'ana' }, { member: 'bo' }] }],
    pages: [{ slug: 'sales', title: { en: 'Talk to sales' }, allowedOrigins: ['https://www.example.com'], entries: [{ event: 'demo', host: { pool: 'sales' } }] }],
    webhooks: [{ url: 'https://hooks.example.com/kairos', events: ['booking.created'], secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
  },
});

const putConfig = createRoute({
  method: 'put', path: '/config', operationId: 'importConfig', ...admin, summary: 'Import a whole config, upserting by id',
  description: 'Things in the document are created or replaced whole; things left out are kept. References that neither the document nor the stored config resolve refuse the whole import (`422`, each one in `fields`). A CalDAV `password` or webhook `secret` of `"********"` (as the export shows them) keeps the stored one of the same member’s calendar at the same URL, or of the webhook with the same id; with none stored, it refuses the import (`422`, in `fields`). Secrets are stored sealed (README “Secrets”).',
  request: body(config, 'the config file'),
  responses: {
    200: json(z.object({ imported: importSummary }).openapi('ConfigImport'), 'imported: how many of each'),
    ...errors({ ...bodyErrors, 401: ['unauthorized'], 403: ['forbidden'], 422: ['validation_failed'] }),
  },
});
const getConfig = createRoute({
  method: 'get', path: '/config', operationId: 'exportConfig', ...admin, summary: 'Export the whole config',
  description: 'In the format `PUT` takes, with every default filled in. No secret leaves the server: each CalDAV `password` and webhook `secret` that is set reads `"********"`, which an import of the same document keeps.',
  responses: { 200: json(config, 'the config, defaults filled in, secrets as `"********"`'), ...errors({ 401: ['unauthorized'], 403: ['forbidden'] }) },
});
const bookOnBehalf = createRoute({
  method: 'post', path: '/bookings', operationId: 'bookOnBehalf', ...adminOrMember,
  summary: 'Book on behalf of a customer (a member: with themselves)',
  description:
    'An admin books as the customer would, with whoever the entry’s host gives. A member books with themselves: the entry (as the page’s routing rules route it) must be one they can host — a member host that is them, a pool they are in (the booking is the pool’s assignment to them), or a panel that lists them or one of whose pools they are in (they take that place; the others are chosen as usual) — else `422` on `event`; and they must be free then, else `409 slot_unavailable`. `GET /members/{member}/slots` lists those times.',
  request: body(adminBookingRequestSchema, 'the booking and its page'),
  responses: {
    200: json(bookingResponseSchema, 'an earlier request with the same idempotency key made this booking'),
    201: json(bookingResponseSchema, 'booked'),
    ...errors({
      ...bodyErrors,
      401: ['unauthorized'],
      403: ['csrf_failed'],
      404: ['not_found'],
      409: ['slot_unavailable'],
      422: ['validation_failed', 'refused', 'idempotency_key_reused'],
    }),
  },
});
const changed = json(adminBookingSchema, 'the booking after the change');
const params = { params: bookingParamsSchema };
const reassign = createRoute({
  method: 'post', path: '/bookings/{id}/reassign', operationId: 'reassignBooking', ...adminOrMember,
  summary: 'Give the booking to another member (a member key: hand over its own place)',
  request: { ...params, ...body(reassignRequestSchema, 'the new member, and which member it replaces') },
  responses: {
    200: changed,
    ...errors({
      ...bodyErrors,
      401: ['unauthorized'],
      403: ['forbidden'],
      404: ['not_found'],
      409: ['invalid_state', 'slot_unavailable'],
      422: ['validation_failed'],
    }),
  },
});
const approve = createRoute({
  method: 'post', path: '/bookings/{id}/approve', operationId: 'approveBooking', ...adminOrMember, summary: 'Confirm a pending booking',
  request: params,
  responses: {
    200: changed,
    ...errors({ 401: ['unauthorized'], 404: ['not_found'], 409: ['invalid_state', 'slot_unavailable'], 413: ['payload_too_large'], 422: ['validation_failed'] }),
  },
});
const decline = createRoute({
  method: 'post', path: '/bookings/{id}/decline', operationId: 'declineBooking', ...adminOrMember, summary: 'Decline a pending booking',
  request: { ...params, body: { required: false, ...json(declineRequestSchema, 'an optional reason') } },
  responses: {
    200: changed,
    ...errors({ ...bodyErrors, 401: ['unauthorized'], 404: ['not_found'], 409: ['invalid_state'], 422: ['validation_failed'] }),
  },
});
const noShow = createRoute({
  method: 'post', path: '/bookings/{id}/no-show', operationId: 'markNoShow', ...adminOrMember, summary: 'Mark a started booking as a no-show',
  request: params,
  responses: {
    200: changed,
    ...errors({ 401: ['unauthorized'], 404: ['not_found'], 409: ['invalid_state'], 413: ['payload_too_large'], 422: ['validation_failed'] }),
  },
});
const stats = createRoute({
  method: 'get', path: '/pools/{pool}/stats', operationId: 'getPoolStats', ...admin, summary: 'Distribution of a pool’s bookings per member',
  request: { params: poolParamsSchema, query: poolStatsQuerySchema },
  responses: {
    200: json(poolStatsSchema, 'per member'),
    ...errors({ 401: ['unauthorized'], 403: ['forbidden'], 404: ['not_found'], 422: ['validation_failed'] }),
  },
});
const links = createRoute({
  method: 'post', path: '/links', operationId: 'createLink', ...admin, summary: 'A personal booking link with signed prefill',
  request: body(linkRequestSchema, 'page, event, prefill (or a CRM record to prefill from), expiry'),
  responses: {
    201: json(linkResponseSchema, 'the link'),
    ...errors({ ...bodyErrors, 401: ['unauthorized'], 403: ['forbidden'], 404: ['not_found'], 422: ['validation_failed'], 503: ['provider_unavailable'] }),
  },
});
const memberKeyErrors = errors({ 401: ['unauthorized'], 403: ['forbidden'], 404: ['not_found'], 413: ['payload_too_large'], 422: ['validation_failed'] });
const issueKey = createRoute({
  method: 'post', path: '/members/{member}/key', operationId: 'issueMemberKey', ...admin,
  summary: 'Issue a member key, shown once; it replaces the member’s previous key',
  request: { params: memberParamsSchema },
  responses: { 201: json(memberKeySchema, 'the key'), ...memberKeyErrors },
});
const revokeKey = createRoute({
  method: 'delete', path: '/members/{member}/key', operationId: 'revokeMemberKey', ...admin, summary: 'Revoke a member’s key',
  request: { params: memberParamsSchema },
  responses: { 204: { description: 'revoked (or there was none)' }, ...memberKeyErrors },
});

// GDPR (docs/http-api.md#gdpr): a customer's data, exported and erased; admin key only.
const customerErrors = errors({ 401: ['unauthorized'], 403: ['forbidden'], 404: ['not_found'], 413: ['payload_too_large'] });
const exportCustomerData = createRoute({
  method: 'get', path: '/customers/{email}/export', operationId: 'exportCustomer', ...admin, summary: 'Everything stored about a customer, as a JSON file',
  description: 'Their bookings (with activity), the emails and webhooks about them, their consents. An address nothing is stored about answers empty lists. The export is recorded in the activity (`customer_exported`, booking ids only).',
  request: { params: customerParamsSchema },
  responses: { 200: json(customerExportSchema, 'the export, as an attachment `kairos-<email>.json`'), ...customerErrors },
});
const eraseCustomerData = createRoute({
  method: 'delete', path: '/customers/{email}', operationId: 'eraseCustomer', ...admin, summary: 'Erase a customer’s personal data, keeping their bookings anonymous',
  description: 'Clears name, email, phone, answers, source and reasons of every booking made with the address, deletes the emails and webhooks about them, and strips personal details from their activity. Bookings stay (nothing is cancelled), so pool stats do not change. Recorded as `customer_erased` (booking ids and counts only).',
  request: { params: customerParamsSchema },
  responses: { 200: json(customerErasureSchema, 'what was erased; zeros when nothing was stored'), ...customerErrors },
});

function customerRoutes(app: OpenAPIHono<KeyEnv>, deps: ApiDeps) {
  app.openapi(exportCustomerData, async (c) => {
    const found = await exportCustomer(deps, { email: c.req.valid('param').email, actor: c.get('actor'), now: deps.now() });
    c.header('Content-Disposition', `attachment; filename="kairos-${found.email}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        email: found.email,
        exportedAt: isoInstant(found.exportedAt),
        bookings: found.bookings.map(({ booking, activity }) => ({ ...adminBooking(booking), activity: activity.map((a) => ({ ...a, at: isoInstant(a.at) })) })),
        notifications: found.notifications.map((n) => ({
          ...n,
          createdAt: isoInstant(n.createdAt),
          dueAt: isoInstant(n.dueAt),
          sentAt: n.sentAt === null ? null : isoInstant(n.sentAt),
        })),
        consents: found.consents.map((consent) => ({ ...consent, at: isoInstant(consent.at) })),
      },
      200,
    );
  });
  app.openapi(eraseCustomerData, async (c) => {
    const erased = await eraseCustomer(deps, { email: c.req.valid('param').email, actor: c.get('actor'), now: deps.now() });
    return c.json({ erased }, 200);
  });
}

// Sign-in invitations (issue 10): an admin sends a member a one-time sign-in link.
const invite = createRoute({
  method: 'post', path: '/members/{member}/invite', operationId: 'inviteMember', ...admin,
  summary: 'Email a member a one-time link to sign in to the team console',
  request: { params: memberParamsSchema },
  responses: { 202: json(memberInviteSchema, 'the email is on its way'), ...memberKeyErrors },
});

export function adminRoutes(deps: ApiDeps) {
  const app = routes<KeyEnv>();
  app.use('*', adminAuth(deps));
  app.use('*', limitedBody(deps.adminBodyLimit));

  app.openapi(putConfig, async (c) => {
    const config = await importTeamConfig(deps, c.req.valid('json'), deps.now());
    const imported = { members: config.members.length, eventTypes: config.eventTypes.length, pools: config.pools.length, pages: config.pages.length, webhooks: config.webhooks.length };
    return c.json({ imported }, 200);
  });

  app.openapi(getConfig, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await exportTeamConfig(deps), 200);
  });

  app.openapi(bookOnBehalf, async (c) => {
    const { page, ...request } = c.req.valid('json');
    const made = await bookOnBehalfOf(deps, { page, request, actor: c.get('actor'), now: deps.now() });
    return c.json(customerBooking(made.booking, made.event, made.token, deps.publicUrl), made.replayed ? 200 : 201);
  });

  app.openapi(reassign, async (c) => {
    const { member, replace } = c.req.valid('json');
    const booking = await reassignBooking(deps, { id: c.req.valid('param').id, member, ...(replace ? { replace } : {}), actor: c.get('actor'), now: deps.now() });
    return c.json(adminBooking(booking), 200);
  });
  app.openapi(approve, async (c) => c.json(adminBooking(await approveBooking(deps, { id: c.req.valid('param').id, actor: c.get('actor'), now: deps.now() })), 200));
  app.openapi(decline, async (c) => {
    const { reason } = c.req.valid('json');
    const booking = await declineBooking(deps, { id: c.req.valid('param').id, actor: c.get('actor'), ...(reason ? { reason } : {}), now: deps.now() });
    return c.json(adminBooking(booking), 200);
  });
  app.openapi(noShow, async (c) => c.json(adminBooking(await markNoShow(deps, { id: c.req.valid('param').id, actor: c.get('actor'), now: deps.now() })), 200));

  app.openapi(stats, async (c) => {
    const { from, to } = c.req.valid('query');
    const { pool, members } = await poolDistribution(deps, { pool: c.req.valid('param').pool, ...(from ? { from } : {}), ...(to ? { to } : {}) });
    return c.json(
      {
        pool: pool.id,
        method: pool.method,
        from: from ?? null,
        to: to ?? null,
        members: members.map((s) => ({ ...s, lastAssignedAt: s.lastAssignedAt === null ? null : isoInstant(s.lastAssignedAt) })),
      },
      200,
    );
  });

  app.openapi(links, async (c) => c.json(await makePersonalLink(deps, c.req.valid('json')), 201));

  app.openapi(issueKey, async (c) => {
    const { member } = c.req.valid('param');
    const key = await issueMemberKey(deps.store.db, member, deps.now());
    if (!key) throw new Refusal('not_found', 'no such member');
    c.header('Cache-Control', 'no-store');
    return c.json({ member, key }, 201);
  });
  app.openapi(revokeKey, async (c) => {
    if (!(await revokeMemberKey(deps.store.db, c.req.valid('param').member))) throw new Refusal('not_found', 'no such member');
    return c.body(null, 204);
  });

  customerRoutes(app, deps);
  activityRoutes(app, deps);
  bookingDetailRoutes(app, deps);
  bookingActionRoutes(app, deps);
  directoryRoutes(app, deps);
  app.openapi(invite, async (c) => {
    const { member } = c.req.valid('param');
    await inviteMember(deps, { member, now: deps.now() });
    return c.json({ member, invited: true as const }, 202);
  });

  memberRoutes(app, deps);
  memberSlotRoutes(app, deps);
  dashboardRoutes(app, deps);
  return app;
}
