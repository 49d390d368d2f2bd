import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import {
  at,
  interval,
  memberWithCalendars,
  memoryLogger,
  parisTimezone,
  startFeedServer,
  vcalendar,
  vevent,
  type FeedServer,
} from '../support/calendar-feed.js';

const now = at('2026-01-01T00:00:00Z');
const from = now;
const to = at('2026-05-01T00:00:00Z');

let feeds: FeedServer;
beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(() => feeds.close());

/** Publishes `ics` on its own path and reads it back as the busy time of a member in `timezone`. */
async function busyOf(path: string, ics: string, timezone?: string) {
  feeds.publish(path, ics);
  const { log, warnings } = memoryLogger();
  const busy = await new CalendarBusy({ log }).busyFor(memberWithCalendars([{ type: 'ics', url: feeds.url(path) }], timezone), from, to, now);
  expect(warnings()).toEqual([]);
  return busy;
}

describe('busy time from an ICS feed', () => {
  it('reads single events as their UTC intervals, sorted', async () => {
    const busy = await busyOf(
      '/single.ics',
      vcalendar(
        vevent('late', 'DTSTART:20260106T150000Z', 'DTEND:20260106T153000Z'),
        vevent('early', 'DTSTART:20260106T100000Z', 'DURATION:PT1H'),
      ),
    );
    expect(busy).toEqual([
      interval('2026-01-06T10:00:00Z', '2026-01-06T11:00:00Z'),
      interval('2026-01-06T15:00:00Z', '2026-01-06T15:30:00Z'),
    ]);
  });

  it('expands a weekly series, leaving out its EXDATE and moving its rescheduled occurrence', async () => {
    const busy = await busyOf(
      '/weekly.ics',
      vcalendar(
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
    );
    expect(busy).toEqual([
      interval('2026-01-05T13:00:00Z', '2026-01-05T14:00:00Z'),
      interval('2026-01-20T15:00:00Z', '2026-01-20T16:00:00Z'),
      interval('2026-01-26T13:00:00Z', '2026-01-26T14:00:00Z'),
    ]);
  });

  it('counts occurrences that arrive already expanded, without their series', async () => {
    const busy = await busyOf(
      '/expanded.ics',
      vcalendar(
        vevent('weekly', 'RECURRENCE-ID:20260105T130000Z', 'DTSTART:20260105T130000Z', 'DTEND:20260105T140000Z'),
        vevent('weekly', 'RECURRENCE-ID:20260112T130000Z', 'DTSTART:20260112T130000Z', 'DTEND:20260112T140000Z'),
      ),
    );
    expect(busy).toEqual([
      interval('2026-01-05T13:00:00Z', '2026-01-05T14:00:00Z'),
      interval('2026-01-12T13:00:00Z', '2026-01-12T14:00:00Z'),
    ]);
  });

  it('blocks an all-day event for the whole day in the member’s zone', async () => {
    const busy = await busyOf(
      '/all-day.ics',
      vcalendar(vevent('holiday', 'DTSTART;VALUE=DATE:20260110', 'DTEND;VALUE=DATE:20260111')),
      'America/New_York',
    );
    expect(busy).toEqual([interval('2026-01-10T05:00:00Z', '2026-01-11T05:00:00Z')]);
  });

  it('reads floating times in the member’s zone', async () => {
    const busy = await busyOf(
      '/floating.ics',
      vcalendar(vevent('lunch', 'DTSTART:20260107T120000', 'DTEND:20260107T130000')),
      'Asia/Tokyo',
    );
    expect(busy).toEqual([interval('2026-01-07T03:00:00Z', '2026-01-07T04:00:00Z')]);
  });

  it('ignores transparent and cancelled events, and a cancelled occurrence of a series', async () => {
    const busy = await busyOf(
      '/free.ics',
      vcalendar(
        vevent('focus', 'DTSTART:20260107T100000Z', 'DTEND:20260107T110000Z', 'TRANSP:TRANSPARENT'),
        vevent('dropped', 'DTSTART:20260108T100000Z', 'DTEND:20260108T110000Z', 'STATUS:CANCELLED'),
        vevent('daily', 'DTSTART:20260112T090000Z', 'DTEND:20260112T093000Z', 'RRULE:FREQ=DAILY;COUNT=3'),
        vevent('daily', 'RECURRENCE-ID:20260113T090000Z', 'DTSTART:20260113T090000Z', 'DTEND:20260113T093000Z', 'STATUS:CANCELLED'),
      ),
    );
    expect(busy).toEqual([
      interval('2026-01-12T09:00:00Z', '2026-01-12T09:30:00Z'),
      interval('2026-01-14T09:00:00Z', '2026-01-14T09:30:00Z'),
    ]);
  });

  // Paris moves from UTC+1 to UTC+2 on Sunday 29 March 2026 at 02:00 local.
  const acrossParisDst = [
    interval('2026-03-27T08:00:00Z', '2026-03-27T09:00:00Z'),
    interval('2026-03-28T08:00:00Z', '2026-03-28T09:00:00Z'),
    interval('2026-03-29T07:00:00Z', '2026-03-29T08:00:00Z'),
    interval('2026-03-30T07:00:00Z', '2026-03-30T08:00:00Z'),
  ];
  const dailyAtNineInParis = vevent(
    'nine',
    'DTSTART;TZID=Europe/Paris:20260327T090000',
    'DTEND;TZID=Europe/Paris:20260327T100000',
    'RRULE:FREQ=DAILY;COUNT=4',
  );

  it('keeps a Paris series at 09:00 local across the March DST change, using the feed’s VTIMEZONE', async () => {
    expect(await busyOf('/dst-vtimezone.ics', vcalendar(parisTimezone, dailyAtNineInParis))).toEqual(acrossParisDst);
  });

  it('reads a TZID the feed gives no VTIMEZONE for as the IANA zone of that name', async () => {
    expect(await busyOf('/dst-iana.ics', vcalendar(dailyAtNineInParis))).toEqual(acrossParisDst);
  });

  it('leaves out an EXDATE written in UTC from a series in a zone the feed does not define', async () => {
    const busy = await busyOf(
      '/exdate-utc.ics',
      vcalendar(
        vevent(
          'nine',
          'DTSTART;TZID=Europe/Paris:20260327T090000',
          'DTEND;TZID=Europe/Paris:20260327T100000',
          'RRULE:FREQ=DAILY;COUNT=4',
          'EXDATE:20260328T080000Z,20260329T070000Z',
        ),
      ),
    );
    expect(busy).toEqual([acrossParisDst[0], acrossParisDst[3]]);
  });

  it('returns only events overlapping the requested range, merging overlapping ones', async () => {
    feeds.publish(
      '/range.ics',
      vcalendar(
        vevent('before', 'DTSTART:20251231T220000Z', 'DTEND:20251231T230000Z'),
        vevent('straddles', 'DTSTART:20251231T233000Z', 'DTEND:20260101T010000Z'),
        vevent('overlaps', 'DTSTART:20260101T003000Z', 'DTEND:20260101T020000Z'),
        vevent('after', 'DTSTART:20260501T000000Z', 'DTEND:20260501T010000Z'),
      ),
    );
    const member = memberWithCalendars([{ type: 'ics', url: feeds.url('/range.ics') }]);
    expect(await new CalendarBusy({ log: memoryLogger().log }).busyFor(member, from, to, now)).toEqual([
      interval('2025-12-31T23:30:00Z', '2026-01-01T02:00:00Z'),
    ]);
  });

  it('merges the busy time of all the member’s calendars', async () => {
    feeds.publish('/work.ics', vcalendar(vevent('a', 'DTSTART:20260106T100000Z', 'DTEND:20260106T110000Z')));
    feeds.publish('/home.ics', vcalendar(vevent('b', 'DTSTART:20260106T103000Z', 'DTEND:20260106T120000Z')));
    const member = memberWithCalendars([
      { type: 'ics', url: feeds.url('/work.ics') },
      { type: 'ics', url: feeds.url('/home.ics') },
    ]);
    expect(await new CalendarBusy({ log: memoryLogger().log }).busyFor(member, from, to, now)).toEqual([
      interval('2026-01-06T10:00:00Z', '2026-01-06T12:00:00Z'),
    ]);
  });
});
