/**
 * What a calendar server answered, for the two readers (`ics-feed.ts`, `caldav.ts`): the body,
 * read up to a limit, and each way a read fails, named so a person can be told which
 * (`CalendarBusy.check`).
 */
import { calendarFailures, type CalendarFailure } from '../../shared/calendar-failures.js';

/**
 * The most of an answer read, so a calendar URL that streams without end cannot fill the
 * server's memory: years of a busy person's events take a few MiB.
 */
export const MAX_CALENDAR_BYTES = 16 * 1024 * 1024;

/** The server answered, but not with the calendar asked for. */
export class CalendarHttpError extends Error {
  constructor(
    readonly kind: 'ICS feed' | 'CalDAV REPORT',
    readonly status: number,
  ) {
    super(`${kind} answered HTTP ${status}`);
    this.name = 'CalendarHttpError';
  }
}

/** What came is not iCalendar data. */
export class CalendarDataError extends Error {
  constructor(cause: unknown) {
    super(`not iCalendar data: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'CalendarDataError';
  }
}

export class CalendarTooLargeError extends Error {
  constructor() {
    super(`the calendar's answer is over ${MAX_CALENDAR_BYTES} bytes`);
    this.name = 'CalendarTooLargeError';
  }
}

/** The body as text; `CalendarTooLargeError` past `MAX_CALENDAR_BYTES`, without reading the rest. */
export async function calendarText(response: Response, limit = MAX_CALENDAR_BYTES): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel();
    throw new CalendarTooLargeError();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString('utf8');
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new CalendarTooLargeError();
    }
    chunks.push(value);
  }
}

/** Each failure in plain words, for people. */
export const calendarFailureMessages: Record<CalendarFailure, string> = {
  not_found: 'not found: the server has nothing at that address',
  auth_refused: 'auth refused: the server wants other credentials',
  not_a_calendar: 'not a calendar: the address answers, but not with calendar data',
  too_large: `too large: the answer is over ${MAX_CALENDAR_BYTES / 1024 / 1024} MiB`,
  unreachable: 'unreachable: no answer came from that address, or its server failed',
  timed_out: 'timed out: the server took too long to answer',
  not_set_up: 'not set up: this server has no credentials for that provider (README, "Busy time from Google and Microsoft 365")',
};

/** Which failure `error`, thrown by a read, is. */
export function calendarFailure(error: unknown): CalendarFailure {
  // Google's and Microsoft's readers say it themselves (`provider-busy.ts`).
  const named = (error as { failure?: unknown } | null)?.failure;
  if (typeof named === 'string' && (calendarFailures as readonly string[]).includes(named)) return named as CalendarFailure;
  if (error instanceof CalendarTooLargeError) return 'too_large';
  if (error instanceof CalendarHttpError) {
    if (error.status === 404 || error.status === 410) return 'not_found';
    if (error.status === 401 || error.status === 403) return 'auth_refused';
    return error.status >= 500 ? 'unreachable' : 'not_a_calendar';
  }
  if (error instanceof CalendarDataError) return 'not_a_calendar';
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timed_out';
  // What else a read throws comes from fetch, when no answer came at all: refused, no such host, TLS.
  return 'unreachable';
}
