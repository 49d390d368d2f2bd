/**
 * Test fixtures for calendar tests: a local HTTP server publishing ICS feeds (counting the
 * requests each path gets), iCalendar text builders, and a logger whose warnings can be read.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { memberSchema, type Member } from '../../../server/config/schema.js';

export interface FeedResponse {
  status: number;
  body: string;
  /** Never answer: the request hangs until the client gives up. */
  hang?: boolean;
}

export interface FeedServer {
  url(path: string): string;
  publish(path: string, response: FeedResponse | string): void;
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const feeds = new Map<string, FeedResponse>();
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const feed = feeds.get(path) ?? { status: 404, body: 'no such feed' };
    if (feed.hang) return;
    response.writeHead(feed.status, { 'content-type': 'text/calendar; charset=utf-8' }).end(feed.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    publish: (path, response) => feeds.set(path, typeof response === 'string' ? { status: 200, body: response } : response),
    hits: (path) => hits.get(path) ?? 0,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A VCALENDAR around the given components, with CRLF line ends as RFC 5545 wants. */
export function vcalendar(...components: string[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kairos//tests//EN', ...components, 'END:VCALENDAR'];
  return lines.join('\r\n') + '\r\n';
}

/** A VEVENT with the given properties (`DTSTART;TZID=Europe/Paris:20260105T140000`…). */
export function vevent(uid: string, ...properties: string[]): string {
  return ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...properties, 'END:VEVENT'].join('\r\n');
}

/** Europe/Paris as Outlook and Google publish it: CET/CEST with the EU rules. */
export const parisTimezone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export function memberWithCalendars(calendars: Member['calendars'], timezone = 'America/New_York'): Member {
  return memberSchema.parse({ id: 'ana', name: 'Ana Silva', email: 'ana@example.com', timezone, calendars });
}

/** A pino logger writing to memory, so tests can read its warnings. */
export function memoryLogger(): { log: pino.Logger; warnings: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  return { log, warnings: () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40) };
}

export const at = (iso: string): number => Date.parse(iso);
export const interval = (start: string, end: string) => ({ start: at(start), end: at(end) });
