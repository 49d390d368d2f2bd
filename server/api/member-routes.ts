/**
 * A member's own corner of the console (docs/http-api.md, "Schedules" and "Dashboards"), on the
 * admin app (`admin-routes.ts`) behind its key or session: their schedule read and replaced, a
 * calendar connection tried before it is saved, their figures. A member reaches only their own
 * (any other member is `404`, as if absent); an admin anyone's.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { calendarSchema, scheduleSchema } from '../config/schema.js';
import { calendarFailureMessages } from '../integrations/calendar-response.js';
import { changeSchedule, showSchedule } from '../team/member-schedule.js';
import { memberStats } from '../team/member-stats.js';
import { testCalendar } from '../team/test-calendar.js';
import type { KeyEnv } from './admin-key.js';
import type { ApiDeps } from './api-deps.js';
import { isoInstant } from './booking-response.js';
import { memberParamsSchema } from '../../shared/api-schemas.js';
import { calendarTestResultSchema, memberStatsSchema, statsQuerySchema } from '../../shared/team-schemas.js';
import { body, bodyErrors, errors, json } from './route-docs.js';
import { figuresOf } from './stats-response.js';

const adminOrMember = { security: [{ adminKey: [] }, { memberKey: [] }, { session: [] }] as Record<string, string[]>[] };

/** The schedule as the config holds it (docs/config.md, "members"); the linter checks the example against it. */
const schedule = scheduleSchema.openapi('Schedule', {
  description: 'A member’s time zone, weekly hours, date overrides and calendars, with the config’s keys and formats (docs/config.md, “members”). A calendar’s password is never shown: it reads `"********"`, which a replace keeps (the stored password of the calendar at the same URL); a new value replaces it.',
  example: {
    timezone: 'Europe/Lisbon',
    weekly: { mon: [['09:00', '12:00'], ['13:00', '17:00']], tue: [['09:00', '17:00']] },
    overrides: [{ date: '2026-12-24', intervals: [] }],
    calendars: [{ type: 'ics', url: 'https://calendar.example.com/ana.ics' }],
  },
});
const calendarTestRequest = z.object({ calendar: calendarSchema }).strict().openapi('CalendarTestRequest', {
  description: 'A calendar connection as the config describes it (docs/config.md, “members”), saved or not. A password of `"********"` stands for the one stored for the member’s calendar at that URL.',
  example: { calendar: { type: 'caldav', url: 'https://dav.example.com/ana/work/', username: 'ana', password: 'secret' } },
});

const readErrors = errors({ 401: ['unauthorized'], 404: ['not_found'], 413: ['payload_too_large'] });

const getSchedule = createRoute({
  method: 'get', path: '/members/{member}/schedule', operationId: 'getSchedule', ...adminOrMember,
  summary: 'A member’s schedule (a member: their own)',
  request: { params: memberParamsSchema },
  responses: { 200: json(schedule, 'the schedule'), ...readErrors },
});
const putSchedule = createRoute({
  method: 'put', path: '/members/{member}/schedule', operationId: 'replaceSchedule', ...adminOrMember,
  summary: 'Replace a member’s schedule (a member: their own)',
  description: 'All four parts, replaced whole; the next slot search sees them. A calendar password of `"********"` keeps the stored one of the calendar at the same URL, and refuses the replace (`422`) when there is none. Recorded as `schedule_changed` (the parts that changed, not their values) when anything changed. A later config import that lists the member replaces the member whole, schedule included.',
  request: { params: memberParamsSchema, ...body(schedule, 'the whole schedule') },
  responses: {
    200: json(schedule, 'the schedule as stored'),
    ...errors({ ...bodyErrors, 401: ['unauthorized'], 403: ['csrf_failed'], 404: ['not_found'], 422: ['validation_failed'] }),
  },
});
const postCalendarTest = createRoute({
  method: 'post', path: '/members/{member}/calendar-test', operationId: 'testCalendar', ...adminOrMember,
  summary: 'Read a calendar connection once, for the next 14 days (a member: for their own schedule)',
  description: 'The server fetches the URL (any address it can reach, with the calendar reads’ 10 s timeout and 16 MiB limit) and says what it found, or which way it failed: always `200`, never the calendar’s events or credentials. Floating times are read in the member’s zone. Nothing is saved.',
  request: { params: memberParamsSchema, ...body(calendarTestRequest, 'the calendar connection') },
  responses: {
    200: json(calendarTestResultSchema, 'what the read found, or why it failed'),
    ...errors({ ...bodyErrors, 401: ['unauthorized'], 403: ['csrf_failed'], 404: ['not_found'], 422: ['validation_failed'] }),
  },
});
const getMemberStats = createRoute({
  method: 'get', path: '/members/{member}/stats', operationId: 'getMemberStats', ...adminOrMember,
  summary: 'A member’s figures over a range of days, with a weekly series (a member: their own)',
  description: 'Every place the member was given in the days, drawn by any pool or none (a member host, a panel), by when it was given.',
  request: { params: memberParamsSchema, query: statsQuerySchema },
  responses: { 200: json(memberStatsSchema, 'the figures'), ...errors({ 401: ['unauthorized'], 404: ['not_found'], 413: ['payload_too_large'], 422: ['validation_failed'] }) },
});

export function memberRoutes(app: OpenAPIHono<KeyEnv>, deps: ApiDeps): void {
  app.openapi(getSchedule, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await showSchedule(deps, { member: c.req.valid('param').member, actor: c.get('actor') }), 200);
  });
  app.openapi(putSchedule, async (c) => {
    c.header('Cache-Control', 'no-store');
    const stored = await changeSchedule(deps, { member: c.req.valid('param').member, schedule: c.req.valid('json'), actor: c.get('actor'), now: deps.now() });
    return c.json(stored, 200);
  });
  app.openapi(postCalendarTest, async (c) => {
    const { window, check } = await testCalendar(deps, { member: c.req.valid('param').member, calendar: c.req.valid('json').calendar, actor: c.get('actor'), now: deps.now() });
    if (!check.ok) return c.json({ ok: false as const, error: check.failure, message: calendarFailureMessages[check.failure] }, 200);
    const [first] = check.busy;
    return c.json(
      {
        ok: true as const,
        busy: check.busy.length,
        from: isoInstant(window.start),
        to: isoInstant(window.end),
        ...(first ? { first: { start: isoInstant(first.start), end: isoInstant(first.end) } } : {}),
      },
      200,
    );
  });
  app.openapi(getMemberStats, async (c) => {
    const found = await memberStats(deps, { member: c.req.valid('param').member, ...c.req.valid('query'), timezone: c.req.valid('query').timezone ?? 'UTC', actor: c.get('actor'), now: deps.now() });
    return c.json({ member: figuresOf(found.figures, found.member.name), from: found.days.from, to: found.days.to, timezone: found.days.timezone, weeks: found.weeks }, 200);
  });
}
