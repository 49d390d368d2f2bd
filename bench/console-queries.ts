/**
 * What the console benchmark asks the server: the activity stream as the team console asks for
 * it (its views, each filter, filters together, searches of every kind, the next page), a
 * member's own stream, and the booking detail. Each request `i` of a query takes the `i`-th of a
 * few variants (another member, another name…), so a query is timed over the data, not over one
 * cached answer.
 */
import { pageTitles, pools, teamMembers } from './console-config.js';
import { RARE_COMPANY } from './console-people.js';
import type { Facts } from './console-data.js';

export interface Query {
  name: string;
  /** Path and query of the `i`-th request. */
  path(i: number): string;
  /** Whose key asks: the admin's, or the one member's. */
  as: 'admin' | 'member';
}

const DAY = 86_400_000;
const ACTIVITY = '/api/v1/admin/activity';
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const cycle = <T>(items: readonly T[]) => (i: number) => items[i % items.length]!;
const q = (text: string) => `${ACTIVITY}?q=${encodeURIComponent(text)}`;

/** The queries over the seeded data; `secondPage` is the `nextCursor` of the default stream's first page. */
export function consoleQueries(facts: Facts, now: number, secondPage: string): Query[] {
  const member = cycle(teamMembers.map((m) => m.id).filter((_, i) => i % 3 === 0));
  const pool = cycle(Object.keys(pools));
  const page = cycle(Object.keys(pageTitles));
  const event = cycle(['demo', 'intro', 'support-call', 'onboarding', 'consult', 'workshop']);
  const status = cycle(['cancelled', 'no_show', 'declined', 'confirmed', 'pending']);
  // A week, a month and a quarter back; a week ahead.
  const week = cycle([-7, -35, -90, -200, -400, 7].map((offset) => [day(now + offset * DAY), day(now + (offset + 6) * DAY)] as const));
  // Surnames neither the commonest nor rare: what someone remembers of a customer.
  const surnames = [...facts.surnames].sort((a, b) => b[1] - a[1]).slice(20, 60).map(([name]) => name);
  const name = cycle(surnames);
  // The first part of an address, up to a few letters of its domain.
  const emailPrefix = cycle(facts.emails.slice(0, 50).map((e) => e.slice(0, e.indexOf('@') + 4)));
  // The last digits as written, or the first as typed without spaces.
  const phone = cycle(facts.phones.slice(0, 50).map((p, i) => (i % 2 ? p.split(/[\s-]/).slice(-2).join(' ') : p.replace(/\D/g, '').slice(0, 8))));
  // Topics many asked about, and companies that booked a few dozen to a few hundred times.
  const companies = [...facts.companies].sort((a, b) => b[1] - a[1]).map(([word]) => word);
  const answer = cycle(['Shopify', companies[1]!, 'GDPR', companies[40]!, 'Salesforce', companies[200]!]);
  const booking = cycle(facts.bookingIds.filter((_, i) => i % 997 === 0));
  return [
    { name: 'stream, first page', as: 'admin', path: () => ACTIVITY },
    { name: 'view=today', as: 'admin', path: () => `${ACTIVITY}?view=today` },
    { name: 'view=upcoming', as: 'admin', path: () => `${ACTIVITY}?view=upcoming` },
    { name: 'view=requests', as: 'admin', path: () => `${ACTIVITY}?view=requests` },
    { name: 'status', as: 'admin', path: (i) => `${ACTIVITY}?status=${status(i)}` },
    { name: 'member', as: 'admin', path: (i) => `${ACTIVITY}?member=${member(i)}` },
    { name: 'pool', as: 'admin', path: (i) => `${ACTIVITY}?pool=${pool(i)}` },
    { name: 'page', as: 'admin', path: (i) => `${ACTIVITY}?page=${page(i)}` },
    { name: 'event', as: 'admin', path: (i) => `${ACTIVITY}?event=${event(i)}` },
    { name: 'from/to (a week)', as: 'admin', path: (i) => `${ACTIVITY}?from=${week(i)[0]}&to=${week(i)[1]}` },
    { name: 'pool+status+from/to', as: 'admin', path: (i) => `${ACTIVITY}?pool=${pool(i)}&status=confirmed&from=${week(i)[0]}&to=${week(i)[1]}` },
    { name: 'member+view=upcoming', as: 'admin', path: (i) => `${ACTIVITY}?member=${member(i)}&view=upcoming` },
    { name: 'page+event+status', as: 'admin', path: (i) => `${ACTIVITY}?page=sales&event=demo&status=${status(i)}` },
    { name: 'q: name word', as: 'admin', path: (i) => q(name(i)) },
    { name: 'q: email prefix', as: 'admin', path: (i) => q(emailPrefix(i)) },
    { name: 'q: phone fragment', as: 'admin', path: (i) => q(phone(i)) },
    { name: 'q: answer word', as: 'admin', path: (i) => q(answer(i)) },
    { name: 'q: booking id', as: 'admin', path: (i) => q(booking(i)) },
    { name: 'q: rare word', as: 'admin', path: () => q(RARE_COMPANY) },
    { name: 'q: name + status', as: 'admin', path: (i) => `${q(name(i))}&status=${status(i)}` },
    { name: 'second page (cursor)', as: 'admin', path: () => `${ACTIVITY}?cursor=${encodeURIComponent(secondPage)}` },
    { name: 'member key: stream', as: 'member', path: () => ACTIVITY },
    { name: 'member key: view=upcoming', as: 'member', path: () => `${ACTIVITY}?view=upcoming` },
    { name: 'booking detail', as: 'admin', path: (i) => `/api/v1/admin/bookings/${booking(i)}` },
  ];
}
