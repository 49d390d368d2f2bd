/** Make a personal link: a page's booking link (optionally one event) that opens prefilled. */
import type { CrmProviderName } from '../../shared/crm-providers.js';
import { ConferencingError } from '../integrations/conferencing/provider.js';
import { getPage } from '../store/config-repository.js';
import type { BookingDeps } from './booking-deps.js';
import { signPersonalLink } from './personal-link.js';
import { ProviderUnavailable, Refusal } from './refusal.js';

export interface PersonalLinkRequest {
  page: string;
  event?: string;
  prefill: Record<string, string>;
  /** ISO-8601; the link works until then. */
  expiresAt?: string;
  /** A CRM record whose name, email and phone prefill the link (`prefill` has the last word). */
  crm?: { provider: CrmProviderName; recordId: string };
}

/** How long a caller waits before asking a CRM that failed again, when it did not say. */
const CRM_RETRY_SECONDS = 30;

export async function makePersonalLink(deps: BookingDeps, req: PersonalLinkRequest): Promise<{ url: string; token: string }> {
  const page = await getPage(deps.store.db, req.page);
  if (!page) throw new Refusal('not_found', 'no such page');
  if (req.event && !page.entries.some((e) => e.event === req.event)) throw new Refusal('not_found', 'no such event on this page');
  const prefill = { ...(req.crm ? await prefillFromCrm(deps, req.crm) : {}), ...req.prefill };
  const token = signPersonalLink(
    { page: page.slug, ...(req.event ? { event: req.event } : {}), prefill, ...(req.expiresAt ? { exp: new Date(req.expiresAt).toISOString() } : {}) },
    deps.secret,
  );
  // `kairos_invite` is the parameter the widget reads (docs/embed.md).
  const query = new URLSearchParams({ ...(req.event ? { event: req.event } : {}), kairos_invite: token });
  return { url: `${deps.publicUrl.replace(/\/+$/, '')}/book/${encodeURIComponent(page.slug)}?${query}`, token };
}

/** The record's name, email and phone, as the widget's prefill keys. */
async function prefillFromCrm(deps: BookingDeps, source: NonNullable<PersonalLinkRequest['crm']>): Promise<Record<string, string>> {
  const crm = deps.crm?.get(source.provider);
  if (!crm) throw new Refusal('validation_failed', 'this CRM is not set up on this server', { 'crm.provider': `${source.provider} is not set up on this server (its KAIROS_ variables are missing)` });
  let person;
  try {
    person = await crm.readContact(source.recordId);
  } catch (error) {
    // The caller learns that it failed, whether asking again may help, and when: not the
    // provider's own answer, which is the CRM's business.
    const known = error instanceof ConferencingError ? error : undefined;
    const after = known?.retryAfterMs !== undefined ? Math.ceil(known.retryAfterMs / 1000) : CRM_RETRY_SECONDS;
    const why = known && !known.retryable ? `refused to read the record${typeof known.answer === 'number' ? ` (HTTP ${known.answer})` : ''}: check its app's access` : 'did not answer in time, or failed';
    throw new ProviderUnavailable(`${source.provider} ${why}`, Math.max(1, after));
  }
  if (!person) throw new Refusal('not_found', `no such record in ${source.provider}`);
  // As long as a `prefill` value may be.
  return Object.fromEntries(Object.entries(person).flatMap(([key, value]) => (typeof value === 'string' && value !== '' ? [[key, value.slice(0, 2000)]] : [])));
}
