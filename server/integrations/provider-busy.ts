/**
 * Busy time read from Google Calendar and Microsoft 365 through their free/busy APIs, with the
 * same OAuth clients as their meetings and write-back (`conferencing/provider-api.ts`: token cache,
 * one fresh token on `401`, `429` with its `Retry-After`, secrets never in messages).
 *
 * - Google: `POST /calendar/v3/freeBusy` with `timeMin`, `timeMax`, `timeZone` and `items[{id}]`;
 *   the answer's `calendars[id].busy[{start, end}]` are RFC 3339 instants, and a calendar that
 *   cannot be read is named in `calendars[id].errors[{domain, reason}]` inside a `200`.
 * - Microsoft Graph: `POST /v1.0/users/{id}/calendar/getSchedule` with `schedules: [id]`,
 *   `startTime`/`endTime` in UTC and `availabilityViewInterval`; the answer's
 *   `value[].scheduleItems[{status, start, end}]` (in UTC: no `Prefer: outlook.timezone` is
 *   sent), a schedule that cannot be read is `value[].error`.
 *
 * Neither API allows an arbitrarily long range in one query (Google answers `timeRangeTooLong`
 * past about 90 days, Graph `ErrorTimeIntervalTooBig` past 62), so a read is split into chunks of
 * at most `CHUNK_DAYS`, asked for at once.
 *
 * Kairos's own events written back there (bookings, Meet events) come back as busy like any
 * other: neither API answers event ids to skip them by. Docs/config.md says why that is harmless.
 */
import { z } from 'zod';
import type { CalendarFailure } from '../../shared/calendar-failures.js';
import { DAY, type Interval } from '../engine/index.js';
import { googleApi, microsoftGraphApi, type GoogleAccount, type MicrosoftApp, type ProviderApi } from './conferencing/provider-api.js';
import { ConferencingError } from './conferencing/provider.js';

/** Under both APIs' limits (Google about 90 days, Graph 62). */
export const CHUNK_DAYS = 60;

/** The provider calendars a member's `calendars` may name. */
export type BusyProviderName = 'google' | 'microsoft';

export interface ProviderBusyReader {
  readonly name: BusyProviderName;
  /** The busy time of `owner` (a Google calendar id; a Microsoft 365 user id or UPN) in `window`. */
  busy(owner: string, window: Interval): Promise<Interval[]>;
}

/** A free/busy read that failed, and which way, as the calendar test names it (`shared/calendar-failures.ts`). */
export class ProviderBusyError extends Error {
  constructor(
    message: string,
    readonly failure: CalendarFailure,
    /** The provider's `Retry-After` on a `429`: no read before it has passed. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderBusyError';
  }
}

/** Which failure a provider call's error is: refused credentials, no such calendar, down, slow, or nonsense. */
function busyError(error: unknown): ProviderBusyError {
  if (error instanceof ProviderBusyError) return error;
  if (!(error instanceof ConferencingError)) return new ProviderBusyError(String(error), 'unreachable');
  const answer = error.answer;
  const failure: CalendarFailure =
    answer === 'timeout' ? 'timed_out'
    : answer === 'malformed' ? 'not_a_calendar'
    : answer === 'token_refused' || answer === 401 || answer === 403 ? 'auth_refused'
    : answer === 404 || answer === 410 ? 'not_found'
    : 'unreachable';
  return new ProviderBusyError(error.message, failure, error.retryAfterMs);
}

/** `window` cut into consecutive pieces of at most `CHUNK_DAYS`. */
export function chunks(window: Interval, days = CHUNK_DAYS): Interval[] {
  const pieces: Interval[] = [];
  for (let start = window.start; start < window.end; start += days * DAY) pieces.push({ start, end: Math.min(window.end, start + days * DAY) });
  return pieces;
}

async function readChunks(window: Interval, read: (chunk: Interval) => Promise<Interval[]>): Promise<Interval[]> {
  try {
    return (await Promise.all(chunks(window).map(read))).flat();
  } catch (error) {
    throw busyError(error);
  }
}

const instant = z.string().refine((text) => !Number.isNaN(Date.parse(text)));

const freeBusyAnswer = z.object({
  calendars: z.record(
    z.string(),
    z.object({
      busy: z.array(z.object({ start: instant, end: instant })).default([]),
      errors: z.array(z.object({ domain: z.string().optional(), reason: z.string().optional() })).optional(),
    }),
  ),
});

export class GoogleBusy implements ProviderBusyReader {
  readonly name = 'google';
  private readonly api: ProviderApi;

  constructor(account: GoogleAccount) {
    this.api = googleApi(account);
  }

  busy(calendar: string, window: Interval): Promise<Interval[]> {
    return readChunks(window, async (chunk) => {
      const body = { timeMin: iso(chunk.start), timeMax: iso(chunk.end), timeZone: 'UTC', items: [{ id: calendar }] };
      const answer = (await this.api.call('POST', '/calendar/v3/freeBusy', body, freeBusyAnswer))!;
      // Keyed by the id asked for; Google may write an address in lower case.
      const found = answer.calendars[calendar] ?? Object.entries(answer.calendars).find(([id]) => id.toLowerCase() === calendar.toLowerCase())?.[1];
      if (!found) throw new ProviderBusyError(`Google Calendar freeBusy: the answer has no entry for the calendar asked for`, 'not_a_calendar');
      const error = found.errors?.[0];
      // `notFound` is the documented reason for a calendar that does not exist or is not shared with the account.
      if (error) throw new ProviderBusyError(`Google Calendar freeBusy: the calendar could not be read (${error.reason ?? 'no reason given'})`, error.reason === 'notFound' ? 'not_found' : 'unreachable');
      return found.busy.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })).filter((b) => b.end > b.start);
    });
  }
}

/**
 * Which of Graph's `freeBusyStatus` values keep the member from a meeting: `busy` and `oof` (out
 * of office) surely; `tentative` too, as a TENTATIVE event in an ICS feed does; `unknown` too, on
 * the safe side. `free` does not, nor `workingElsewhere`: the member works, from another place.
 */
export const BLOCKING_STATUSES: readonly string[] = ['busy', 'oof', 'tentative', 'unknown'];

const graphTime = z.object({ dateTime: z.string(), timeZone: z.string().optional() });
const scheduleAnswer = z.object({
  value: z.array(
    z.object({
      scheduleId: z.string().optional(),
      scheduleItems: z.array(z.object({ status: z.string(), start: graphTime, end: graphTime })).optional(),
      error: z.object({ message: z.string().optional(), responseCode: z.string().optional() }).nullish(),
    }),
  ),
});

export class MicrosoftBusy implements ProviderBusyReader {
  readonly name = 'microsoft';
  private readonly api: ProviderApi;

  constructor(app: MicrosoftApp) {
    this.api = microsoftGraphApi(app);
  }

  busy(user: string, window: Interval): Promise<Interval[]> {
    return readChunks(window, async (chunk) => {
      const body = {
        schedules: [user],
        startTime: { dateTime: utcLocal(chunk.start), timeZone: 'UTC' },
        endTime: { dateTime: utcLocal(chunk.end), timeZone: 'UTC' },
        // Its `availabilityView` is not used: the largest slot (a day) keeps it short.
        availabilityViewInterval: 1440,
      };
      const answer = (await this.api.call('POST', `/v1.0/users/${encodeURIComponent(user)}/calendar/getSchedule`, body, scheduleAnswer))!;
      const schedule = answer.value.find((s) => s.scheduleId?.toLowerCase() === user.toLowerCase()) ?? answer.value[0];
      if (!schedule) throw new ProviderBusyError('Microsoft Graph getSchedule: the answer has no schedule', 'not_a_calendar');
      if (schedule.error) {
        const code = schedule.error.responseCode ?? 'no code given';
        throw new ProviderBusyError(`Microsoft Graph getSchedule: the schedule could not be read (${code})`, /NotFound/i.test(code) ? 'not_found' : /Denied|Unauthorized|Forbidden/i.test(code) ? 'auth_refused' : 'unreachable');
      }
      return (schedule.scheduleItems ?? [])
        .filter((item) => BLOCKING_STATUSES.includes(item.status.toLowerCase()))
        .map((item) => ({ start: graphInstant(item.start), end: graphInstant(item.end) }))
        .filter((b) => b.end > b.start);
    });
  }
}

const iso = (at: number) => new Date(at).toISOString();
/** Graph's `dateTime` is a local time without offset, read in the `timeZone` beside it: here UTC. */
const utcLocal = (at: number) => iso(at).replace(/Z$/, '');

/** A time Graph answered, in UTC as asked (Graph writes seven decimals; other zones are not what was asked for). */
function graphInstant(time: z.infer<typeof graphTime>): number {
  if (time.timeZone !== undefined && !/^(UTC|Etc\/UTC|Coordinated Universal Time)$/i.test(time.timeZone)) {
    throw new ProviderBusyError(`Microsoft Graph getSchedule: a time in ${time.timeZone}, not UTC as asked`, 'not_a_calendar');
  }
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?$/.exec(time.dateTime);
  if (!match) throw new ProviderBusyError('Microsoft Graph getSchedule: a time that is not a date and time', 'not_a_calendar');
  const at = Date.parse(`${match[1]}${(match[2] ?? '').slice(0, 4)}Z`);
  if (Number.isNaN(at)) throw new ProviderBusyError('Microsoft Graph getSchedule: a time that is not a date and time', 'not_a_calendar');
  return at;
}

/** The variables each provider's busy time needs: the same as its meetings' and write-back's (README). */
export const busySettings: Record<BusyProviderName, string[]> = {
  google: ['KAIROS_GOOGLE_CLIENT_ID', 'KAIROS_GOOGLE_CLIENT_SECRET', 'KAIROS_GOOGLE_REFRESH_TOKEN'],
  microsoft: ['KAIROS_TEAMS_TENANT_ID', 'KAIROS_TEAMS_CLIENT_ID', 'KAIROS_TEAMS_CLIENT_SECRET'],
};

/** The free/busy readers this environment sets up; a provider whose variables are not all set is left out. */
export function providerBusyReaders(env: Record<string, string | undefined>, options: { now: () => number; timeoutMs?: number }): Map<BusyProviderName, ProviderBusyReader> {
  const readers = new Map<BusyProviderName, ProviderBusyReader>();
  const common = { now: options.now, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const optional = (key: string, as: string) => (env[key] ? { [as]: env[key]! } : {});
  const set = (name: BusyProviderName) => busySettings[name].every((key) => env[key]);
  if (set('google')) {
    readers.set('google', new GoogleBusy({
      clientId: env.KAIROS_GOOGLE_CLIENT_ID!, clientSecret: env.KAIROS_GOOGLE_CLIENT_SECRET!, refreshToken: env.KAIROS_GOOGLE_REFRESH_TOKEN!,
      ...optional('KAIROS_GOOGLE_OAUTH_URL', 'oauthUrl'), ...optional('KAIROS_GOOGLE_API_URL', 'apiUrl'), ...common,
    }));
  }
  if (set('microsoft')) {
    readers.set('microsoft', new MicrosoftBusy({
      tenantId: env.KAIROS_TEAMS_TENANT_ID!, clientId: env.KAIROS_TEAMS_CLIENT_ID!, clientSecret: env.KAIROS_TEAMS_CLIENT_SECRET!,
      ...optional('KAIROS_TEAMS_LOGIN_URL', 'loginUrl'), ...optional('KAIROS_TEAMS_GRAPH_URL', 'graphUrl'), ...common,
    }));
  }
  return readers;
}
