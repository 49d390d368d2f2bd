/**
 * Config factories for the hardening tests and the server benchmark: members free around the
 * clock in UTC, so every 15-minute slot in the horizon is bookable and a test can pick slots
 * without reasoning about availability.
 */
import type { ConfigInput } from '../server/config/schema.js';
import { DAY } from '../server/engine/index.js';

const allDay: [string, string][] = [['00:00', '24:00']];
const weekly = { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay };

export function memberIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);
}

/** A member free every minute of every day, in UTC. */
export function alwaysFreeMember(id: string) {
  return { id, name: `Member ${id}`, email: `${id}@example.com`, timezone: 'UTC', locale: 'en-US', weekly };
}

/** A 15-minute event on a 15-minute grid, bookable right away, no buffers, no form fields. */
export function quickEvent(id: string, over: { seats?: number; horizonDays?: number } = {}) {
  return {
    id,
    title: { en: `Event ${id}` },
    durationMinutes: 15,
    slotIntervalMinutes: 15,
    minNoticeMinutes: 0,
    horizonDays: over.horizonDays ?? 30,
    seats: over.seats ?? 1,
    location: { type: 'phone' as const },
  };
}

/**
 * One page, `race`, with three entries: `solo` (one member, one seat), `group` (the same member,
 * five seats; a different time) and `trio` (a pooled pool of three).
 */
export function raceConfig(): ConfigInput {
  const trio = memberIds('t', 3);
  return {
    members: [alwaysFreeMember('solo'), alwaysFreeMember('host'), ...trio.map(alwaysFreeMember)],
    eventTypes: [quickEvent('solo'), quickEvent('group', { seats: 5 }), quickEvent('trio')],
    pools: [{ id: 'trio', method: 'pooled', members: trio.map((member) => ({ member })) }],
    pages: [
      {
        slug: 'race',
        title: { en: 'Race' },
        entries: [
          { event: 'solo', host: { member: 'solo' } },
          { event: 'group', host: { member: 'host' } },
          { event: 'trio', host: { pool: 'trio' } },
        ],
      },
    ],
  };
}

/** A page `team` whose one event `call` goes to a pooled pool of `size` always-free members. */
export function pooledTeamConfig(size: number, horizonDays = 30): ConfigInput {
  const ids = memberIds('m', size);
  return {
    members: ids.map(alwaysFreeMember),
    eventTypes: [quickEvent('call', { horizonDays })],
    pools: [{ id: 'team', method: 'pooled', members: ids.map((member) => ({ member })) }],
    pages: [{ slug: 'team', title: { en: 'Team' }, entries: [{ event: 'call', host: { pool: 'team' } }] }],
  };
}

/** Midnight UTC `days` days after `now`'s day: far enough ahead for any notice, inside the horizon. */
export function dayStart(now: number, days: number): number {
  return Math.floor(now / DAY) * DAY + days * DAY;
}

/** The body of a public booking request for `event` at `start`. */
export function bookingBody(event: string, start: number, who = 'guest', extra: Record<string, unknown> = {}) {
  return {
    event,
    start: new Date(start).toISOString(),
    timezone: 'Europe/Paris',
    locale: 'en-US',
    name: `Guest ${who}`,
    email: `${who}@example.org`,
    ...extra,
  };
}
