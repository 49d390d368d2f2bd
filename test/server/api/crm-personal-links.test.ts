/**
 * A personal link minted from a CRM record (`POST /api/v1/admin/links` with `crm`): the record's
 * name, email and phone prefill it, read from a local fake of HubSpot's or Salesforce's documented
 * API; `prefill` has the last word; an unknown record is `404 not_found`, a CRM that fails
 * `503 provider_unavailable` with `Retry-After`, a CRM not set up here `422 validation_failed`.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crmProviders } from '../../../server/integrations/crm/providers.js';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, seed, teamConfig, testApp } from '../support/fixtures.js';
import { ProviderFake } from '../support/provider-fake.js';

afterAll(disposeStores);

const sqlite = backends.find((b) => b.name === 'sqlite')!;
const prefillOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { prefill: Record<string, string> }).prefill;

describe('personal links prefilled from a CRM record', () => {
  let store: Store;
  let fake: ProviderFake;
  let app: ReturnType<typeof testApp>['app'];

  beforeEach(async () => {
    fake = await new ProviderFake().start();
    store = await sqlite.open();
    await seed(store, teamConfig());
    const env = {
      KAIROS_HUBSPOT_ACCESS_TOKEN: 'pat-secret', KAIROS_HUBSPOT_API_URL: fake.url,
      KAIROS_SALESFORCE_LOGIN_URL: `${fake.url}/login`, KAIROS_SALESFORCE_CLIENT_ID: 'sf', KAIROS_SALESFORCE_CLIENT_SECRET: 'sf-secret',
    };
    ({ app } = testApp(store, { crm: crmProviders(env, { now: () => 0, timeoutMs: 300 }) }));
    fake.on('POST', /^\/login\/services\/oauth2\/token$/, { status: 200, body: { access_token: '00D!t', instance_url: fake.url, token_type: 'Bearer', issued_at: '1', signature: 's', id: 'x' } });
  });
  afterEach(() => fake.close());

  const link = (body: Record<string, unknown>) => admin(app, 'POST', '/api/v1/admin/links', { page: 'sales', event: 'demo', ...body });

  it('prefills name, email and phone from a HubSpot contact, with prefill having the last word', async () => {
    fake.on('GET', /^\/crm\/v3\/objects\/contacts\/501$/, { status: 200, body: { id: '501', properties: { email: 'carla@example.org', firstname: 'Carla', lastname: 'Souza', phone: '+351912345678' } } });
    const res = await link({ crm: { provider: 'hubspot', recordId: '501' }, prefill: { phone: '+351911111111', company: 'Souza' } });
    expect(res.status).toBe(201);
    expect(prefillOf(((await res.json()) as { token: string }).token)).toEqual({ email: 'carla@example.org', name: 'Carla Souza', phone: '+351911111111', company: 'Souza' });
    expect(fake.sent('GET', /contacts\/501$/)[0]!.headers.authorization).toBe('Bearer pat-secret');
  });

  it('prefills from a Salesforce Lead', async () => {
    fake.on('GET', /^\/services\/data\/v62\.0\/sobjects\/Lead\/00Q5e000001AbCdEAK$/, { status: 200, body: { attributes: { type: 'Lead' }, Id: '00Q5e000001AbCdEAK', Email: 'lee@example.com', FirstName: null, LastName: 'Lee', Phone: null } });
    const res = await link({ crm: { provider: 'salesforce', recordId: '00Q5e000001AbCdEAK' } });
    expect(res.status).toBe(201);
    expect(prefillOf(((await res.json()) as { token: string }).token)).toEqual({ email: 'lee@example.com', name: 'Lee' });
  });

  it('answers 404 not_found for a record the CRM does not have', async () => {
    fake.on('GET', /^\/crm\/v3\/objects\/contacts\/999$/, { status: 404, body: { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' } });
    const res = await link({ crm: { provider: 'hubspot', recordId: '999' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers 503 provider_unavailable with Retry-After when the CRM fails, is slow or limits, never with its token', async () => {
    for (const [answer, retryAfter] of [[{ status: 500, body: 'oops' }, '30'], [{ status: 200, body: {}, delayMs: 1_000 }, '30'], [{ status: 429, headers: { 'retry-after': '9' }, body: {} }, '9']] as const) {
      fake.on('GET', /^\/crm\/v3\/objects\/contacts\/501$/, answer);
      const res = await link({ crm: { provider: 'hubspot', recordId: '501' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe(retryAfter);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('provider_unavailable');
      expect(body.error.message).not.toContain('pat-secret');
    }
    fake.on('GET', /^\/crm\/v3\/objects\/contacts\/501$/, { status: 401, body: { message: 'expired' } });
    const refused = (await (await link({ crm: { provider: 'hubspot', recordId: '501' } })).json()) as { error: { message: string } };
    expect(refused.error.message).toContain('HTTP 401');
  });

  it('refuses a CRM not set up here, and a record id that is not one, as validation_failed', async () => {
    ({ app } = testApp(store));
    const unset = await link({ crm: { provider: 'hubspot', recordId: '501' } });
    expect(unset.status).toBe(422);
    expect(((await unset.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty(['crm.provider']);
    const bad = await link({ crm: { provider: 'hubspot', recordId: '../owners' } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty(['crm.recordId']);
    expect((await link({ crm: { provider: 'pipedrive', recordId: '1' } })).status).toBe(422);
    expect(fake.requests).toHaveLength(0);
  });
});
