/**
 * Checks a booking request's answers against its event type's form: required fields, types,
 * select options, consent. Answers are kept as plain data; only fields the form (or the page's
 * routing rules) knows are stored.
 */
import { pickText } from '../config/localized-text.js';
import type { EventType, Page } from '../config/schema.js';
import type { BookingRequest } from '../../shared/api-schemas.js';
import { isEmailAddress, isOneLine, isPhoneNumber, maxLength } from '../../shared/field-rules.js';

export type Answers = Record<string, string | boolean>;

function problemWith(field: EventType['fields'][number], value: string | boolean | undefined, consent: boolean | undefined): string | undefined {
  if (field.type === 'consent') {
    const given = value === true || (value === undefined && consent === true);
    if (value !== undefined && typeof value !== 'boolean') return 'must be true or false';
    return field.required && !given ? 'consent is required' : undefined;
  }
  if (value === undefined || value === '') return field.required ? 'required' : undefined;
  if (field.type === 'checkbox') {
    if (typeof value !== 'boolean') return 'must be true or false';
    return field.required && !value ? 'required' : undefined;
  }
  if (typeof value !== 'string') return 'must be text';
  if (field.type === 'email' && !isEmailAddress(value)) return 'not an email address';
  if (field.type === 'phone' && !isPhoneNumber(value)) return 'not a phone number';
  if (field.type === 'select' && !(field.options ?? []).some((o) => o.value === value)) return 'not one of the options';
  if (field.type === 'text' && value.length > maxLength.text) return 'too long';
  // The schema lets answers span lines, for a textarea; a text input holds one line.
  if (field.type === 'text' && !isOneLine(value)) return 'must be one line, without control characters';
  return undefined;
}

/** The answers to store, or the problems as `{"answers.<field>": "…"}`. */
export function checkAnswers(event: EventType, page: Page, request: BookingRequest): { answers: Answers } | { fields: Record<string, string> } {
  const given = request.answers ?? {};
  const fields: Record<string, string> = {};
  const answers: Answers = {};
  for (const field of event.fields) {
    // A form field named `phone` is the contact number, which the widget sends as the request's
    // own `phone` (CONTRACT §3), not among the answers: that is its answer (kept on the booking).
    const contact = field.id === 'phone' && given.phone === undefined ? request.phone || undefined : undefined;
    const problem = problemWith(field, contact ?? given[field.id], request.consent);
    if (problem) fields[`answers.${field.id}`] = problem;
    const value = field.type === 'consent' ? given[field.id] ?? request.consent : given[field.id];
    if (value !== undefined) answers[field.id] = value;
  }
  // Lead-form answers that only routing rules read (e.g. `country`) are kept too: they explain the routing.
  for (const rule of page.rules) {
    const value = given[rule.when.field];
    if (value !== undefined && answers[rule.when.field] === undefined) answers[rule.when.field] = value;
  }
  return Object.keys(fields).length > 0 ? { fields } : { answers };
}

/**
 * The guests' addresses the booking keeps: each once (without case), never the customer's own,
 * and no more than the event type allows (`guests.max`; a config row written by hand may lack it).
 */
export function checkGuests(event: EventType, request: BookingRequest): { guests: string[] } | { fields: Record<string, string> } {
  const seen = new Set([request.email.toLowerCase()]);
  const guests = (request.guests ?? []).filter((g) => !seen.has(g.toLowerCase()) && seen.add(g.toLowerCase()));
  const max = event.guests?.max ?? 0;
  return guests.length > max ? { fields: { guests: max ? `at most ${max} guests` : 'this event takes no guests' } } : { guests };
}

/**
 * The consent fields `answers` answer, each with its label as the customer read it: picked for
 * the booking's locale with the page's as fallback, as the page the widget shows is
 * (`api/page-view.ts`; the widget books in the locale that page came in).
 */
export function consentsAnswered(event: EventType, page: Pick<Page, 'locale'> | undefined, locale: string, answers: Answers): { field: string; label: string; given: boolean }[] {
  return event.fields
    .filter((field) => field.type === 'consent' && answers[field.id] !== undefined)
    .map((field) => ({ field: field.id, label: pickText(field.label, locale, page?.locale), given: answers[field.id] === true }));
}
