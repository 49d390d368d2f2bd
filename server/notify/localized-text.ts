/** Picks a config text (`"Demo"` or `{"en": "Demo", "fr": "Démo"}`) for a locale tag. */
import type { LocalizedText } from '../config/schema.js';

export function localizedText(text: LocalizedText | undefined, locale: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const language = locale.split('-')[0];
  return text[locale] ?? text[language] ?? text['en-US'] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** "Label: value" as the locale punctuates it: French puts a no-break space before the colon. */
export function labelled(label: string, value: string, locale: string): string {
  return `${label}${locale.split('-')[0] === 'fr' ? '\u00a0:' : ':'} ${value}`;
}
