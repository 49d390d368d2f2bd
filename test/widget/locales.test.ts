/** Every shipped locale: complete catalogues, and the widget really speaks them. */
import { expect } from '@open-wc/testing';
import { allLocales, sourceLocale } from '../../widget/generated/locale-codes.js';
import { matchLocale, useLocale } from '../../widget/controllers/localize.js';
import { find, findAll, until, widget } from './widget-driver.js';

const targets = allLocales.filter((l) => l !== sourceLocale);

async function units(locale: string): Promise<Map<string, { source: string; target?: string }>> {
  const xml = new DOMParser().parseFromString(await (await fetch(`/locales/${locale}.xlf`)).text(), 'application/xml');
  const map = new Map<string, { source: string; target?: string }>();
  for (const unit of xml.querySelectorAll('trans-unit')) {
    if (unit.id.startsWith('email.')) continue;
    map.set(unit.id, { source: unit.querySelector('source')!.textContent!, target: unit.querySelector('target')?.textContent ?? undefined });
  }
  return map;
}

describe('locales', () => {
  for (const locale of targets) {
    it(`translates every widget message into ${locale}`, async () => {
      const catalogue = await units(locale);
      expect(catalogue.size).to.be.greaterThan(50);
      const missing = [...catalogue].filter(([, u]) => !u.target?.trim()).map(([id]) => id);
      expect(missing).to.deep.equal([]);
      const templates = (await import(`/widget/generated/locales/${locale}.js`)).templates as Record<string, unknown>;
      expect([...catalogue.keys()].filter((id) => !(id in templates))).to.deep.equal([]);
    });
  }

  it('renders the first steps in French with French dates', async () => {
    const el = await widget({ page: 'widget-test', locale: 'fr', timezone: 'Europe/Paris' });
    expect(find(el, '.step h2')!.textContent).to.equal('Choisissez un rendez-vous');
    findAll(el, 'button.entry')[0].click();
    const head = await until(() => find(el, 'th'), 'the month grid');
    expect(head.textContent).to.equal('lun.');
    expect(find(el, '.zone button')!.textContent).to.contain('Fuseau horaire');
  });

  it('lets the page’s texts reword a message in the chosen locale', async () => {
    const el = await widget({ page: 'widget-test', locale: 'nl' });
    expect(find(el, '.step h2')!.textContent).to.equal('Waarover wil je praten?');
    expect(find(el, 'button.entry')!.textContent).to.contain('Videogesprek');
  });

  it('rewords messages with placeholders through {0}', async () => {
    await useLocale('de', { 'date.count': 'Noch {0} Termine frei' });
    const { msg, str } = await import('@lit/localize');
    const count = 3;
    expect(msg(str`Available times: ${count}`, { id: 'date.count' })).to.equal('Noch 3 Termine frei');
    await useLocale('de', {});
    expect(msg(str`Available times: ${count}`, { id: 'date.count' })).to.equal('Freie Termine: 3');
  });

  it('matches the browser’s languages to the shipped locales', () => {
    expect(matchLocale(['pt-PT', 'en'])).to.equal('pt-BR');
    expect(matchLocale(['en-AU'])).to.equal('en-GB');
    expect(matchLocale(['en-CA'])).to.equal('en-US');
    expect(matchLocale(['en-GB'])).to.equal('en-GB');
    expect(matchLocale(['ja', 'nl-BE'])).to.equal('nl');
    // None shipped: the page's own locale decides.
    expect(matchLocale(['ja'])).to.equal(undefined);
  });
});
