/**
 * CalDAV against a real Radicale (the Debian package, `support/radicale.ts`), started for this suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import { at, interval, memberWithCalendars, memoryLogger, parisTimezone, vcalendar, vevent } from '../support/calendar-feed.js';
import { davRequest, radicaleMissing, startRadicale, type Radicale } from '../support/radicale.js';

if (radicaleMissing) console.log(`Skipping the CalDAV suite: ${radicaleMissing}`);

const now = at('2026-01-01T00:00:00Z');
const from = now;
const to = at('2026-05-01T00:00:00Z');

describe.skipIf(radicaleMissing !== undefined)('busy time from a CalDAV calendar (Radicale)', () => {
  let radicale: Radicale;
  let calendarUrl: string;

  beforeAll(async () => {
    radicale = await startRadicale({ ana: 'secret' });
    calendarUrl = `${radicale.url}/ana/work/`;
    await davRequest('MKCALENDAR', calendarUrl, ['ana', 'secret']);
    const events = {
      'review.ics': vcalendar(vevent('review', 'DTSTART:20260106T100000Z', 'DTEND:20260106T110000Z')),
      'standup.ics': vcalendar(
        parisTimezone,
        vevent(
          'standup',
          'DTSTART;TZID=Europe/Paris:20260105T140000',
          'DTEND;TZID=Europe/Paris:20260105T150000',
          'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4',
          'EXDATE;TZID=Europe/Paris:20260112T140000',
        ),
        vevent(
          'standup',
          'RECURRENCE-ID;TZID=Europe/Paris:20260119T140000',
          'DTSTART;TZID=Europe/Paris:20260120T160000',
          'DTEND;TZID=Europe/Paris:20260120T170000',
        ),
      ),
      'focus.ics': vcalendar(vevent('focus', 'DTSTART:20260107T100000Z', 'DTEND:20260107T110000Z', 'TRANSP:TRANSPARENT')),
      'summer.ics': vcalendar(vevent('summer', 'DTSTART:20260601T100000Z', 'DTEND:20260601T110000Z')),
    };
    for (const [name, ics] of Object.entries(events)) await davRequest('PUT', `${calendarUrl}${name}`, ['ana', 'secret'], ics);
  });

  afterAll(async () => {
    await radicale?.stop();
  });

  it('reads the events of the requested range through a REPORT, series expanded', async () => {
    const { log, warnings } = memoryLogger();
    const member = memberWithCalendars([{ type: 'caldav', url: calendarUrl, username: 'ana', password: 'secret' }]);
    expect(await new CalendarBusy({ log }).busyFor(member, from, to, now)).toEqual([
      interval('2026-01-05T13:00:00Z', '2026-01-05T14:00:00Z'),
      interval('2026-01-06T10:00:00Z', '2026-01-06T11:00:00Z'),
      interval('2026-01-20T15:00:00Z', '2026-01-20T16:00:00Z'),
      interval('2026-01-26T13:00:00Z', '2026-01-26T14:00:00Z'),
    ]);
    expect(warnings()).toEqual([]);
  });

  it('serves no busy time and logs a warning when the password is wrong, never throwing', async () => {
    const { log, warnings } = memoryLogger();
    const member = memberWithCalendars([{ type: 'caldav', url: calendarUrl, username: 'ana', password: 'wrong' }]);
    expect(await new CalendarBusy({ log }).busyFor(member, from, to, now)).toEqual([]);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ member: 'ana', calendar: expect.stringMatching(/^caldav 127\.0\.0\.1:\d+$/) });
    expect(JSON.stringify(warnings()[0])).toContain('401');
    expect(JSON.stringify(warnings()[0])).not.toContain('wrong');
  });
});
