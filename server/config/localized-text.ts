/** Picks a config text (`"Demo"` or `{"en": "Demo", "fr": "Démo"}`) for a reader's locale. */
import type { LocalizedText } from './schema.js';

const language = (tag: string) => tag.split('-')[0]!.toLowerCase();

/**
 * The text for `locale`: its exact tag, else its bare language (`fr-CA` reads `fr`), else another
 * tag of its language (`pt-PT` for `pt-BR` when there is no `pt`), then the same
 * for `fallback` (a page's own locale), then English, then whatever the text has. Tags match
 * case-insensitively, as BCP 47 tags do.
 */
export function pickText(text: LocalizedText | undefined, locale: string, fallback?: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const keys = Object.keys(text);
  for (const tag of [locale, ...(fallback ? [fallback] : []), 'en-US', 'en']) {
    // The exact tag, then the bare language (`en` for `en-GB`), then any tag of that language.
    const hit =
      keys.find((k) => k.toLowerCase() === tag.toLowerCase()) ??
      keys.find((k) => k.toLowerCase() === language(tag)) ??
      keys.find((k) => language(k) === language(tag));
    if (hit) return text[hit]!;
  }
  return Object.values(text)[0] ?? '';
}
