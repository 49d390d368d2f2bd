/**
 * The whole HTTP surface of a Kairos server: `/api` (see `api/api.ts`), the manage and booking
 * pages, the widget bundle and the demo pages. `createApp` takes everything it needs, so tests
 * drive it with `app.request()` and a pinned clock.
 */
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { ApiDeps } from './api/api-deps.js';
import { createApi } from './api/api.js';
import { handleError, notFound } from './api/http-error.js';
import { requestLog } from './api/request-log.js';
import { signInPage } from './api/sign-in-page.js';
import { projectRoot } from './project-root.js';
import { consolePage } from './site/console-page.js';
import { embedPages } from './site/embed-pages.js';
import { referencePageHeaders } from './site/page-headers.js';
import { staticFiles } from './site/static-files.js';

export interface AppDeps extends Omit<ApiDeps, 'now' | 'rateLimit' | 'bodyLimit' | 'adminBodyLimit'> {
  now?: () => number;
  rateLimit?: number;
  bodyLimit?: number;
  adminBodyLimit?: number;
  distDir?: string;
  demoDir?: string;
}

export const DEFAULT_RATE_LIMIT = 30;
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** A config export runs to about 500 bytes per member (a 1,000-member team: 480 KiB): room for some 8,000. */
export const DEFAULT_ADMIN_BODY_LIMIT = 4 * 1024 * 1024;

export function createApp(deps: AppDeps) {
  const apiDeps: ApiDeps = {
    ...deps,
    publicUrl: deps.publicUrl.replace(/\/+$/, ''),
    now: deps.now ?? Date.now,
    rateLimit: deps.rateLimit ?? DEFAULT_RATE_LIMIT,
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    adminBodyLimit: deps.adminBodyLimit ?? DEFAULT_ADMIN_BODY_LIMIT,
  };
  const app = new Hono();
  if (deps.log) app.use('*', requestLog(deps.log));
  app.use('/api/docs', referencePageHeaders);
  app.route('/api', createApi(apiDeps));
  app.route('/admin/sign-in', signInPage(apiDeps));
  app.route('/', consolePage());
  app.route('/', embedPages());
  app.route(
    '/',
    staticFiles({
      distDir: deps.distDir ?? fileURLToPath(new URL('dist', projectRoot)),
      demoDir: deps.demoDir ?? fileURLToPath(new URL('demo', projectRoot)),
    }),
  );
  app.notFound((c) => (c.req.path.startsWith('/api/') || c.req.path === '/api' ? notFound(c) : c.text('Not found', 404)));
  app.onError(handleError(deps.log));
  return app;
}
