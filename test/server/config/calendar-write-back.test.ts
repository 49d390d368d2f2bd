/** The config's write-back settings: one CalDAV calendar marked `writeTo`, or a Google / Microsoft 365 calendar by reference, never a secret. */
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../server/config/schema.js';

const member = { id: 'ana', name: 'Ana', email: 'ana@example.com', timezone: 'UTC' };
const parse = (fields: object) => configSchema.safeParse({ members: [{ ...member, ...fields }] });
const caldav = (name: string, writeTo?: boolean) => ({ type: 'caldav', url: `https://dav.example.com/ana/${name}/`, username: 'ana', password: 'app-password', ...(writeTo === undefined ? {} : { writeTo }) });

describe('calendar write-back in the config', () => {
  it('takes one CalDAV calendar to write bookings into, beside others read for busy time', () => {
    const parsed = parse({ calendars: [caldav('work', true), caldav('home'), { type: 'ics', url: 'https://example.com/a.ics' }] });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.members[0]!.calendars[0]).toMatchObject({ writeTo: true });
  });

  it('refuses two calendars to write into: a booking is written once', () => {
    const parsed = parse({ calendars: [caldav('work', true), caldav('home', true)] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error!.issues)).toContain('writeTo');
  });

  it('takes a Google or Microsoft 365 calendar by reference, and refuses another provider or a secret', () => {
    expect(parse({ calendarWriteBack: { provider: 'google', id: 'ana@group.calendar.google.com' } }).success).toBe(true);
    expect(parse({ calendarWriteBack: { provider: 'microsoft' } }).success).toBe(true);
    expect(parse({ calendarWriteBack: { provider: 'yahoo' } }).success).toBe(false);
    expect(parse({ calendarWriteBack: { provider: 'google', refreshToken: 'shh' } }).success).toBe(false);
  });
});
