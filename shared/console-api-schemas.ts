/**
 * The team console's booking actions and filter menus (docs/http-api.md, "Booking actions" and
 * "Directory"): their request and answer schemas, which the admin routes validate and document
 * with, and the console imports as types.
 */
import { z } from '@hono/zod-openapi';
import { maxLength } from './field-rules.js';
import { line, text } from './field-schemas.js';

export const candidatesQuerySchema = z.object({
  replace: line()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'The assigned member whose place would be handed over; left out: the caller’s own (a member key or session), else the booking’s first member.', example: 'ana' }),
});
export const candidatesSchema = z
  .object({
    items: z
      .array(
        z.object({
          id: z.string().openapi({ description: 'The member’s id, for `reassign`’s `member`.', example: 'bo' }),
          name: z.string().openapi({ example: 'Bo Laurent' }),
          nextInLine: z.boolean().openapi({ description: 'The one the place’s pool would give the booking to next; at most one, and first.' }),
        }),
      )
      .openapi({ description: 'Members free at the booking’s time: the place’s pool’s first, in the order the pool hands out bookings, then the others by name.' }),
  })
  .openapi('Candidates');

export const adminCancelRequestSchema = z
  .object({ reason: text().max(maxLength.reason).optional().openapi({ description: 'Shown in the cancellation emails.' }) })
  .openapi('AdminCancelRequest');

export const askToRescheduleRequestSchema = z
  .object({ message: text().max(maxLength.reason).optional().openapi({ description: 'Shown in the customer’s email, as written.', example: 'Ana is ill on that day, sorry!' }) })
  .openapi('AskToRescheduleRequest');

const named = z.object({ id: z.string(), name: z.string() });
export const directorySchema = z
  .object({
    members: z.array(named),
    pools: z.array(named).openapi({ description: 'A pool has no name of its own: `name` is its id.' }),
    pages: z.array(z.object({ slug: z.string(), title: z.string() })),
    eventTypes: z.array(z.object({ id: z.string(), title: z.string() })),
  })
  .openapi('Directory', { description: 'The config’s members, pools, pages and event types, each sorted by name or title; titles in the config’s default language (English, else the text’s first).' });

export type Candidates = z.infer<typeof candidatesSchema>;
export type Directory = z.infer<typeof directorySchema>;
