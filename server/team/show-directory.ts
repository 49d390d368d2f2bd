/**
 * What the team console's filter menus list: the config's members, pools, pages and event types,
 * each by id with a name to show — titles in the config's default language (English, else
 * whatever language the text has first) — sorted by that name. Admins and members alike see it
 * whole: it holds names only, nothing about bookings, and no addresses.
 */
import { byName } from '../config/display-order.js';
import { pickText } from '../config/localized-text.js';
import { configSnapshot } from '../store/config-repository.js';
import { sourceLocale } from '../../shared/locales.js';
import type { BookingDeps } from '../booking/booking-deps.js';

export interface Named {
  id: string;
  name: string;
}

export interface Directory {
  members: Named[];
  /** A pool has no name of its own: its id is its name. */
  pools: Named[];
  pages: Named[];
  eventTypes: Named[];
}

export async function showDirectory(deps: Pick<BookingDeps, 'store'>): Promise<Directory> {
  const config = await configSnapshot(deps.store.db);
  const title = (text: Parameters<typeof pickText>[0]) => pickText(text, sourceLocale);
  return {
    members: [...config.members.values()].map((m) => ({ id: m.id, name: m.name })).sort(byName),
    pools: [...config.pools.keys()].map((id) => ({ id, name: id })).sort(byName),
    pages: [...config.pages.values()].map((p) => ({ id: p.slug, name: title(p.title) })).sort(byName),
    eventTypes: [...config.eventTypes.values()].map((e) => ({ id: e.id, name: title(e.title) })).sort(byName),
  };
}
