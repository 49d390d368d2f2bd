/**
 * The pieces every route's OpenAPI description is made of: a JSON body, the error answers it
 * may give, a required request body. One definition, so every route documents itself alike.
 */
import { z } from '@hono/zod-openapi';
import { errorCodes, errorSchema, type ErrorCode } from '../../shared/api-schemas.js';

export const json = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

/**
 * The error answers of a route, by status, each with the codes it can carry:
 * `errors({404: ['not_found'], 409: ['slot_unavailable']})`. Each answer is the `Error` shape
 * with `error.code` narrowed to those codes, so a client (and `/api/docs`) knows what to expect.
 */
export const errors = (byStatus: Partial<Record<ErrorStatus, readonly [ErrorCode, ...ErrorCode[]]>>) =>
  Object.fromEntries(
    Object.entries(byStatus).map(([status, codes]) => {
      const narrowed = errorSchema.and(z.object({ error: z.object({ code: z.enum(codes) }) }));
      return [status, json(narrowed, codes.map((code) => `\`${code}\`: ${errorCodes[code]}`).join('; '))];
    }),
  );

/** What every route that reads a JSON body may answer about the body itself. */
export const bodyErrors = {
  400: ['bad_request'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
} as const;

export const body = <T>(schema: T, description: string) => ({ body: { required: true, ...json(schema, description) } });
