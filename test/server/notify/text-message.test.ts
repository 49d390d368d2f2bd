/** The texts sent by SMS (`notify/text-message.ts`): every locale, short, plain. */
import { describe, expect, it } from 'vitest';
import { plain, renderText, type TextKind, type TextRow } from '../../../server/notify/text-message.js';
import { shippedLocales } from '../../../shared/locales.js';

/** The GSM 03.38 default alphabet and its extension table: a text of only these goes 160 characters to an SMS, else 70. */
const gsm7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€'.split(''),
);
const isGsm7 = (text: string) => [...text].every((c) => gsm7.has(c));

const MANAGE = 'https://book.example.com/manage/0f3c2a9b7e1d4c6a?token=Zb3kQ9xP2mV7wR1tY8uN4sL6hJ0gF5dC3aE7iO9qW2e';

function row(template: TextKind, locale: string, manageUrl?: string): TextRow {
  return {
    kind: 'sms',
    template,
    to: '+33612345678',
    booking: { id: 'b1', start: '2026-12-01T10:00:00.000Z', timezone: 'Europe/Paris', locale, title: { en: 'Product demo', fr: 'Démo produit', de: 'Produktdemo' } },
    ...(manageUrl ? { manageUrl } : {}),
  };
}

describe('texts by SMS', () => {
  it.each(shippedLocales.map((l) => [l]))('are translated into %s, in the visitor’s time zone, each under 160 characters without the link', (locale) => {
    const kinds: TextKind[] = ['confirmed', 'rescheduled', 'cancelled', 'reminder'];
    const texts = kinds.map((kind) => renderText(row(kind, locale)));
    expect(new Set(texts).size).toBe(4);
    for (const text of texts) {
      expect(text).toMatch(/11:00|11:00 AM/);
      expect(text.length).toBeLessThanOrEqual(160);
      if (!locale.startsWith('en')) expect(text).not.toMatch(/confirmed|moved|canceled|Reminder/);
    }
  });

  it('say the event in the visitor’s language, and end with the manage link when there is one', () => {
    expect(renderText(row('confirmed', 'fr', MANAGE))).toBe(`Confirmé : Démo produit, mar. 1 déc. 2026, 11:00 UTC+1.\nModifier ou annuler : ${MANAGE}`);
    expect(renderText(row('reminder', 'de'))).toBe('Erinnerung: Produktdemo, Di., 1. Dez. 2026, 11:00 MEZ.');
    expect(renderText(row('confirmed', 'en-US', MANAGE))).toBe(`Product demo on Tue, Dec 1, 2026, 11:00 AM GMT+1 is confirmed.\nChange or cancel: ${MANAGE}`);
  });

  it('name every session of a series, as the language lists them', () => {
    const series = row('confirmed', 'en-US');
    series.booking.starts = ['2026-12-01T10:00:00.000Z', '2026-12-08T10:00:00.000Z', '2026-12-15T10:00:00.000Z'];
    expect(renderText(series)).toBe('Product demo on Tue, Dec 1, 2026, 11:00 AM GMT+1, Tue, Dec 8, 2026, 11:00 AM GMT+1, and Tue, Dec 15, 2026, 11:00 AM GMT+1 is confirmed.');
    series.booking.locale = 'fr';
    expect(renderText(series)).toContain('mar. 8 déc. 2026, 11:00 UTC+1 et mar. 15 déc. 2026');
  });

  it('leave the manage link out of a cancellation', () => {
    expect(renderText(row('cancelled', 'en-GB', MANAGE))).not.toContain('manage');
  });

  it('stay in the GSM 7-bit alphabet in English, French, German, Spanish and Dutch, the spaces Intl puts in times made plain', () => {
    for (const locale of ['en-US', 'en-GB', 'fr', 'de', 'es', 'nl']) {
      for (const kind of ['confirmed', 'cancelled', 'reminder'] as const) {
        const text = renderText(row(kind, locale, MANAGE));
        expect(isGsm7(text), `${locale} ${kind}: ${JSON.stringify(text)}`).toBe(true);
      }
    }
  });

  it('drop control characters, keeping line breaks', () => {
    expect(plain('Demo\u0000 on\u0007 Tue\u202f9:00\u00a0AM\u200e\nChange: x\u001b[31m')).toBe('Demo on Tue 9:00 AM\nChange: x[31m');
  });
});
