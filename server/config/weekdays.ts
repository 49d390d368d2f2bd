/** The week as config files spell it, Monday first: plain data, so the engine can use it without the config's zod schemas. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type Weekday = (typeof weekdays)[number];
