/**
 * Activity entries as CSV (RFC 4180: CRLF lines, a field with a comma, quote or line break in
 * quotes, quotes doubled). Customers type their own names, so a cell that a spreadsheet would
 * read as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`.
 */
import type { ActivityEntry } from '../store/activity-stream.js';
import { isoInstant } from './booking-response.js';

export const activityCsvHeader = ['at', 'type', 'actor', 'booking_id', 'status', 'event', 'page', 'start', 'end', 'customer_name', 'customer_email', 'members'];

export function activityCsv(entries: readonly ActivityEntry[]): string {
  const rows = entries.map((entry) => {
    const b = entry.booking;
    return [
      isoInstant(Date.parse(entry.at)),
      entry.type,
      entry.actor,
      b?.id ?? '',
      b?.status ?? '',
      b?.event ?? '',
      b?.page ?? '',
      b ? isoInstant(b.start) : '',
      b ? isoInstant(b.end) : '',
      b?.name ?? '',
      b?.email ?? '',
      b ? b.members.map((m) => m.name).join('; ') : '',
    ];
  });
  return [activityCsvHeader, ...rows].map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
