/** A calendar row's payload (`calendar-rows.ts`), apart so the outbox's payload type can name it. */
export interface CalendarSync {
  kind: 'calendar';
}
