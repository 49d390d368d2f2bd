/** A page's `afterBooking`: its thank-you page and message, validated in the config and served with the page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, disposeStores } from '../support/backends.js';
import { configSchema, type ConfigInput } from '../../../server/config/schema.js';
import { admin, seed, teamConfig, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

/** The team's config with `afterBooking` on the `solo` page. */
function withAfterBooking(afterBooking: unknown): ConfigInput {
  const config = teamConfig();
  return { ...config, pages: config.pages!.map((p) => (p.slug === 'solo' ? { ...p, afterBooking } : p)) } as ConfigInput;
}

const thanks = {
  redirectUrl: 'https://www.example.com/thanks?from=kairos',
  message: { fr: 'Merci ! À très vite.', en: 'Thank you! See you soon.', de: 'Danke! Bis bald.' },
};

describe('afterBooking in the config', () => {
  it('takes an http(s) thank-you page and a localized message', () => {
    expect(configSchema.parse(withAfterBooking(thanks)).pages.find((p) => p.slug === 'solo')!.afterBooking).toEqual(thanks);
    expect(configSchema.safeParse(withAfterBooking({ redirectUrl: 'http://localhost:3000/merci' })).success).toBe(true);
    expect(configSchema.safeParse(withAfterBooking({ message: 'Thanks!' })).success).toBe(true);
  });

  it.each(['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.com/thanks', '/thanks', 'not a url'])('refuses %s as a thank-you page', (redirectUrl) => {
    const result = configSchema.safeParse(withAfterBooking({ redirectUrl }));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['pages', 1, 'afterBooking', 'redirectUrl']);
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('afterBooking served with the page on %s', (_name, backend) => {
  let app: ReturnType<typeof testApp>['app'];
  beforeAll(async () => {
    const store = await backend.open();
    await seed(store, withAfterBooking(thanks));
    app = testApp(store).app;
  });

  it('answers the thank-you page and the message in the visitor’s locale, falling back to the page’s', async () => {
    const de = await (await app.request('/api/v1/pages/solo?locale=de')).json();
    expect(de.afterBooking).toEqual({ redirectUrl: thanks.redirectUrl, message: 'Danke! Bis bald.' });
    const es = await (await app.request('/api/v1/pages/solo?locale=es')).json();
    expect(es.afterBooking).toEqual({ redirectUrl: thanks.redirectUrl, message: 'Merci ! À très vite.' });
  });

  it('leaves afterBooking out for a page without one', async () => {
    const sales = await (await app.request('/api/v1/pages/sales')).json();
    expect(sales).not.toHaveProperty('afterBooking');
  });

  it('refuses a config whose thank-you page is not http(s), with the field named, and keeps the old one', async () => {
    const res = await admin(app, 'PUT', '/api/v1/admin/config', withAfterBooking({ redirectUrl: 'javascript:alert(document.cookie)' }));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields ?? {}).join(' ')).toContain('afterBooking.redirectUrl');
    const page = await (await app.request('/api/v1/pages/solo?locale=fr')).json();
    expect(page.afterBooking.redirectUrl).toBe(thanks.redirectUrl);
  });

  it('documents afterBooking in the OpenAPI spec', async () => {
    const spec = await (await app.request('/api/v1/openapi.json')).json();
    expect(Object.keys(spec.components.schemas.Page.properties.afterBooking.properties)).toEqual(['redirectUrl', 'message']);
  });
});
