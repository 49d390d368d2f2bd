/**
 * What a page looks like to a visitor in one locale (`GET /api/v1/pages/{page}`): config texts
 * picked for the visitor's locale, falling back to the page's own locale, then English.
 */
import { pickText } from '../config/localized-text.js';
import type { EventType, Field, Host, LocalizedText, Page } from '../config/schema.js';
import { bestLocale, matchLocale, shippedLocales } from '../../shared/locales.js';
import type { PageField, PageResponse } from '../../shared/api-schemas.js';

const language = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** The shipped locale a visitor gets: theirs when one speaks their language, else the page's. */
export function pageLocale(requested: string | undefined, page: Page): string {
  return (requested && matchLocale(requested)) || bestLocale(page.locale);
}

export function hostKind(host: Host): 'member' | 'pool' | 'panel' {
  return 'panel' in host ? 'panel' : 'pool' in host ? 'pool' : 'member';
}

function fieldView(field: Field, locale: string, fallback: string): PageField {
  return {
    id: field.id,
    type: field.type,
    label: pickText(field.label, locale, fallback),
    required: field.required,
    ...(field.options ? { options: field.options.map((o) => ({ value: o.value, label: pickText(o.label, locale, fallback) })) } : {}),
  };
}

/**
 * Who hosts an entry, when known before booking: its member, or a panel's named members. A pool
 * chooses at booking, and so does a routing rule that may give the entry another host.
 */
function knownHosts(page: Page, entry: Page['entries'][number], memberName: (id: string) => string | undefined): { name: string }[] {
  if (page.rules.some((rule) => rule.host && (rule.event === undefined || rule.event === entry.event))) return [];
  const ids = 'member' in entry.host ? [entry.host.member] : 'panel' in entry.host ? entry.host.panel.flatMap((h) => ('member' in h ? [h.member] : [])) : [];
  return ids.flatMap((id) => {
    const name = memberName(id);
    return name ? [{ name }] : [];
  });
}

/** The page's after-booking choices, its message in the visitor's locale. */
function afterBooking(after: NonNullable<Page['afterBooking']>, t: (text: LocalizedText | undefined) => string): NonNullable<PageResponse['afterBooking']> {
  return {
    ...(after.redirectUrl ? { redirectUrl: after.redirectUrl } : {}),
    ...(after.message !== undefined ? { message: t(after.message) } : {}),
  };
}

export function pageView(
  page: Page,
  events: Map<string, EventType>,
  requestedLocale: string | undefined,
  memberName: (id: string) => string | undefined = () => undefined,
): PageResponse {
  const locale = pageLocale(requestedLocale, page);
  const t = (text: LocalizedText | undefined) => pickText(text, locale, page.locale);
  const fields = new Map<string, PageField>();
  const entries = page.entries.flatMap((entry) => {
    const event = events.get(entry.event);
    if (!event) return [];
    const own = event.fields.map((f) => fieldView(f, locale, page.locale));
    for (const f of own) if (!fields.has(f.id)) fields.set(f.id, f);
    const hosts = knownHosts(page, entry, memberName);
    return [
      {
        event: event.id,
        title: t(event.title),
        ...(event.description !== undefined ? { description: t(event.description) } : {}),
        durationMinutes: event.durationMinutes,
        location: { type: event.location.type },
        seats: event.seats,
        requiresApproval: event.requiresApproval,
        host: { kind: hostKind(entry.host) },
        ...(hosts.length ? { hosts } : {}),
        fields: own,
        ...(event.guests?.max ? { guests: event.guests.max } : {}),
        ...(event.sessions ? { sessions: event.sessions } : {}),
      },
    ];
  });
  const texts = Object.entries(page.texts)
    .filter(([tag]) => language(tag) === language(locale))
    // The exact tag wins over its bare language: `fr-CA` texts override `fr` ones.
    .sort(([a], [b]) => a.length - b.length)
    .reduce<Record<string, string>>((all, [, t]) => ({ ...all, ...t }), {});
  return {
    page: page.slug,
    title: t(page.title),
    ...(page.description !== undefined ? { description: t(page.description) } : {}),
    locale,
    locales: [...shippedLocales],
    entries,
    fields: [...fields.values()],
    texts,
    theme: page.theme,
    ...(page.localWorkingHours ? { localWorkingHours: page.localWorkingHours } : {}),
    ...(page.afterBooking ? { afterBooking: afterBooking(page.afterBooking, t) } : {}),
    routingFields: [...new Set(page.rules.map((rule) => rule.when.field))],
  };
}
