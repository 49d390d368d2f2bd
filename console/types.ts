/** The API's answers the console reads, typed from the server's own schemas (types only: no zod ships). */
import type { z } from 'zod';
import type { activityPageSchema, bookingDetailSchema, savedFilterSchema } from '../shared/api-schemas.js';

export type ActivityPage = z.infer<typeof activityPageSchema>;
export type SavedFilter = z.infer<typeof savedFilterSchema>;
export type BookingDetail = z.infer<typeof bookingDetailSchema>;
import type { customerErasureSchema, customerExportSchema } from '../shared/api-schemas.js';
export type CustomerExport = z.infer<typeof customerExportSchema>;
export type CustomerErasure = z.infer<typeof customerErasureSchema>;

// A member's schedule and counts, and a pool's dashboard (docs/http-api.md, "For the team").
export type CalendarConnection = { type: 'ics'; url: string } | { type: 'caldav'; url: string; username?: string | undefined; password?: string | undefined };
export interface Schedule {
  timezone: string;
  weekly: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;
  overrides: { date: string; intervals: [string, string][] }[];
  calendars: CalendarConnection[];
}
export type CalendarTest = { ok: true; busy: number; from?: string; to?: string; first?: { start: string; end: string } } | { ok: false; error: string };
export interface Counts {
  assigned: number;
  credited: number;
  cancelled: number;
  reassignedAway: number;
  noShows: number;
  lastAssignedAt: string | null;
}
export interface Week {
  start: string;
  counts: Record<string, number>;
}
export interface MemberStats extends Counts {
  weeks: Week[];
}
export interface PoolDashboard {
  pool: { id: string; name: string };
  members: (Counts & { id: string; name: string })[];
  nextInLine: { member: string; reason: { kind: string; [key: string]: unknown } } | null;
  weeks: Week[];
}
