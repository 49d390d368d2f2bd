/**
 * The activity stream and saved filters (docs/http-api.md), on the admin app (`admin-routes.ts`)
 * behind its key: the admin key sees every booking's activity, a member key its own bookings';
 * each keeps their own saved filters.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { exportActivity, EXPORT_CAP } from '../team/export-activity.js';
import { listActivity } from '../team/list-activity.js';
import { watchActivity } from '../team/watch-activity.js';
import { activityCsv } from './activity-csv.js';
import { eventStream } from './event-stream.js';
import { forgetFilter, listSavedFilters, saveFilter } from '../team/saved-filters.js';
import type { KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { isoInstant } from './booking-response.js';
import {
  activityCsvQuerySchema,
  activityPageSchema,
  activityQuerySchema,
  filterParamsSchema,
  savedFilterRequestSchema,
  savedFilterSchema,
  savedFiltersSchema,
  type ActivityEvent,
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
const activityEvents = createRoute({
  method: 'get', path: '/activity/events', operationId: 'watchActivity', ...adminOrMember,
  summary: 'Server-sent events: one `activity` event per entry recorded from now on (a member key: its own bookings)',
  description: 'Each event is `event: activity`, `id:` the entry’s id, `data:` an `ActivityEvent` (no personal data: refetch `/activity`). A comment comes every 15 s; the stream ends when the server shuts down (an EventSource reconnects).',
  responses: {
    200: { content: { 'text/event-stream': { schema: z.string().openapi({ example: 'event: activity\nid: 01J…\ndata: {"id":"01J…","type":"created","at":"2026-11-30T12:00:00Z","bookingId":"01J…"}\n\n' }) } }, description: 'the stream; each `data:` is an `ActivityEvent`' },
    ...errors({ 401: ['unauthorized'], 413: ['payload_too_large'] }),
  },
});
const activityExport = createRoute({
  method: 'get', path: '/activity.csv', operationId: 'exportActivity', ...adminOrMember,
  summary: 'The activity stream as CSV, every page (a member key: its own bookings)',
  description: `The filters of \`/activity\`; newest first, at most ${EXPORT_CAP.toLocaleString('en')} rows (then \`Kairos-Truncated: true\`: narrow the filters). Cells that a spreadsheet would read as a formula start with \`'\`.`,
  request: { query: activityCsvQuerySchema },
  responses: {
    200: {
      content: { 'text/csv': { schema: z.string().openapi({ example: 'at,type,actor,booking_id,status,event,page,start,end,customer_name,customer_email,members\r\n' }) } },
      headers: { 'Kairos-Truncated': { schema: { type: 'string', enum: ['true'] }, description: 'Present when more entries matched than were exported.' } },
      description: 'an attachment, `text/csv; charset=utf-8`',
    },
    ...errors({ 401: ['unauthorized'], 413: ['payload_too_large'], 422: ['validation_failed'] }),
  },
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
  app.openapi(activityEvents, async (c) =>
    eventStream(
      (sink) =>
        watchActivity(deps, {
          actor: c.get('actor'),
          watcher: {
            entry: (signal) => sink.send('activity', signal.id, { ...signal, at: isoInstant(Date.parse(signal.at)) } satisfies ActivityEvent),
            end: sink.end,
          },
        }),
      [c.req.raw.signal, deps.closing],
    ),
  );
  app.openapi(activityExport, async (c) => {
    const { entries, truncated } = await exportActivity(deps, { actor: c.get('actor'), query: c.req.valid('query'), now: deps.now() });
    return c.body(activityCsv(entries), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="kairos-activity.csv"`,
      ...(truncated ? { 'kairos-truncated': 'true' } : {}),
    });
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
