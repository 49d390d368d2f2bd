/**
 * Renders email texts in any shipped locale at once. The English source comes from the `msg()`
 * definitions in `messages.ts`; translations come from `locales/<locale>.xlf`, read once per
 * process. lit's global locale is never touched: one worker batch mixes many recipients' locales.
 */
import { readFileSync } from 'node:fs';
import { emailMessages, type EmailMessageId } from './messages.js';
import { parseXliff, type MessageParts } from './xliff.js';
import { projectRoot } from '../project-root.js';
import { bestLocale, sourceLocale, type ShippedLocale } from '../../shared/locales.js';

export { bestLocale, matchLocale, shippedLocales, sourceLocale, type ShippedLocale } from '../../shared/locales.js';

const defaultDir = new URL('locales/', projectRoot);

export type Translate = <K extends EmailMessageId>(id: K, ...values: Parameters<(typeof emailMessages)[K]>) => string;

const catalogues = new Map<string, Map<string, MessageParts>>();

/** Translations of one locale by message id (only units that have a target). */
export function loadCatalogue(locale: ShippedLocale, dir: URL | string = defaultDir): Map<string, MessageParts> {
  const key = `${String(dir)}|${locale}`;
  const cached = catalogues.get(key);
  if (cached) return cached;
  const targets = new Map<string, MessageParts>();
  if (locale !== sourceLocale) {
    const file = new URL(`${locale}.xlf`, dir);
    for (const unit of parseXliff(readFileSync(file, 'utf8'), `${locale}.xlf`)) {
      if (!Object.hasOwn(emailMessages, unit.id) || !unit.target) continue;
      targets.set(unit.id, reorder(unit.id, unit.source, unit.target, locale));
    }
  }
  catalogues.set(key, targets);
  return targets;
}

/** A `t(id, …values)` for one recipient's locale tag. */
export function translator(tag: string | null | undefined, dir?: URL | string): Translate {
  const locale = bestLocale(tag);
  const targets = loadCatalogue(locale, dir);
  return ((id: EmailMessageId, ...values: string[]) => {
    const target = targets.get(id);
    const english = emailMessages[id] as (...v: string[]) => string;
    if (!target) return english(...values);
    return target.map((part) => (typeof part === 'string' ? part : values[Number(part.placeholder)])).join('');
  }) as Translate;
}

/**
 * Rewrites a target's placeholders to argument positions. The XLIFF names a placeholder by its
 * source expression (`${event}`); the n-th one in the source is the n-th expression of the
 * template, which we learn by rendering the English message with numbered markers.
 */
function reorder(id: string, source: MessageParts, target: MessageParts, locale: string): MessageParts {
  const english = emailMessages[id as EmailMessageId] as ((...v: string[]) => string) | undefined;
  if (!english) return target; // a message removed from the code but still in the catalogue
  const markers = Array.from({ length: english.length }, (_, i) => `\u0001${i}\u0002`);
  const order = [...english(...markers).matchAll(/\u0001(\d+)\u0002/g)].map((m) => m[1]);
  const expressions = source.filter((p) => typeof p !== 'string').map((p) => p.placeholder);
  if (expressions.length !== order.length) throw new Error(`${locale}.xlf ${id}: source is out of date, run lit-localize extract`);
  return target.map((part) => {
    if (typeof part === 'string') return part;
    const position = expressions.indexOf(part.placeholder);
    if (position === -1) throw new Error(`${locale}.xlf ${id}: unknown placeholder ${part.placeholder}`);
    return { placeholder: order[position] };
  });
}
