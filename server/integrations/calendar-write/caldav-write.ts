/**
 * A booking's event in a CalDAV calendar collection (RFC 4791 §5.3.2): one resource per booking,
 * named after its UID, created with `If-None-Match: *` so an event already there is never
 * overwritten blindly, changed and removed with `If-Match` on the ETag Kairos last wrote.
 *
 * A `412 Precondition Failed` means the event is not the version Kairos wrote: someone changed it
 * in their calendar (or a create finds it already made by an earlier try whose answer was lost).
 * The booking is the truth about its own time, so the event is read again for its current ETag
 * and written (or removed) once more with that one; a second 412 is an error like any other.
 */
import type { CaldavCalendar } from '../caldav.js';
import { CalendarWriteError, type WrittenEvent } from './calendar-writer.js';

/** Per request: a calendar server slower than this is treated as down for now. */
export const CALDAV_TIMEOUT_MS = 5_000;

export interface CaldavWriteOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The event's URL in `calendar`: its UID, made safe for a path segment. */
export function eventHref(calendar: CaldavCalendar, uid: string): string {
  return new URL(`${encodeURIComponent(uid)}.ics`, calendar.url.endsWith('/') ? calendar.url : `${calendar.url}/`).toString();
}

/** Writes `ics` as the event `uid`: a create when `written` is undefined, else a change of that event. */
export async function putCaldavEvent(calendar: CaldavCalendar, uid: string, ics: string, written: WrittenEvent | undefined, options: CaldavWriteOptions = {}): Promise<WrittenEvent> {
  const href = written?.href ?? eventHref(calendar, uid);
  const put = (condition: Record<string, string>) =>
    request(calendar, 'PUT', href, options, { ...condition, 'content-type': 'text/calendar; charset=utf-8' }, ics);
  let response = await put(written?.etag ? { 'if-match': written.etag } : written ? {} : { 'if-none-match': '*' });
  if (response.status === 412 || (written && response.status === 404)) {
    await response.body?.cancel();
    // Changed (or removed) there since: written again over what is there now.
    const current = await currentEtag(calendar, href, options);
    response = await put(current === undefined ? { 'if-none-match': '*' } : current === null ? {} : { 'if-match': current });
  }
  if (response.status !== 201 && response.status !== 204 && response.status !== 200) throw await refusal('PUT', response);
  await response.body?.cancel();
  // A server that changed the event as it stored it sends no ETag (RFC 4791 §5.3.4): read it.
  const etag = response.headers.get('etag') ?? (await currentEtag(calendar, href, options)) ?? null;
  return { href, etag };
}

/** Removes the event; one already gone counts as removed. */
export async function deleteCaldavEvent(calendar: CaldavCalendar, written: WrittenEvent, options: CaldavWriteOptions = {}): Promise<void> {
  const remove = (etag: string | null) => request(calendar, 'DELETE', written.href, options, etag ? { 'if-match': etag } : {});
  let response = await remove(written.etag);
  if (response.status === 412) {
    await response.body?.cancel();
    const current = await currentEtag(calendar, written.href, options);
    if (current === undefined) return;
    response = await remove(current);
  }
  await response.body?.cancel();
  if (response.status === 404 || response.status === 410 || response.ok) return;
  throw await refusal('DELETE', response);
}

/** The event's ETag now: `undefined` when there is no event, `null` when the server names no ETag. */
async function currentEtag(calendar: CaldavCalendar, href: string, options: CaldavWriteOptions): Promise<string | null | undefined> {
  const response = await request(calendar, 'GET', href, options, {});
  await response.body?.cancel();
  if (response.status === 404 || response.status === 410) return undefined;
  if (!response.ok) throw await refusal('GET', response);
  return response.headers.get('etag');
}

async function request(calendar: CaldavCalendar, method: string, href: string, options: CaldavWriteOptions, headers: Record<string, string>, body?: string): Promise<Response> {
  if (calendar.username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${calendar.username}:${calendar.password ?? ''}`, 'utf8').toString('base64')}`;
  }
  const timeoutMs = options.timeoutMs ?? CALDAV_TIMEOUT_MS;
  try {
    return await (options.fetch ?? fetch)(href, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new CalendarWriteError(`CalDAV ${method}: no answer within ${timeoutMs} ms`, true);
    throw new CalendarWriteError(`CalDAV ${method}: unreachable (${error instanceof Error ? error.message : String(error)})`, true);
  }
}

/** 429, 5xx and 408 are worth another try; other refusals (401, 403, 404 of the calendar…) are not. The password is never in the message. */
async function refusal(method: string, response: Response): Promise<CalendarWriteError> {
  await response.body?.cancel().catch(() => undefined);
  const message = `CalDAV ${method} answered HTTP ${response.status}`;
  if (response.status === 429) {
    const header = response.headers.get('retry-after');
    const seconds = header && /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : undefined;
    return new CalendarWriteError(message, true, seconds);
  }
  return new CalendarWriteError(message, response.status >= 500 || response.status === 408);
}
