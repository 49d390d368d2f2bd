/**
 * Chooses and loads the widget's locale. Messages come from @lit/localize in runtime mode; other
 * locales' chunks load lazily by URL beside the bundle (an IIFE cannot code-split), and a page's
 * `texts` are merged over them so a site may reword any message by its id (placeholders as `{0}`).
 *
 * The real source locale (en-US) is registered as a *target* behind a pseudo source, because
 * lit-localize never loads templates for its source locale and overrides would be impossible there.
 * Localization is global to the document, as lit-localize is: widgets on one page share a locale.
 */
import { configureLocalization } from '@lit/localize';
import { allLocales, sourceLocale } from '../generated/locale-codes.js';
import { bundleUrl } from '../bundle-url.js';
import { matchLocale as matchOne } from '../../shared/locales.js';

type Templates = Record<string, string | { strTag: true; strings: string[]; values: number[] }>;

let texts: Record<string, string> = {};
let loadedTexts = texts;

const { setLocale } = configureLocalization({
  sourceLocale: 'x-source',
  targetLocales: allLocales,
  loadLocale: async (locale) => {
    const own: Templates =
      locale === sourceLocale
        ? {}
        : (await import(/* @vite-ignore */ new URL(`locales/${locale}.js`, bundleUrl).href)).templates;
    loadedTexts = texts;
    const merged: Templates = { ...own };
    for (const [id, text] of Object.entries(texts)) merged[id] = asTemplate(text);
    return { templates: merged as never };
  },
});

function asTemplate(text: string): Templates[string] {
  const parts = text.split(/\{(\d+)\}/);
  if (parts.length === 1) return text;
  return {
    strTag: true,
    strings: parts.filter((_, i) => i % 2 === 0),
    values: parts.filter((_, i) => i % 2).map(Number),
  };
}

/** Switches every widget to `locale` with the page's text overrides; resolves when it renders. */
export async function useLocale(locale: string, overrides: Record<string, string> = {}): Promise<void> {
  texts = overrides;
  // Same locale, other overrides: pass through the pseudo source so the templates are rebuilt.
  if (loadedTexts !== texts && JSON.stringify(loadedTexts) !== JSON.stringify(texts)) await setLocale('x-source');
  await setLocale(matchLocale([locale]) ?? sourceLocale);
}

/** The shipped locale that best serves a list of wanted ones (`navigator.languages` order), if any does. */
export function matchLocale(wanted: readonly string[]): string | undefined {
  for (const tag of wanted) {
    const match = matchOne(tag);
    if (match) return match;
  }
  return undefined;
}
