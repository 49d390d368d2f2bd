/**
 * The activity stream's cursor: the last entry of a page, (`at`, `id`), as base64url JSON. Opaque
 * to clients; it names a place in the stream's order rather than an offset, so entries arriving
 * meanwhile (at the top) neither repeat nor skip anything on the following pages.
 */
import { Refusal } from '../booking/refusal.js';

export interface Position {
  at: string;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** The position a cursor names; `422` on the `cursor` field for anything this server did not give. */
export function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value as unknown[];
      const instant = typeof at === 'string' ? Date.parse(at) : NaN;
      if (!Number.isNaN(instant) && new Date(instant).toISOString() === at && typeof id === 'string' && /^[\w-]{1,64}$/.test(id)) return { at, id };
    }
  } catch {
    // Not base64url JSON: refused below, as any other cursor that is not one.
  }
  throw new Refusal('validation_failed', 'the request is not valid', { cursor: 'not a cursor of this stream' });
}
