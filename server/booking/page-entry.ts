/**
 * The entry of a page a request is about, and who it books with once the page's routing rules
 * have read the answers — and, when a member books with themselves, the team narrowed to them.
 * Slots and bookings go through the same calls, so the times a visitor sees are the times a
 * booking can take.
 */
import type { EventType, Host, Page } from '../config/schema.js';
import { pickText } from '../config/localized-text.js';
import { narrowHost, route, type Team } from '../engine/index.js';
import type { ConfigSnapshot } from '../store/config-repository.js';
import { Refusal } from './refusal.js';

export interface PageEntry {
  page: Page;
  entry: Page['entries'][number];
  event: EventType;
}

/** The page's entry for `eventId` (its first entry when none is named); `not_found` otherwise. */
export function pageEntry(config: ConfigSnapshot, slug: string, eventId: string | undefined): PageEntry {
  const page = config.pages.get(slug);
  if (!page) throw new Refusal('not_found', 'no such page');
  const entry = eventId === undefined ? page.entries[0] : page.entries.find((e) => e.event === eventId);
  const event = entry && config.eventTypes.get(entry.event);
  if (!entry || !event) throw new Refusal('not_found', 'no such event on this page');
  return { page, entry, event };
}

/**
 * Who an entry of the page books with, given the answers: the host of the first routing rule
 * that matches, else the entry's own; a refusing rule throws `refused` in the visitor's language.
 */
export function routedHost(page: Page, entry: Page['entries'][number], answers: Record<string, string | boolean | undefined>, locale: string | undefined): Host {
  const decision = route(page.rules, entry.event, answers);
  if (decision.kind === 'refuse') throw new Refusal('refused', pickText(decision.message, locale ?? page.locale, page.locale));
  return decision.kind === 'host' ? decision.host : entry.host;
}

/**
 * The team a booking `member` takes themselves is resolved and assigned with: the host's place
 * they can fill narrowed to them (`narrowHost`). A host they cannot fill is refused on `event`, as
 * a wrong answer is: the page and its entries are public, so there is nothing to hide behind a 404.
 */
export function memberTeam(config: ConfigSnapshot, host: Host, member: string): Team {
  const team = narrowHost(config, host, member);
  if (team) return team;
  const why =
    'member' in host
      ? 'it books with another member'
      : 'pool' in host
        ? `it books with a pool ${member} is not in`
        : `it books with a panel that lists neither ${member} nor a pool ${member} is in`;
  throw new Refusal('validation_failed', `${member} cannot host this entry: ${why}`, { event: `${member} cannot host this entry: ${why}` });
}
