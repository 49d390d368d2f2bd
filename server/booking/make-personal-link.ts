/** Make a personal link: a page's booking link (optionally one event) that opens prefilled. */
import { getPage } from '../store/config-repository.js';
import type { BookingDeps } from './booking-deps.js';
import { signPersonalLink } from './personal-link.js';
import { Refusal } from './refusal.js';

export interface PersonalLinkRequest {
  page: string;
  event?: string;
  prefill: Record<string, string>;
  /** ISO-8601; the link works until then. */
  expiresAt?: string;
}

export async function makePersonalLink(deps: BookingDeps, req: PersonalLinkRequest): Promise<{ url: string; token: string }> {
  const page = await getPage(deps.store.db, req.page);
  if (!page) throw new Refusal('not_found', 'no such page');
  if (req.event && !page.entries.some((e) => e.event === req.event)) throw new Refusal('not_found', 'no such event on this page');
  const token = signPersonalLink(
    { page: page.slug, ...(req.event ? { event: req.event } : {}), prefill: req.prefill, ...(req.expiresAt ? { exp: new Date(req.expiresAt).toISOString() } : {}) },
    deps.secret,
  );
  // `kairos_invite` is the parameter the widget reads (docs/embed.md).
  const query = new URLSearchParams({ ...(req.event ? { event: req.event } : {}), kairos_invite: token });
  return { url: `${deps.publicUrl.replace(/\/+$/, '')}/book/${encodeURIComponent(page.slug)}?${query}`, token };
}
