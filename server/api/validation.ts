/** Every zod failure on a request (params, query, body) becomes `422 validation_failed` with `fields`. */
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { HttpError, zodFields } from './http-error.js';

export const validationHook: Hook<unknown, Env, string, unknown> = (result) => {
  if (!result.success) throw new HttpError(422, 'validation_failed', 'the request is not valid', zodFields(result.error));
};

/** A sub-app whose routes validate through `validationHook`. */
export function routes(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}
