/**
 * A member's own free times on a page entry (docs/http-api.md, "Booking on behalf"), so the
 * console can offer them when the member books a customer with themselves; on the admin app
 * (`admin-routes.ts`) behind its key or session. A member reaches only their own (any other
 * member is `404`, as if absent); an admin anyone's.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { memberSlots } from '../team/member-slots.js';
import type { KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { memberParamsSchema, slotsResponseSchema } from '../../shared/api-schemas.js';
import { memberSlotsQuerySchema } from '../../shared/team-schemas.js';
import { errors, json } from './route-docs.js';
import { slotsResponse } from './slots-response.js';

const getMemberSlots = createRoute({
  method: 'get', path: '/members/{member}/slots', operationId: 'listMemberSlots',
  security: [{ adminKey: [] }, { memberKey: [] }, { session: [] }] as Record<string, string[]>[],
  summary: 'A member’s own free slots on one page entry, for inclusive days in a time zone (a member: their own)',
  description:
    'The page’s slots (`GET /pages/{page}/slots`, same query and limits) with the entry’s host narrowed to the member: the times a booking on behalf made by them (`POST /bookings` with their key or session) can take. An entry the member cannot host is `422` on `event`.',
  request: { params: memberParamsSchema, query: memberSlotsQuerySchema },
  responses: {
    200: json(slotsResponseSchema, 'sorted, unique slots'),
    ...errors({ 401: ['unauthorized'], 404: ['not_found'], 413: ['payload_too_large'], 422: ['validation_failed', 'refused'] }),
  },
});

export function memberSlotRoutes(app: OpenAPIHono<KeyEnv>, deps: ApiDeps): void {
  app.openapi(getMemberSlots, async (c) => {
    const { member } = c.req.valid('param');
    const found = await memberSlots(deps, { ...c.req.valid('query'), member, actor: c.get('actor'), now: deps.now() });
    c.header('Cache-Control', 'no-store');
    return c.json(slotsResponse(found), 200);
  });
}
