/** Turns the form's values and what the widget knows about the visit into the API's booking request. */
import type { BookingRequest, PageField } from '../shared/api-schemas.js';
import type { Values } from './controllers/prefill.js';

export interface BookingInput {
  event: string;
  start: string;
  timezone: string;
  locale: string;
  /** The form's values by field id. */
  values: Values;
  fields: PageField[];
  /** A lead form's answers: sent too, since routing rules may read fields the widget never showed. */
  leadAnswers: Values;
  source: Record<string, string>;
  personalLink?: string;
  idempotencyKey: string;
  /** The hold the visitor took on the time, which the booking ends. */
  holdId?: string;
  /** A course's picked times, `start` first. */
  starts?: string[];
}

/** The guests' addresses a visitor typed (or a `prefill` listed), however they separated them. */
export const guestList = (value: unknown): string[] => String(value || '').split(/[\s,;]+/).filter(Boolean);

const contact = new Set(['name', 'email', 'phone', 'guests']);

export function bookingRequest(input: BookingInput): BookingRequest {
  const { values, fields } = input;
  const answers: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries({ ...input.leadAnswers, ...values })) {
    if (!contact.has(key) && value !== '') answers[key] = value;
  }
  const consents = fields.filter((f) => f.type === 'consent');
  const request: BookingRequest = {
    event: input.event,
    start: input.start,
    timezone: input.timezone,
    locale: input.locale,
    name: String(values.name),
    email: String(values.email),
    idempotencyKey: input.idempotencyKey,
  };
  if (values.phone) request.phone = String(values.phone);
  const guests = guestList(values.guests);
  if (guests.length) request.guests = guests;
  if (Object.keys(answers).length) request.answers = answers;
  if (consents.length) request.consent = consents.every((f) => values[f.id] === true);
  if (Object.keys(input.source).length) request.source = input.source;
  if (input.personalLink) request.personalLink = input.personalLink;
  if (input.holdId) request.holdId = input.holdId;
  if (input.starts && input.starts.length > 1) request.starts = input.starts;
  return request;
}
