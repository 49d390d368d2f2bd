/**
 * Team settings (docs/http-api.md#retention), admins only: how long customers' personal data is
 * kept. Mounted at `/api/v1/admin` beside `admin-routes.ts`, whose middleware has accepted the key
 * or session by then and set the actor; `adminOnly` refuses anyone else, and anyone that
 * middleware did not name.
 */
import { createRoute } from '@hono/zod-openapi';
import { retentionSchema } from '../../shared/api-schemas.js';
import { retentionDays, setRetention } from '../team/retention-setting.js';
import { adminOnly, type KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { body, bodyErrors, errors, json } from './route-docs.js';
import { routes } from './validation.js';

const admin = { security: [{ adminKey: [] }, { session: [] }] as Record<string, string[]>[], middleware: adminOnly };

const getRetention = createRoute({
  method: 'get', path: '/settings/retention', operationId: 'getRetention', ...admin, summary: 'How long customers’ personal data is kept',
  responses: { 200: json(retentionSchema, 'the setting'), ...errors({ 401: ['unauthorized'], 403: ['forbidden'], 413: ['payload_too_large'] }) },
});
const putRetention = createRoute({
  method: 'put', path: '/settings/retention', operationId: 'setRetention', ...admin, summary: 'Erase customers’ personal data N days after their meeting, or keep it',
  description:
    'Every server process applies it within the hour, and once at start: bookings that ended more than `days` × 24 hours ago lose their customer’s personal data as `DELETE /customers/{email}` erases it (recorded as `customer_erased` by `system`, with `retention`). The change is recorded as `retention_changed`.',
  request: body(retentionSchema, '`days` from 1 to 3650, or null'),
  responses: {
    200: json(retentionSchema, 'the setting now'),
    ...errors({ ...bodyErrors, 401: ['unauthorized'], 403: ['forbidden', 'csrf_failed'], 422: ['validation_failed'] }),
  },
});

export function settingsRoutes(deps: ApiDeps) {
  const app = routes<KeyEnv>();
  app.openapi(getRetention, async (c) => c.json({ days: await retentionDays(deps.store) }, 200));
  app.openapi(putRetention, async (c) => {
    const days = await setRetention(deps, { days: c.req.valid('json').days, actor: c.get('actor'), now: deps.now() });
    return c.json({ days }, 200);
  });
  return app;
}
