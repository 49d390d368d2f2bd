/**
 * Consent records: each consent a customer answered is kept with the words they were shown and
 * when, written with the booking, so the GDPR export tells what they agreed to even after the
 * config's wording changed — and an erasure leaves the record, about nobody, behind.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type ConfigInput } from '../../../server/config/schema.js';
import { importConfig } from '../../../server/store/config-repository.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, NOW, postJson, seed, teamConfig, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

/** The team, its demo asking two consents: one required, one not. */
function consentConfig(labels: { agree: Record<string, string>; news: Record<string, string> }): ConfigInput {
  const config = teamConfig();
  const demo = config.eventTypes![0]!;
  demo.fields = [
    ...demo.fields!.filter((f) => f.type !== 'consent'),
    { id: 'consent', type: 'consent', label: labels.agree, required: true },
    { id: 'newsletter', type: 'consent', label: labels.news, required: false },
  ];
  return config;
}
const firstWords = {
  agree: { en: 'I agree to be called', fr: 'J’accepte d’être appelé' },
  news: { en: 'Send me the newsletter', fr: 'Envoyez-moi la lettre' },
};
/** Instants as the API writes them. */
const at = '2026-11-30T12:00:00Z';
const reworded = { agree: { en: 'I agree to everything', fr: 'J’accepte tout' }, news: { en: 'Spam me', fr: 'Spammez-moi' } };

interface ExportBody {
  consents: { booking: string; field: string; label: string; given: boolean; at: string }[];
}

describe.each(backends.map((b) => [b.name, b] as const))('consent records on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];

  beforeEach(async () => {
    store = await backend.open();
    await seed(store, consentConfig(firstWords));
    ({ app } = testApp(store));
  });

  const book = async (body: Record<string, unknown>) => {
    const response = await postJson(app, '/api/v1/pages/sales/bookings', body);
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const consentsOf = async (email: string) =>
    ((await (await admin(app, 'GET', `/api/v1/admin/customers/${encodeURIComponent(email)}/export`)).json()) as ExportBody).consents;
  const reword = () => importConfig(store.db, configSchema.parse(consentConfig(reworded)), NOW);

  it('keeps the words each consent said in the booking’s language when it was made, whatever the config says later', async () => {
    const id = await book(demoRequest('2026-12-01T09:00:00Z', { locale: 'fr', email: 'camille@example.fr', answers: { company: 'ACME', country: 'US', newsletter: false } }));
    await reword();
    expect(await consentsOf('camille@example.fr')).toEqual([
      { booking: id, field: 'consent', label: 'J’accepte d’être appelé', given: true, at },
      { booking: id, field: 'newsletter', label: 'Envoyez-moi la lettre', given: false, at },
    ]);
  });

  it('picks the label as the widget’s page does: a language the field lacks reads the page’s own', async () => {
    // The field speaks English and French; a German visitor was shown the page's locale (en-US).
    // The newsletter left unanswered is no consent, given or refused.
    const id = await book(demoRequest('2026-12-01T09:00:00Z', { locale: 'de', email: 'jonas@example.de', consent: undefined, answers: { company: 'ACME', country: 'US', consent: true } }));
    const page = (await (await app.request('/api/v1/pages/sales?locale=de')).json()) as { fields: { id: string; label: string }[] };
    const shown = page.fields.find((f) => f.id === 'consent')!.label;
    expect(shown).toBe('I agree to be called');
    expect(await consentsOf('jonas@example.de')).toEqual([expect.objectContaining({ booking: id, field: 'consent', label: shown, given: true })]);
  });

  it('records the consents of a booking made on behalf of a customer, as of that booking', async () => {
    const response = await admin(app, 'POST', '/api/v1/admin/bookings', { page: 'sales', ...demoRequest('2026-12-01T10:00:00Z', { email: 'lee@example.org', answers: { company: 'ACME', country: 'US', newsletter: true } }) });
    expect(response.status).toBe(201);
    await reword();
    expect((await consentsOf('lee@example.org')).map((c) => [c.field, c.label, c.given])).toEqual([
      ['consent', 'I agree to be called', true],
      ['newsletter', 'Send me the newsletter', true],
    ]);
  });

  it('writes no record for a booking that was refused', async () => {
    await book(demoRequest('2026-12-01T09:00:00Z', { email: 'first@example.org' }));
    await book(demoRequest('2026-12-01T09:00:00Z', { email: 'second@example.org' }));
    const third = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest('2026-12-01T09:00:00Z', { email: 'third@example.org' }));
    expect(third.status).toBe(409);
    // Two consents for each booking made, none for the refused one.
    const rows = await store.db.selectFrom('consents').select('booking_id').execute();
    const bookings = await store.db.selectFrom('bookings').select('id').execute();
    expect(bookings).toHaveLength(2);
    expect(rows.map((r) => r.booking_id).sort()).toEqual(bookings.flatMap((b) => [b.id, b.id]).sort());
  });

  it('falls back to the config’s current words for a booking made before consents were recorded', async () => {
    const id = await book(demoRequest('2026-12-01T09:00:00Z', { locale: 'fr', email: 'ancien@example.fr', answers: { company: 'ACME', country: 'US', newsletter: false } }));
    await store.db.deleteFrom('consents').execute();
    await reword();
    expect(await consentsOf('ancien@example.fr')).toEqual([
      { booking: id, field: 'consent', label: 'J’accepte tout', given: true, at },
      { booking: id, field: 'newsletter', label: 'Spammez-moi', given: false, at },
    ]);
  });

  it('keeps the record after the customer is erased, with nothing of them in it', async () => {
    const id = await book(demoRequest('2026-12-01T09:00:00Z', { name: 'Noa Forgotten', email: 'noa@example.org', answers: { company: 'ACME', country: 'US', newsletter: false } }));
    expect((await admin(app, 'DELETE', '/api/v1/admin/customers/noa%40example.org')).status).toBe(200);
    const rows = await store.db.selectFrom('consents').selectAll().orderBy('field').execute();
    const stored = new Date(NOW).toISOString();
    expect(rows).toEqual([
      { booking_id: id, field: 'consent', label: 'I agree to be called', given: 1, at: stored },
      { booking_id: id, field: 'newsletter', label: 'Send me the newsletter', given: 0, at: stored },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/noa/i);
  });
});
