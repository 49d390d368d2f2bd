/** The API's answers the console reads, typed from the server's own schemas (types only: no zod ships). */
import type { z } from 'zod';
import type { activityPageSchema, bookingDetailSchema, savedFilterSchema } from '../shared/api-schemas.js';

export type ActivityPage = z.infer<typeof activityPageSchema>;
export type SavedFilter = z.infer<typeof savedFilterSchema>;
export type BookingDetail = z.infer<typeof bookingDetailSchema>;
import type { customerErasureSchema, customerExportSchema } from '../shared/api-schemas.js';
export type CustomerExport = z.infer<typeof customerExportSchema>;
export type CustomerErasure = z.infer<typeof customerErasureSchema>;


// A member's schedule, figures and calendar test, and a pool's dashboard (shared/team-schemas.ts).
import type { CalendarTestResult, MemberStatsResponse, PoolDashboardResponse } from '../shared/team-schemas.js';
export type CalendarTest = CalendarTestResult;
export type MemberStats = MemberStatsResponse;
export type PoolDashboard = PoolDashboardResponse;
export type Week = MemberStats['weeks'][number];
export type NextInLineReason = NonNullable<PoolDashboard['nextInLine']>['reason'];

/** A member's schedule as the config holds it (`GET`/`PUT …/members/{member}/schedule`). */
export type CalendarConnection =
  | { type: 'ics'; url: string }
  | { type: 'caldav'; url: string; username?: string | undefined; password?: string | undefined; writeTo?: boolean | undefined }
  /** Read through the provider's free/busy API with the server's credentials; `id` defaults to the member's email. */
  | { type: 'google'; id?: string | undefined }
  | { type: 'microsoft'; id?: string | undefined };
export interface Schedule {
  timezone: string;
  weekly: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;
  overrides: { date: string; intervals: [string, string][] }[];
  calendars: CalendarConnection[];
  /** Days away (inclusive local days); a replace that leaves them out keeps them. */
  away?: { from: string; to: string; handOverTo?: string; note?: string }[];
}
