/**
 * Admin routes (CONTRACT §4), behind the admin key: config import/export, booking on behalf,
 * reassign / approve / decline / no-show, pool stats, personalised links, member keys.
 * A member key reaches only the booking changes, and only for the member's own bookings (the
 * store checks that, by the actor); every other route says `adminOnly`.
 * Mounted at `/api/v1/admin`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { configSchema } from '../config/schema.js';
import { poolStats } from '../engine/index.js';
import { approveBooking, declineBooking, markNoShow, reassignBooking } from '../store/booking-changes.js';
import { danglingReferences, exportConfig, getPage, getPool, importConfig } from '../store/config-repository.js';
import { loadPoolHistory } from '../store/engine-state.js';
import { issueMemberKey, revokeMemberKey } from '../store/member-keys.js';
import { adminAuth, adminOnly, type KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { takeBooking } from './booking-intake.js';
import { adminBooking, customerBooking, isoInstant } from './booking-response.js';
import { HttpError } from './http-error.js';
import { signInvite } from './invite-token.js';
import { limitedBody } from './request-body.js';
import {
  adminBookingRequestSchema,
  adminBookingSchema,
  bookingParamsSchema,
  bookingResponseSchema,
  declineRequestSchema,
  linkRequestSchema,
  linkResponseSchema,
  memberKeySchema,
  memberParamsSchema,
  poolParamsSchema,
  poolStatsQuerySchema,
  poolStatsSchema,
  reassignRequestSchema,
} from '../../shared/api-schemas.js';
import { body, errors, json } from './route-docs.js';
import { routes } from './validation.js';

/** Routes only the admin key may call; a member key gets `403 forbidden`. */
const admin = { security: [{ adminKey: [] }], middleware: adminOnly };
/** Booking changes a member key may make too, on bookings the member is assigned to. */
const adminOrMember = { security: [{ adminKey: [] }, { memberKey: [] }] as Record<string, string[]>[] };
const DAY = 86_400_000;

const importSummary = z.object({ members: z.number(), eventTypes: z.number(), pools: z.number(), pages: z.number(), webhooks: z.number() });

const putConfig = createRoute({
  method: 'put', path: '/config', ...admin, summary: 'Import a whole config, upserting by id',
  request: body(configSchema, 'the config file (CONTRACT §5)'),
  responses: { 200: json(z.object({ imported: importSummary }), 'imported'), ...errors(400, 401, 403, 413, 422) },
});
const getConfig = createRoute({
  method: 'get', path: '/config', ...admin, summary: 'Export the whole config',
  responses: { 200: json(configSchema, 'the config'), ...errors(401, 403) },
});
const bookOnBehalf = createRoute({
  method: 'post', path: '/bookings', ...admin, summary: 'Book on behalf of a customer',
  request: body(adminBookingRequestSchema, 'the booking and its page'),
  responses: { 200: json(bookingResponseSchema, 'replayed'), 201: json(bookingResponseSchema, 'booked'), ...errors(400, 401, 403, 404, 409, 422) },
});
const changed = { 200: json(adminBookingSchema, 'the booking after the change'), ...errors(400, 401, 403, 404, 409, 422) };
const params = { params: bookingParamsSchema };
const reassign = createRoute({
  method: 'post', path: '/bookings/{id}/reassign', ...adminOrMember, summary: 'Give the booking to another member (a member key: hand over its own place)',
  request: { ...params, ...body(reassignRequestSchema, 'the new member, and which member it replaces') }, responses: changed,
});
const approve = createRoute({ method: 'post', path: '/bookings/{id}/approve', ...adminOrMember, summary: 'Confirm a pending booking', request: params, responses: changed });
const decline = createRoute({
  method: 'post', path: '/bookings/{id}/decline', ...adminOrMember, summary: 'Decline a pending booking',
  request: { ...params, body: { required: false, ...json(declineRequestSchema, 'optional reason') } }, responses: changed,
});
const noShow = createRoute({ method: 'post', path: '/bookings/{id}/no-show', ...adminOrMember, summary: 'Mark a started booking as a no-show', request: params, responses: changed });
const stats = createRoute({
  method: 'get', path: '/pools/{pool}/stats', ...admin, summary: 'Distribution of a pool’s bookings per member',
  request: { params: poolParamsSchema, query: poolStatsQuerySchema },
  responses: { 200: json(poolStatsSchema, 'per member'), ...errors(401, 403, 404, 422) },
});
const links = createRoute({
  method: 'post', path: '/links', ...admin, summary: 'A personalised booking link with signed prefill',
  request: body(linkRequestSchema, 'page, event, prefill, expiry'),
  responses: { 201: json(linkResponseSchema, 'the link'), ...errors(401, 403, 404, 422) },
});
const issueKey = createRoute({
  method: 'post', path: '/members/{member}/key', ...admin, summary: 'Issue a member key, shown once; it replaces the member’s previous key',
  request: { params: memberParamsSchema },
  responses: { 201: json(memberKeySchema, 'the key'), ...errors(401, 403, 404, 422) },
});
const revokeKey = createRoute({
  method: 'delete', path: '/members/{member}/key', ...admin, summary: 'Revoke a member’s key',
  request: { params: memberParamsSchema },
  responses: { 204: { description: 'revoked (or there was none)' }, ...errors(401, 403, 404, 422) },
});

export function adminRoutes(deps: ApiDeps) {
  const app = routes<KeyEnv>();
  app.use('*', adminAuth(deps.adminKeyHash, deps.store.db));
  app.use('*', limitedBody(deps.adminBodyLimit));

  app.openapi(putConfig, async (c) => {
    const config = c.req.valid('json');
    const dangling = await danglingReferences(deps.store.db, config);
    if (Object.keys(dangling).length > 0) throw new HttpError(422, 'validation_failed', 'the config refers to things it does not define', dangling);
    await importConfig(deps.store.db, config, deps.now());
    const imported = { members: config.members.length, eventTypes: config.eventTypes.length, pools: config.pools.length, pages: config.pages.length, webhooks: config.webhooks.length };
    return c.json({ imported }, 200);
  });

  app.openapi(getConfig, async (c) => c.json(await exportConfig(deps.store.db), 200));

  app.openapi(bookOnBehalf, async (c) => {
    const { page, ...request } = c.req.valid('json');
    const made = await takeBooking(deps, { pageSlug: page, request, actor: c.get('actor') });
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
    const pool = await getPool(deps.store.db, c.req.valid('param').pool);
    if (!pool) throw new HttpError(404, 'not_found', 'no such pool');
    const { from, to } = c.req.valid('query');
    const history = await loadPoolHistory(deps.store.db, pool.id, from ? Date.parse(from) : undefined, to ? Date.parse(to) + DAY : undefined);
    return c.json(
      {
        pool: pool.id,
        method: pool.method,
        from: from ?? null,
        to: to ?? null,
        members: poolStats(pool, history).map((s) => ({ ...s, lastAssignedAt: s.lastAssignedAt === null ? null : isoInstant(s.lastAssignedAt) })),
      },
      200,
    );
  });

  app.openapi(links, async (c) => {
    const { page: slug, event, prefill, expiresAt } = c.req.valid('json');
    const page = await getPage(deps.store.db, slug);
    if (!page) throw new HttpError(404, 'not_found', 'no such page');
    if (event && !page.entries.some((e) => e.event === event)) throw new HttpError(404, 'not_found', 'no such event on this page');
    const token = signInvite({ page: slug, ...(event ? { event } : {}), prefill, ...(expiresAt ? { exp: new Date(expiresAt).toISOString() } : {}) }, deps.secret);
    const query = new URLSearchParams({ ...(event ? { event } : {}), kairos_invite: token });
    return c.json({ url: `${deps.publicUrl}/book/${encodeURIComponent(slug)}?${query}`, token }, 201);
  });

  app.openapi(issueKey, async (c) => {
    const { member } = c.req.valid('param');
    const key = await issueMemberKey(deps.store.db, member, deps.now());
    if (!key) throw new HttpError(404, 'not_found', 'no such member');
    c.header('Cache-Control', 'no-store');
    return c.json({ member, key }, 201);
  });
  app.openapi(revokeKey, async (c) => {
    if (!(await revokeMemberKey(deps.store.db, c.req.valid('param').member))) throw new HttpError(404, 'not_found', 'no such member');
    return c.body(null, 204);
  });

  return app;
}
