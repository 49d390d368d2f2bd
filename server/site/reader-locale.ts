/** The language of a page the server writes itself: the first of the browser's languages the catalogues have, else en-US. */
import type { Context } from 'hono';
import { matchLocale, sourceLocale } from '../notify/catalogue.js';

export function readerLocale(c: Context): string {
  const tags = (c.req.header('accept-language') ?? '').split(',').map((part) => part.split(';')[0]!.trim());
  for (const tag of tags) {
    const locale = tag && tag !== '*' ? matchLocale(tag) : undefined;
    if (locale) return locale;
  }
  return sourceLocale;
}
