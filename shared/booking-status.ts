/** The states a booking can be in (docs/http-api.md), one list for the database, the API and the widget. */
export const bookingStatuses = ['pending', 'confirmed', 'cancelled', 'declined', 'completed', 'no_show'] as const;

export type BookingStatus = (typeof bookingStatuses)[number];

/** Statuses in which a booking still holds its members' time. */
export const holdingStatuses: readonly BookingStatus[] = ['pending', 'confirmed'];
