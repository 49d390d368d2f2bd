/**
 * The API's error shape (docs/http-api.md), `{"error": {code, message, fields?}}`, and the one place that
 * turns anything thrown on an `/api/` path into it: no stack trace ever reaches a client.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import { ProviderUnavailable, RateLimited, Refusal, type RefusalCode } from '../booking/refusal.js';

/** The HTTP status each refusal code answers with. */
const refusalStatus: Record<RefusalCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  invalid_token: 403,
  not_found: 404,
  slot_unavailable: 409,
  invalid_state: 409,
  too_late: 410,
  payload_too_large: 413,
  headers_too_large: 431,
  request_timeout: 408,
  unsupported_media_type: 415,
  refused: 422,
  validation_failed: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  csrf_failed: 403,
  provider_unavailable: 503,
};

const statusCode: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export function errorBody(code: string, message: string, fields?: Record<string, string>) {
  return { error: { code, message, ...(fields && Object.keys(fields).length > 0 ? { fields } : {}) } };
}

/**
 * `{"answers.company": "required"}` from zod issues; the first issue per path wins. A bad key of
 * a record is named by the record: the key itself may be the control character refused.
 */
export function zodFields(error: ZodError, prefix = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const at = issue.code === 'invalid_key' ? issue.path.slice(0, -1) : issue.path;
    const path = [prefix, ...at.map(String)].filter(Boolean).join('.') || '(body)';
    fields[path] ??= issue.message;
  }
  return fields;
}

export function handleError(log?: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof RateLimited || err instanceof ProviderUnavailable) c.header('Retry-After', String(err.retryAfterSeconds));
    if (err instanceof Refusal) return c.json(errorBody(err.code, err.message, err.fields), err.status ?? refusalStatus[err.code]);
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const message = status === 400 && /json/i.test(err.message) ? 'the body is not valid JSON' : err.message || 'bad request';
      return c.json(errorBody(statusCode[status] ?? 'bad_request', message), status);
    }
    log?.error({ err, path: c.req.path }, 'unhandled error');
    return c.json(errorBody('internal', 'something went wrong on our side'), 500);
  };
}

export function notFound(c: Context) {
  return c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);
}
