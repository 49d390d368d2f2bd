/**
 * What the team console's routes about members and pools answer (docs/http-api.md, "Schedules"
 * and "Dashboards"): a calendar test, a pool's dashboard, a member's own figures, the query of a
 * member's own slots. The schedule
 * itself is the config's (`server/config/schema.ts`).
 */
import { z } from '@hono/zod-openapi';
import { dateParam, pageParamsSchema, slotsQuerySchema, timezoneParam } from './api-schemas.js';
import { calendarFailures } from './calendar-failures.js';

const instant = z.string().openapi({ example: '2026-12-01T09:00:00Z' });

export const calendarTestResultSchema = z
  .union([
    z.object({
      ok: z.literal(true),
      busy: z.number().int().openapi({ description: 'Busy intervals found between `from` and `to` (overlapping and touching events merged).', example: 3 }),
      from: instant.openapi({ description: 'When the window read starts: now.' }),
      to: instant.openapi({ description: '14 days after `from`.' }),
      first: z
        .object({ start: instant, end: instant })
        .optional()
        .openapi({ description: 'The first busy interval of the window, when there is one.' }),
    }),
    z.object({
      ok: z.literal(false),
      error: z.enum(calendarFailures).openapi({
        description: '`not_found` (404, 410), `auth_refused` (401, 403), `not_a_calendar` (another answer, or one that is not iCalendar), `too_large` (over 16 MiB), `unreachable` (no answer, or a 5xx), `timed_out` (no whole answer in 10 s).',
      }),
      message: z.string().openapi({ description: 'The same in plain English words.', example: 'not found: the server has nothing at that address' }),
    }),
  ])
  .openapi('CalendarTestResult', { description: 'What one read of the calendar found; never its events, its URL or its credentials.' });

export const statsQuerySchema = z.object({
  from: dateParam.optional().openapi({ description: 'The first day counted, in `timezone`; 27 days before `to` when left out.', example: '2026-11-02' }),
  to: dateParam.optional().openapi({ description: 'The last day counted (inclusive), in `timezone`; today when left out. At most 366 days from `from`.', example: '2026-11-29' }),
  timezone: timezoneParam.optional().openapi({ description: 'The zone of the days and of the weeks (Monday to Sunday); UTC when left out.' }),
});

/** A member's own slots on a page entry: the public slots query, with the page named. */
export const memberSlotsQuerySchema = slotsQuerySchema.extend(pageParamsSchema.shape);

const count = z.number().int();

export const memberFiguresSchema = z
  .object({
    id: z.string().openapi({ example: 'ana' }),
    name: z.string().openapi({ description: 'From the config; the id for a member no longer in it.', example: 'Ana Silva' }),
    assigned: count.openapi({ description: 'Places given to the member in the days, whatever became of them.' }),
    credited: count.openapi({ description: 'What counts for fairness: `assigned` minus what `autocorrect` takes back (a member’s own figures: minus every cancellation, reassignment away and no-show).' }),
    cancelled: count.openapi({ description: 'Of those, cancelled or declined.' }),
    reassignedAway: count.openapi({ description: 'Of those, given to someone else since.' }),
    noShows: count,
    lastAssignedAt: instant.nullable().openapi({ description: 'The last place given in the days; null when none was.' }),
  })
  .openapi('MemberFigures');

export const weekCountsSchema = z
  .object({
    start: z.string().openapi({ description: 'The week’s Monday in `timezone` (it may come before `from`).', example: '2026-11-23' }),
    counts: z.record(z.string(), count).openapi({ description: 'Places given that week (within the days), by member id; 0 included.', example: { ana: 3, bo: 2 } }),
  })
  .openapi('WeekCounts');

const lineFigures = {
  credited: count.optional().openapi({ description: 'Round robin: credited bookings over the pool’s history window (a year).' }),
  lastAssignedAt: instant.nullable().optional().openapi({ description: 'Their last assignment by the pool; null: never.' }),
  priority: count.optional().openapi({ description: 'Their `priority` in the pool.' }),
};

export const nextInLineSchema = z
  .object({
    member: z.string().openapi({ example: 'ana' }),
    reason: z
      .object({
        kind: z.enum(['only_member', 'fewest_credited', 'longest_waiting', 'priority', 'id_order']).openapi({
          description: 'What put them before the runner-up: the pool’s order weighs, for `round_robin`, credited bookings, then time since the last assignment, then id; for `pooled`, time since the last assignment, then id; for `priority`, priority, then time since the last assignment, then id.',
        }),
        ...lineFigures,
        runnerUp: z
          .object({ member: z.string(), ...lineFigures })
          .optional()
          .openapi({ description: 'Second in line, with the same figures; absent for `only_member`.' }),
      })
      .openapi({
        description: 'The figures of each criterion weighed up to the deciding one (the earlier ones tied).',
        example: { kind: 'fewest_credited', credited: 4, runnerUp: { member: 'bo', credited: 5 } },
      }),
  })
  .openapi('NextInLine', {
    description: 'Who the pool’s order puts first for a booking made now. A page offers their times first (round robin shows the next member’s when they have none); pooled and priority give a booking to the first in this order who is free then.',
  });

const days = {
  from: z.string().openapi({ description: 'The first day counted.', example: '2026-11-02' }),
  to: z.string().openapi({ description: 'The last day counted.', example: '2026-11-29' }),
  timezone: z.string().openapi({ example: 'Europe/Paris' }),
};

export const poolDashboardSchema = z
  .object({
    pool: z.object({
      id: z.string().openapi({ example: 'sales' }),
      name: z.string().openapi({ description: 'Pools have no name of their own in the config: the id.', example: 'sales' }),
      method: z.enum(['round_robin', 'pooled', 'priority']),
    }),
    ...days,
    members: z.array(memberFiguresSchema).openapi({ description: 'Every member of the pool, in its config order; counts of the places the pool gave in the days.' }),
    nextInLine: nextInLineSchema.nullable(),
    weeks: z.array(weekCountsSchema).openapi({ description: 'Each week touching the days, oldest first.' }),
  })
  .openapi('PoolDashboard');

export const memberStatsSchema = z
  .object({
    member: memberFiguresSchema.openapi({ description: 'Every place the member was given in the days, by any pool or none.' }),
    ...days,
    weeks: z.array(weekCountsSchema).openapi({ description: 'Each week touching the days, oldest first; `counts` holds the member alone.' }),
  })
  .openapi('MemberStats');

export type CalendarTestResult = z.infer<typeof calendarTestResultSchema>;
export type PoolDashboardResponse = z.infer<typeof poolDashboardSchema>;
export type MemberStatsResponse = z.infer<typeof memberStatsSchema>;
