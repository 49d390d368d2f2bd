/** A calendar server's answer read up to the limit, whether or not it says its length, and each failure named. */
import { describe, expect, it } from 'vitest';
import { CalendarDataError, CalendarHttpError, CalendarTooLargeError, calendarFailure, calendarText } from '../../../server/integrations/calendar-response.js';

/** An answer sent in chunks, without a Content-Length, as a chunked HTTP answer comes. */
function streamed(chunks: string[]): Response {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks.length) return controller.close();
      controller.enqueue(new TextEncoder().encode(chunks[pulled++]));
    },
  });
  const response = new Response(body);
  return Object.assign(response, { pulled: () => pulled });
}

describe('reading a calendar answer', () => {
  it('reads a streamed answer up to the limit whole', async () => {
    expect(await calendarText(streamed(['BEGIN:', 'VCALENDAR']), 15)).toBe('BEGIN:VCALENDAR');
  });

  it('stops reading a streamed answer as soon as it passes the limit', async () => {
    const response = streamed(['12345', '67890', 'abcde', 'never read']) as Response & { pulled(): number };
    await expect(calendarText(response, 12)).rejects.toBeInstanceOf(CalendarTooLargeError);
    expect(response.pulled()).toBeLessThan(4);
  });

  it('refuses an answer whose Content-Length is over the limit before reading it', async () => {
    const response = new Response('x'.repeat(20), { headers: { 'content-length': '20' } });
    await expect(calendarText(response, 10)).rejects.toBeInstanceOf(CalendarTooLargeError);
  });
});

describe('naming a failed read', () => {
  it.each([
    [new CalendarHttpError('ICS feed', 404), 'not_found'],
    [new CalendarHttpError('ICS feed', 410), 'not_found'],
    [new CalendarHttpError('CalDAV REPORT', 401), 'auth_refused'],
    [new CalendarHttpError('CalDAV REPORT', 403), 'auth_refused'],
    [new CalendarHttpError('CalDAV REPORT', 200), 'not_a_calendar'],
    [new CalendarHttpError('ICS feed', 405), 'not_a_calendar'],
    [new CalendarHttpError('ICS feed', 503), 'unreachable'],
    [new CalendarDataError(new Error('invalid line')), 'not_a_calendar'],
    [new CalendarTooLargeError(), 'too_large'],
    [new DOMException('timed out', 'TimeoutError'), 'timed_out'],
    [new TypeError('fetch failed'), 'unreachable'],
  ])('names %s %s', (error, failure) => {
    expect(calendarFailure(error)).toBe(failure);
  });
});
