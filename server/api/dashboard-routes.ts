/**
 * A pool's dashboard (docs/http-api.md, "Dashboards"), on the admin app (`admin-routes.ts`):
 * admins only, as every pool-wide figure.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { poolDashboard } from '../booking/pool-stats.js';
import { adminOnly, type KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { poolParamsSchema } from '../../shared/api-schemas.js';
import { poolDashboardSchema, statsQuerySchema } from '../../shared/team-schemas.js';
import { errors, json } from './route-docs.js';
import { figuresOf, reasonOf } from './stats-response.js';

const dashboard = createRoute({
  method: 'get', path: '/pools/{pool}/dashboard', operationId: 'getPoolDashboard',
  security: [{ adminKey: [] }, { session: [] }] as Record<string, string[]>[], middleware: adminOnly,
  summary: 'A pool’s figures per member over a range of days, its weekly series, and who is next in line',
  description: 'Counts are of the places the pool gave in the days (by when they were given), as `/stats` counts them; next in line is worked out as the pool orders its members for a booking made now.',
  request: { params: poolParamsSchema, query: statsQuerySchema },
  responses: {
    200: json(poolDashboardSchema, 'the dashboard'),
    ...errors({ 401: ['unauthorized'], 403: ['forbidden'], 404: ['not_found'], 413: ['payload_too_large'], 422: ['validation_failed'] }),
  },
});

export function dashboardRoutes(app: OpenAPIHono<KeyEnv>, deps: ApiDeps): void {
  app.openapi(dashboard, async (c) => {
    const query = c.req.valid('query');
    const found = await poolDashboard(deps, { pool: c.req.valid('param').pool, ...query, timezone: query.timezone ?? 'UTC', now: deps.now() });
    return c.json(
      {
        pool: { id: found.pool.id, name: found.pool.id, method: found.pool.method },
        from: found.days.from,
        to: found.days.to,
        timezone: found.days.timezone,
        members: found.members.map((m) => figuresOf(m, m.name)),
        nextInLine: found.next && { member: found.next.member, reason: reasonOf(found.next.reason) },
        weeks: found.weeks,
      },
      200,
    );
  });
}
