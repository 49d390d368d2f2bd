/**
 * The ways reading a calendar can fail, as the calendar test answers them
 * (`POST /api/v1/admin/members/{member}/calendar-test`): the server names them, the console words them.
 * `not_set_up`: a Google or Microsoft 365 calendar on a server without that provider's credentials.
 */
export const calendarFailures = ['not_found', 'auth_refused', 'not_a_calendar', 'too_large', 'unreachable', 'timed_out', 'not_set_up'] as const;
export type CalendarFailure = (typeof calendarFailures)[number];
