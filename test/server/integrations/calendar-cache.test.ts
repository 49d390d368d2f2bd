import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarBusy } from '../../../server/integrations/calendar-busy.js';
import { at, interval, memberWithCalendars, memoryLogger, startFeedServer, vcalendar, vevent, type FeedResponse, type FeedServer } from '../support/calendar-feed.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const now = at('2026-01-01T00:00:00Z');
const from = now;
const to = now + 60 * DAY;

const meeting = vcalendar(vevent('meeting', 'DTSTART:20260106T100000Z', 'DTEND:20260106T110000Z'));
const meetingBusy = [interval('2026-01-06T10:00:00Z', '2026-01-06T11:00:00Z')];
const otherMeeting = vcalendar(vevent('other', 'DTSTART:20260107T100000Z', 'DTEND:20260107T110000Z'));
const otherMeetingBusy = [interval('2026-01-07T10:00:00Z', '2026-01-07T11:00:00Z')];

let feeds: FeedServer;
beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(() => feeds.close());

/** A feed on its own path, a member reading it, and a CalendarBusy with a 5-minute TTL. */
function setup(path: string, feed: FeedResponse | string, options: { timeoutMs?: number } = {}) {
  feeds.publish(path, feed);
  const logger = memoryLogger();
  const calendars = new CalendarBusy({ ttlMs: 5 * MINUTE, log: logger.log, ...options });
  const member = memberWithCalendars([{ type: 'ics', url: feeds.url(path) }]);
  return { calendars, member, warnings: logger.warnings };
}

describe('the calendar cache', () => {
  it('answers a second call within the TTL without reading the feed again', async () => {
    const { calendars, member } = setup('/within-ttl.ics', meeting);
    expect(await calendars.busyFor(member, from, to, now)).toEqual(meetingBusy);
    feeds.publish('/within-ttl.ics', otherMeeting);
    expect(await calendars.busyFor(member, from, to, now + 4 * MINUTE)).toEqual(meetingBusy);
    expect(feeds.hits('/within-ttl.ics')).toBe(1);
  });

  it('reads the feed again once the TTL has passed', async () => {
    const { calendars, member } = setup('/after-ttl.ics', meeting);
    await calendars.busyFor(member, from, to, now);
    feeds.publish('/after-ttl.ics', otherMeeting);
    expect(await calendars.busyFor(member, from, to, now + 5 * MINUTE)).toEqual(otherMeetingBusy);
    expect(feeds.hits('/after-ttl.ics')).toBe(2);
  });

  it('shares one read between concurrent callers', async () => {
    const { calendars, member } = setup('/concurrent.ics', meeting);
    const answers = await Promise.all([1, 2, 3].map(() => calendars.busyFor(member, from, to, now)));
    expect(answers).toEqual([meetingBusy, meetingBusy, meetingBusy]);
    expect(feeds.hits('/concurrent.ics')).toBe(1);
  });

  it('reads the feed again for a range beyond the window it has read', async () => {
    const { calendars, member } = setup('/far.ics', vcalendar(vevent('far', 'DTSTART:20280106T100000Z', 'DTEND:20280106T110000Z')));
    expect(await calendars.busyFor(member, from, to, now)).toEqual([]);
    const farFrom = at('2028-01-01T00:00:00Z');
    expect(await calendars.busyFor(member, farFrom, farFrom + 30 * DAY, now)).toEqual([
      interval('2028-01-06T10:00:00Z', '2028-01-06T11:00:00Z'),
    ]);
    expect(feeds.hits('/far.ics')).toBe(2);
  });

  it('serves a week-back, 730-day-horizon request and the same one a minute later from one read', async () => {
    const { calendars, member } = setup('/long-horizon.ics', meeting);
    const minuteLater = now + MINUTE;
    await calendars.busyFor(member, now - 8 * DAY, now + 738 * DAY, now);
    expect(await calendars.busyFor(member, minuteLater - 8 * DAY, minuteLater + 738 * DAY, minuteLater)).toEqual(meetingBusy);
    expect(feeds.hits('/long-horizon.ics')).toBe(1);
  });

  it('keeps serving the last good busy time, with a warning, when a feed starts failing', async () => {
    const { calendars, member, warnings } = setup('/failing.ics', meeting);
    await calendars.busyFor(member, from, to, now);
    feeds.publish('/failing.ics', { status: 503, body: 'down for maintenance' });
    expect(await calendars.busyFor(member, from, to, now + 6 * MINUTE)).toEqual(meetingBusy);
    expect(feeds.hits('/failing.ics')).toBe(2);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ member: 'ana', calendar: expect.stringMatching(/^ics 127\.0\.0\.1:\d+$/) });
    expect(JSON.stringify(warnings()[0])).toContain('503');
  });

  it('waits a TTL before asking a failing feed again', async () => {
    const { calendars, member } = setup('/down.ics', { status: 500, body: 'oops' });
    await calendars.busyFor(member, from, to, now);
    await calendars.busyFor(member, from, to, now + MINUTE);
    expect(feeds.hits('/down.ics')).toBe(1);
  });

  it('serves no busy time from a calendar that never answered well, without throwing', async () => {
    const { calendars, member, warnings } = setup('/broken.ics', 'this is not iCalendar');
    expect(await calendars.busyFor(member, from, to, now)).toEqual([]);
    expect(warnings()).toHaveLength(1);
  });

  it('gives up on a feed that does not answer within the timeout', async () => {
    const { calendars, member, warnings } = setup('/hanging.ics', { status: 200, body: meeting, hang: true }, { timeoutMs: 200 });
    expect(await calendars.busyFor(member, from, to, now)).toEqual([]);
    expect(warnings()).toHaveLength(1);
  });
});
