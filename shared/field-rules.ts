/**
 * Field rules that the API's schemas (`api-schemas.ts`) and the config file's schema
 * (`server/config/schema.ts`) share, written once so the two cannot drift.
 */
import { z } from 'zod';
import { canonicalTimeZone } from './time-zones.js';

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
