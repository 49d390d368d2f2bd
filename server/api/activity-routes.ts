/**
 * The activity stream and saved filters (docs/http-api.md), on the admin app (`admin-routes.ts`)
 * behind its key: the admin key sees every booking's activity, a member key its own bookings';
 * each keeps their own saved filters.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { listActivity } from '../team/list-activity.js';
import { forgetFilter, listSavedFilters, saveFilter } from '../team/saved-filters.js';
import type { KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { isoInstant } from './booking-response.js';
import {
  activityPageSchema,
  activityQuerySchema,
  filterParamsSchema,
  savedFilterRequestSchema,
  savedFilterSchema,
  savedFiltersSchema,
} from '../../shared/api-schemas.js';
import { body, bodyErrors, errors, json } from './route-docs.js';

const adminOrMember = { security: [{ adminKey: [] }, { memberKey: [] }] as Record<string, string[]>[] };

const activity = createRoute({
  method: 'get', path: '/activity', operationId: 'listActivity', ...adminOrMember,
  summary: 'What happened to bookings, newest first (a member key: its own bookings)',
  description: 'Every filter given must hold. Pages follow `nextCursor`; entries recorded meanwhile come at the top, so no page repeats or skips one.',
  request: { query: activityQuerySchema },
  responses: { 200: json(activityPageSchema, 'a page of entries'), ...errors({ 401: ['unauthorized'], 413: ['payload_too_large'], 422: ['validation_failed'] }) },
});
const filters = createRoute({
  method: 'get', path: '/filters', operationId: 'listSavedFilters', ...adminOrMember, summary: 'The caller’s saved activity filters',
  responses: { 200: json(savedFiltersSchema, 'oldest first'), ...errors({ 401: ['unauthorized'], 413: ['payload_too_large'] }) },
});
const saveFilterRoute = createRoute({
  method: 'post', path: '/filters', operationId: 'saveFilter', ...adminOrMember, summary: 'Save an activity filter for the caller',
  request: body(savedFilterRequestSchema, 'a name and the activity query’s filters'),
  responses: { 201: json(savedFilterSchema, 'saved'), ...errors({ ...bodyErrors, 401: ['unauthorized'], 422: ['validation_failed'] }) },
});
const deleteFilter = createRoute({
  method: 'delete', path: '/filters/{id}', operationId: 'deleteSavedFilter', ...adminOrMember, summary: 'Delete one of the caller’s saved filters',
  request: { params: filterParamsSchema },
  responses: { 204: { description: 'deleted' }, ...errors({ 401: ['unauthorized'], 404: ['not_found'], 413: ['payload_too_large'] }) },
});

export function activityRoutes(app: OpenAPIHono<KeyEnv>, deps: ApiDeps): void {
  app.openapi(activity, async (c) => {
    const page = await listActivity(deps, { actor: c.get('actor'), query: c.req.valid('query'), now: deps.now() });
    const items = page.items.map((entry) => ({
      ...entry,
      at: isoInstant(Date.parse(entry.at)),
      booking: entry.booking && { ...entry.booking, start: isoInstant(entry.booking.start), end: isoInstant(entry.booking.end) },
    }));
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  });
  app.openapi(filters, async (c) => c.json({ items: await listSavedFilters(deps, c.get('actor')) }, 200));
  app.openapi(saveFilterRoute, async (c) => {
    const { name, query } = c.req.valid('json');
    return c.json(await saveFilter(deps, { actor: c.get('actor'), name, query, now: deps.now() }), 201);
  });
  app.openapi(deleteFilter, async (c) => {
    await forgetFilter(deps, { actor: c.get('actor'), id: c.req.valid('param').id });
    return c.body(null, 204);
  });
}
