/** Every zod failure on a request (params, query, body) becomes `422 validation_failed` with `fields`. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { ZodError } from 'zod';
import { Refusal } from '../booking/refusal.js';
import { zodFields } from './http-error.js';

/** Takes no context, so it serves apps whatever their `Env`. */
export const validationHook = (result: { success: true } | { success: false; error: ZodError }) => {
  if (!result.success) throw new Refusal('validation_failed', 'the request is not valid', zodFields(result.error));
};

/** A sub-app whose routes validate through `validationHook`; `E` types what its middleware sets. */
export function routes<E extends Env = Env>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({ defaultHook: validationHook });
}
