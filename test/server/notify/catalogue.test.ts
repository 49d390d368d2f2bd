import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bestLocale, shippedLocales, translator } from '../../../server/notify/catalogue.js';
import { emailMessages, type EmailMessageId } from '../../../server/notify/messages.js';
import { parseXliff } from '../../../server/notify/xliff.js';

const locales = new URL('../../../locales/', import.meta.url);
const ids = Object.keys(emailMessages) as EmailMessageId[];

/** A catalogue folder holding one hand-written fr.xlf. */
function catalogueDir(units: string): URL {
  const dir = mkdtempSync(join(tmpdir(), 'kairos-xlf-'));
  writeFileSync(join(dir, 'fr.xlf'), `<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file target-language="fr"><body>\n${units}\n</body></file></xliff>\n`);
  return pathToFileURL(`${dir}/`);
}

describe('choosing the locale of an email', () => {
  it.each([
    ['pt-BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['fr-CA', 'fr'],
    ['en-GB', 'en-GB'],
    ['en-AU', 'en-GB'],
    ['en-CA', 'en-US'],
    ['DE_at', 'de'],
    ['ja', 'en-US'],
    ['', 'en-US'],
  ])('reads %s as %s', (tag, locale) => {
    expect(bestLocale(tag)).toBe(locale);
  });
});

describe('the email catalogues', () => {
  it.each(shippedLocales.filter((l) => l !== 'en-US'))('translate every email text into %s, from a source in step with the code', (locale) => {
    const units = new Map(parseXliff(readFileSync(new URL(`${locale}.xlf`, locales), 'utf8')).map((u) => [u.id, u]));
    for (const id of ids) {
      const unit = units.get(id);
      expect(unit?.target, `${locale} ${id}`).toBeDefined();
      const fn = emailMessages[id] as (...v: string[]) => string;
      const markers = Array.from({ length: fn.length }, (_, i) => `{${i}}`);
      const sourceText = unit!.source.map((p) => (typeof p === 'string' ? p : '{}')).join('');
      expect(sourceText, `${locale} ${id} is stale: run lit-localize extract`).toBe(fn(...markers).replace(/\{\d+\}/g, '{}'));
      const translated = translator(locale)(id, ...(markers as []));
      for (const marker of markers) expect(translated, `${locale} ${id} drops ${marker}`).toContain(marker);
    }
  });

  it('renders a French subject with its values in place', () => {
    expect(translator('fr-CA')('email.cancelled.subject', 'Démo', 'lun. 7 déc.')).toBe('Annulé\u00a0: Démo le lun. 7 déc.');
    expect(translator('nl')('email.booked.intro', 'Claire', 'Demo')).toBe('Claire heeft ‘Demo’ bij je geboekt. De agenda-uitnodiging zit in de bijlage.');
    expect(translator('en-GB')('email.cancelled.intro', 'Demo')).toBe('Demo has been cancelled and removed from the calendar.');
    expect(translator('en-US')('email.cancelled.intro', 'Demo')).toBe('Demo has been canceled and removed from the calendar.');
  });

  it('puts values where the translation wants them, whatever their order in English', () => {
    const dir = catalogueDir(`<trans-unit id="email.booked.intro">
  <source><x id="0" equiv-text="\${customer}"/> booked <x id="1" equiv-text="\${event}"/> with you. The calendar invite is attached.</source>
  <target>« <x id="1" equiv-text="\${event}"/> » &amp; vous : réservé par <x id="0" equiv-text="\${customer}"/></target>
</trans-unit>`);
    expect(translator('fr', dir)('email.booked.intro', 'Claire', 'Démo')).toBe('« Démo » & vous : réservé par Claire');
    // Units without a target fall back to English.
    expect(translator('fr', dir)('email.label.when')).toBe('When');
  });

  it('refuses a catalogue with markup it does not understand or a placeholder the source lacks', () => {
    const markup = catalogueDir(`<trans-unit id="email.label.when"><source>When</source><target><b>Quand</b></target></trans-unit>`);
    expect(() => translator('fr', markup)).toThrow(/unexpected markup <b>/);
    const placeholder = catalogueDir(`<trans-unit id="email.reminder.intro">
  <source>A reminder of your <x id="0" equiv-text="\${event}"/> with <x id="1" equiv-text="\${people}"/>.</source>
  <target>Rappel : <x id="0" equiv-text="\${evnt}"/></target>
</trans-unit>`);
    expect(() => translator('fr', placeholder)).toThrow(/unknown placeholder \$\{evnt\}/);
  });
});
