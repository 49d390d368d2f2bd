/**
 * Field schemas that the API's schemas (`api-schemas.ts`) and the config file's schema
 * (`server/config/schema.ts`) share, written once so the two cannot drift.
 *
 * Every text a request carries goes through `line()` or `text()`. Neither takes a C0 control
 * character: PostgreSQL refuses a NUL in any text (it would answer 500 where SQLite stores it),
 * and the others have no place in a name, an id, an email header or an invite. Text that may
 * span lines (a reason, a textarea answer, a description) keeps tabs and line breaks.
 */
import { z } from '@hono/zod-openapi';
import { LINES, ONE_LINE } from './field-rules.js';
import { canonicalTimeZone } from './time-zones.js';

/** One line of text: no control character at all, tab and line breaks included. */
export const line = () => z.string().regex(ONE_LINE, 'must be one line, without control characters');

/** Text that may span lines: tabs and line breaks, but no other control character. */
export const text = () => z.string().regex(LINES, 'must not contain control characters other than tabs and line breaks');

/** A URL on one line: `z.url()` alone lets a NUL through, which the URL parser percent-encodes but the string keeps. */
export const url = () => z.url().regex(ONE_LINE, 'must not contain control characters');

/** An IANA time zone, in any spelling Intl accepts; it becomes the zone's canonical name. */
export const timeZone = z
  .string()
  .max(64)
  .transform((zone, context) => {
    const name = canonicalTimeZone(zone);
    if (name === undefined) {
      context.addIssue({ code: 'custom', message: 'not an IANA time zone', input: zone });
      return z.NEVER;
    }
    return name;
  });
