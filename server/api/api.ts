/**
 * The HTTP API: public page and booking routes, admin routes, the OpenAPI document and its
 * human-readable page. Every `/api/` response, errors included, has the one error shape (docs/http-api.md).
 * Mounted at `/api`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readBooking } from '../store/booking-rows.js';
import { getPage } from '../store/config-repository.js';
import { isOneLine } from '../../shared/field-rules.js';
import { adminRoutes } from './admin-routes.js';
import type { ApiDeps } from './api-deps.js';
import { apiDocsHtml } from './api-docs.js';
import { authRoutes } from './auth-routes.js';
import { bookingRoutes } from './booking-routes.js';
import { pageCors } from './page-cors.js';
import { pageRoutes } from './page-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { limitedBody } from './request-body.js';
import { validationHook } from './validation.js';

/**
 * The path segment after `/api/v1/<kind>/`, decoded; `undefined` when malformed, or when it holds
 * a control character no id has (PostgreSQL would refuse the lookup's NUL with an error).
 */
function segment(c: Context, index: number): string | undefined {
  try {
    const text = decodeURIComponent(c.req.path.split('/')[index] ?? '');
    return isOneLine(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

const ADMIN_PATH = /^\/api\/v1\/admin\//;

const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'Kairos API',
    version: '1',
    description:
      'Booking pages, slots and bookings (public, CORS per page), and the admin API (Authorization: Bearer <admin key>, or a signed-in session’s cookie; a member key or session changes only the bookings its member is assigned to).',
  },
};

export function createApi(deps: ApiDeps) {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  const pageOrigins = async (slug: string | undefined) => (slug ? (await getPage(deps.store.db, slug))?.allowedOrigins : undefined);
  api.use('/v1/pages/*', pageCors(deps.publicUrl, (c) => pageOrigins(segment(c, 4))));
  api.use(
    '/v1/bookings/*',
    pageCors(deps.publicUrl, async (c) => {
      const id = segment(c, 4);
      const booking = id ? await readBooking(deps.store.db, id) : undefined;
      return booking ? pageOrigins(booking.page) : undefined;
    }),
  );
  // After CORS, so an allowed origin can read a 413 too: without the headers a browser hides
  // every error behind a network failure. Admin routes read theirs with their own, larger limit
  // (a large team's config), and only once the key is accepted (`admin-routes.ts`).
  const publicBody = limitedBody(deps.bodyLimit);
  api.use('*', (c, next) => (ADMIN_PATH.test(c.req.path) ? next() : publicBody(c, next)));
  api.route('/v1/pages', pageRoutes(deps));
  api.route('/v1/bookings', bookingRoutes(deps));
  api.route('/v1/admin', adminRoutes(deps));
  // After the admin app: its key check and body limit (`use('*')`) cover these paths too.
  api.route('/v1/admin', settingsRoutes(deps));
  api.route('/v1/auth', authRoutes(deps));

  api.openAPIRegistry.registerComponent('securitySchemes', 'adminKey', { type: 'http', scheme: 'bearer' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'memberKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A member key (POST /v1/admin/members/{member}/key): only bookings the member is assigned to.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'kairos_session',
    description: 'A signed-in session (POST /v1/auth/sign-in): acts as its admin or member; writes also send its CSRF token as `X-CSRF-Token`.',
  });
  // Paths in the document are relative to the server URL below.
  const document = () => api.getOpenAPI31Document({ ...openApiInfo, servers: [{ url: `${deps.publicUrl}/api` }] });
  api.get('/v1/openapi.json', (c) => c.json(document()));
  api.get('/docs', (c) => c.html(apiDocsHtml(document() as Parameters<typeof apiDocsHtml>[0])));
  return api;
}
