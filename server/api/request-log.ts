/**
 * One info line per request: method, path, status and how long it took. The path is logged
 * without its query string: manage links carry the booking's token there, and logs travel
 * further than the database does. A hold's token, which its release carries in the path, is
 * left out too (`…`).
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (!log.isLevelEnabled('info')) return;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    log.info({ method: c.req.method, path: c.req.path.replace(/(\/holds\/)[^/]+/, '$1…'), status: c.res.status, durationMs }, 'request');
  };
}
