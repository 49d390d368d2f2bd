/**
 * What the server benchmark books against (bench/server.ts): a page `load` whose 5-minute event
 * goes to a pooled pool of members free around the clock a year ahead, so 64 clients always find
 * distinct free slots; and a page `team` of 50 members with office hours in six zones, for
 * timing slot reads the way a real team page is asked.
 */
import type { ConfigInput } from '../server/config/schema.js';
import { alwaysFreeMember, memberIds } from '../harness/team-config.js';

export const LOAD_HORIZON_DAYS = 365;
export const TEAM_SIZE = 50;
const LOAD_MEMBERS = 10;
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Europe/London'];

/** `load`: the booking target; `team`: 50 members in six zones with office hours, for slot reads. */
export function benchConfig(): ConfigInput {
  const load = memberIds('load', LOAD_MEMBERS);
  const team = memberIds('team', TEAM_SIZE);
  const office: [string, string][] = [['09:00', '12:30'], ['13:30', '17:30']];
  const weekdays = { mon: office, tue: office, wed: office, thu: office, fri: office, sat: [], sun: [] };
  return {
    members: [
      ...load.map(alwaysFreeMember),
      ...team.map((id, i) => ({ ...alwaysFreeMember(id), timezone: ZONES[i % ZONES.length], weekly: weekdays })),
    ],
    eventTypes: [
      {
        id: 'quick',
        title: { en: 'Quick call' },
        durationMinutes: 5,
        slotIntervalMinutes: 5,
        minNoticeMinutes: 0,
        horizonDays: LOAD_HORIZON_DAYS,
        location: { type: 'phone' },
      },
      {
        id: 'demo',
        title: { en: 'Product demo' },
        durationMinutes: 30,
        slotIntervalMinutes: 15,
        bufferAfterMinutes: 10,
        minNoticeMinutes: 240,
        horizonDays: 60,
        maxPerDay: 6,
        location: { type: 'video', provider: 'jitsi' },
      },
    ],
    pools: [
      { id: 'load', method: 'pooled', members: load.map((member) => ({ member })) },
      { id: 'team', method: 'pooled', members: team.map((member) => ({ member })) },
    ],
    pages: [
      { slug: 'load', title: { en: 'Load' }, entries: [{ event: 'quick', host: { pool: 'load' } }] },
      { slug: 'team', title: { en: 'Team' }, entries: [{ event: 'demo', host: { pool: 'team' } }] },
    ],
  };
}
