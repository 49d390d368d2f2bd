/**
 * The pieces every route's OpenAPI description is made of: a JSON body, the error answers it
 * may give, a required request body. One definition, so every route documents itself alike.
 */
import { errorSchema } from '../../shared/api-schemas.js';

export const json = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

export const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, json(errorSchema, 'error')]));

export const body = <T>(schema: T, description: string) => ({ body: { required: true, ...json(schema, description) } });
