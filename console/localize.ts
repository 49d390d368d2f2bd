/**
 * The console's language: the one chosen in the console (kept in this browser), else the best
 * match for the browser's languages, else en-US. Its catalogues are lit-localize runtime modules
 * of their own (`lit-localize-console.json`), split per locale by the build and loaded on demand;
 * nothing of them is in the widget's catalogues, nor the widget's in them.
 */
import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';
import { matchLocale, shippedLocales } from '../shared/locales.js';

const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => import(`./generated/locales/${locale}.js`),
});

const chosenKey = 'kairos-console-locale';

/** The locales the console speaks, in the order a language menu lists them. */
export const consoleLocales = shippedLocales;

/** The locale to start in: the one chosen before, else the browser's. */
export function startingLocale(): string {
  const chosen = localStorage.getItem(chosenKey);
  if (chosen && (consoleLocales as readonly string[]).includes(chosen)) return chosen;
  for (const tag of navigator.languages) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return sourceLocale;
}

/** Switches the console's language (and remembers the choice when `remember`). */
export async function useLocale(locale: string, remember = false): Promise<void> {
  if (remember) localStorage.setItem(chosenKey, locale);
  document.documentElement.lang = locale;
  await setLocale(locale);
}

export { getLocale };
