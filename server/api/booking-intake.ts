/**
 * Takes a booking request made on a page: the event must be one of the page's entries, a
 * personalised-link token must be genuine, the answers must fit the event's form, and the
 * page's routing rules pick the host (or refuse). The store then assigns and writes.
 */
import type { EventType, Host, Page } from '../config/schema.js';
import { route } from '../engine/index.js';
import { bestLocale, matchLocale } from '../notify/catalogue.js';
import { createBooking, type CreatedBooking } from '../store/booking-repository.js';
import { BookingError } from '../store/booking-error.js';
import { configSnapshot } from '../store/config-repository.js';
import type { ApiDeps } from './api-deps.js';
import { checkAnswers } from './booking-form.js';
import { HttpError } from './http-error.js';
import { verifyInvite } from './invite-token.js';
import { pickText } from './page-view.js';
import type { BookingRequest } from '../../shared/api-schemas.js';

export interface Intake {
  pageSlug: string;
  request: Omit<BookingRequest, 'invite'> & { invite?: string };
  actor: string;
  /** The embedding page's URL, kept as the source's referrer when the widget sent none. */
  referrer?: string;
}

/**
 * Who an entry of the page books with, given the answers: the host of the first routing rule
 * that matches, else the entry's own; a refusing rule throws `refused` in the visitor's language.
 * The slots a visitor sees go through the same call, so they are the times the booking can take.
 */
export function routedHost(page: Page, entry: Page['entries'][number], answers: Record<string, string | boolean | undefined>, locale: string | undefined): Host {
  const decision = route(page.rules, entry.event, answers);
  if (decision.kind === 'refuse') throw new BookingError('refused', pickText(decision.message, locale ?? page.locale, page.locale));
  return decision.kind === 'host' ? decision.host : entry.host;
}

/** The booking made (or replayed) and its event type, for the answer. */
export interface TakenBooking extends CreatedBooking {
  event: EventType | undefined;
}

export async function takeBooking(deps: ApiDeps, intake: Intake): Promise<TakenBooking> {
  const { request } = intake;
  const now = deps.now();
  // One read of the config serves the whole request.
  const config = await configSnapshot(deps.store.db);
  const page = config.pages.get(intake.pageSlug);
  if (!page) throw new BookingError('not_found', 'no such page');
  const entry = page.entries.find((e) => e.event === request.event);
  const event = entry && config.eventTypes.get(entry.event);
  if (!entry || !event) throw new BookingError('not_found', 'no such event on this page');
  if (request.invite !== undefined) {
    const invite = verifyInvite(request.invite, deps.secret, now);
    if (!invite || invite.page !== page.slug || (invite.event !== undefined && invite.event !== event.id)) {
      throw new HttpError(400, 'invalid_token', 'the personalised link is not valid or has expired');
    }
  }
  const checked = checkAnswers(event, page, request as BookingRequest);
  if ('fields' in checked) throw new BookingError('validation_failed', 'some answers need another look', checked.fields);
  const host = routedHost(page, entry, { ...checked.answers, name: request.name, email: request.email, phone: request.phone }, request.locale);
  const source = { ...(intake.referrer ? { referrer: intake.referrer.slice(0, 2000) } : {}), ...(request.source ?? {}) };
  const made = await createBooking(deps, {
    config,
    page,
    event,
    host,
    start: Date.parse(request.start),
    timezone: request.timezone,
    // Emails and invites come in a shipped locale: the visitor's closest, else the page's.
    locale: matchLocale(request.locale) ?? bestLocale(page.locale),
    name: request.name,
    email: request.email,
    ...(request.phone ? { phone: request.phone } : {}),
    answers: checked.answers,
    source,
    ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
    actor: intake.actor,
    now,
  });
  // A replay answers with the earlier booking, which may be of another event.
  return { ...made, event: made.booking.eventType === event.id ? event : (await configSnapshot(deps.store.db)).eventTypes.get(made.booking.eventType) };
}
