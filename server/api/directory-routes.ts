/**
 * What the team console's filter menus list (docs/http-api.md, "Directory"), on the admin app
 * (`admin-routes.ts`): the admin and every member see it whole — names only, no addresses.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { showDirectory } from '../team/show-directory.js';
import type { KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { directorySchema } from '../../shared/console-api-schemas.js';
import { errors, json } from './route-docs.js';

const directory = createRoute({
  method: 'get', path: '/directory', operationId: 'getDirectory',
  security: [{ adminKey: [] }, { memberKey: [] }, { session: [] }] as Record<string, string[]>[],
  summary: 'The members, pools, pages and event types, by name, for filter menus',
  responses: { 200: json(directorySchema, 'every one of each, sorted by name or title'), ...errors({ 401: ['unauthorized'], 413: ['payload_too_large'] }) },
});

export function directoryRoutes(app: OpenAPIHono<KeyEnv>, deps: ApiDeps): void {
  app.openapi(directory, async (c) => {
    const { members, pools, pages, eventTypes } = await showDirectory(deps);
    return c.json(
      {
        members,
        pools,
        pages: pages.map((p) => ({ slug: p.id, title: p.name })),
        eventTypes: eventTypes.map((e) => ({ id: e.id, title: e.name })),
      },
      200,
    );
  });
}
