/**
 * Every zod failure on a request becomes the API's error (docs/http-api.md): `422 validation_failed` with
 * `fields` for a query or body, `404 not_found` for a path (an id that cannot be valid names
 * nothing there is).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { ZodError } from 'zod';
import { Refusal } from '../booking/refusal.js';
import { zodFields } from './http-error.js';

/** Takes no context, so it serves apps whatever their `Env`. */
export const validationHook = (result: { target: string } & ({ success: true } | { success: false; error: ZodError })) => {
  if (result.success) return;
  const fields = zodFields(result.error);
  if (result.target === 'param') throw new Refusal('not_found', `no such ${Object.keys(fields).join(', ')}`);
  throw new Refusal('validation_failed', 'the request is not valid', fields);
};

/** A sub-app whose routes validate through `validationHook`; `E` types what its middleware sets. */
export function routes<E extends Env = Env>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>({ defaultHook: validationHook });
}
