/**
 * The locales Kairos ships, and which of them serves a visitor's language tag. Pure and tiny: the
 * server (pages, bookings, emails) and the widget (browser languages) match tags the same way.
 */
export const sourceLocale = 'en-US';
export const shippedLocales = ['en-US', 'en-GB', 'fr', 'de', 'es', 'pt-BR', 'nl'] as const;
export type ShippedLocale = (typeof shippedLocales)[number];

/** English-speaking regions that spell and date the British way. */
const britishSpelling = new Set(['gb', 'uk', 'ie', 'au', 'nz', 'za', 'in', 'sg', 'hk', 'mt']);

/** The shipped locale closest to a BCP 47 tag: exact, then same language (`pt` → pt-BR, `fr-CA` → fr, `en-AU` → en-GB); `undefined` when none speaks its language. */
export function matchLocale(tag: string): ShippedLocale | undefined {
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase();
  const exact = shippedLocales.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const [language, region] = wanted.split('-');
  if (language === 'en') return region && britishSpelling.has(region) ? 'en-GB' : sourceLocale;
  return shippedLocales.find((l) => l.toLowerCase().split('-')[0] === language);
}

/** `matchLocale`, else en-US. */
export function bestLocale(tag: string | null | undefined): ShippedLocale {
  return (tag && matchLocale(tag)) || sourceLocale;
}
