/**
 * The CRM adapters, each against a local fake of its provider's documented API: the customer
 * found or added, the booking logged as a meeting on them and kept in line, a record read for a
 * personal link; and every answer sorted the way the outbox needs it — a refused token renewed
 * once (Salesforce), 429 and the provider's own rate limits, 5xx, malformed and slow answers as
 * "try again later", other refusals as "no use trying again".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubSpotProvider } from '../../../server/integrations/crm/hubspot.js';
import type { CrmMeeting, CrmProvider } from '../../../server/integrations/crm/provider.js';
import { SalesforceProvider, soqlString, UNKNOWN_COMPANY } from '../../../server/integrations/crm/salesforce.js';
import { providerFailure as failure, ProviderFake, type FakeAnswer } from '../support/provider-fake.js';

const meeting: CrmMeeting = {
  title: 'Product demo',
  start: '2026-12-07T09:00:00.000Z',
  end: '2026-12-07T09:30:00.000Z',
  location: 'https://meet.jit.si/kairos-abc',
  description: 'Booked with Kairos: Product demo with Ana Silva (booking book-1)',
  outcome: 'scheduled',
};
const carla = { email: 'carla@example.org', name: 'Carla Maria Souza', phone: '+351912345678' };

const json = (r: { body: string }) => JSON.parse(r.body) as Record<string, any>;

describe('the HubSpot adapter', () => {
  const token = 'pat-eu1-very-secret-private-app-token';
  const search = /^\/crm\/v3\/objects\/contacts\/search$/;
  const contacts = /^\/crm\/v3\/objects\/contacts$/;
  const meetings = /^\/crm\/v3\/objects\/meetings$/;
  const oneMeeting = /^\/crm\/v3\/objects\/meetings\/9001$/;
  const made: FakeAnswer = { status: 201, body: { id: '9001', properties: { hs_meeting_title: 'Product demo' }, createdAt: '2026-12-01T10:00:00Z', archived: false } };
  let fake: ProviderFake;
  let crm: CrmProvider;

  beforeEach(async () => {
    fake = await new ProviderFake().start();
    fake.on('POST', search, { status: 200, body: { total: 0, results: [] } });
    fake.on('POST', contacts, { status: 201, body: { id: '502', properties: { email: carla.email }, archived: false } });
    fake.on('POST', meetings, made);
    fake.on('PATCH', oneMeeting, { status: 200, body: { id: '9001', properties: {} } });
    crm = new HubSpotProvider({ accessToken: token, apiUrl: fake.url, now: () => 0, timeoutMs: 3_000 });
  });
  afterEach(() => fake.close());

  it('adds a customer it does not know as a contact, split into first and last name', async () => {
    expect(await crm.findOrCreateContact(carla)).toBe('502');
    const [query] = fake.sent('POST', search);
    expect(json(query!).filterGroups).toEqual([{ filters: [{ propertyName: 'email', operator: 'EQ', value: carla.email }] }]);
    expect(query!.headers.authorization).toBe(`Bearer ${token}`);
    const [created] = fake.sent('POST', contacts);
    expect(json(created!).properties).toEqual({ email: carla.email, firstname: 'Carla Maria', lastname: 'Souza', phone: carla.phone });
  });

  it('finds a customer it knows by email and adds no one', async () => {
    fake.on('POST', search, { status: 200, body: { total: 1, results: [{ id: '501', properties: { email: carla.email } }] } });
    expect(await crm.findOrCreateContact(carla)).toBe('501');
    expect(fake.sent('POST', contacts)).toHaveLength(0);
  });

  it('takes the contact a conflict names when search had not caught up with it yet', async () => {
    fake.on('POST', contacts, { status: 409, body: { status: 'error', message: 'Contact already exists. Existing ID: 777', category: 'CONFLICT' } });
    expect(await crm.findOrCreateContact(carla)).toBe('777');
  });

  it('logs a meeting on the contact with its time, place and outcome', async () => {
    expect(await crm.createMeeting('502', meeting)).toBe('9001');
    const body = json(fake.sent('POST', meetings)[0]!);
    expect(body.properties).toMatchObject({
      hs_timestamp: meeting.start,
      hs_meeting_title: 'Product demo',
      hs_meeting_start_time: meeting.start,
      hs_meeting_end_time: meeting.end,
      hs_meeting_outcome: 'SCHEDULED',
      hs_meeting_location: meeting.location,
    });
    expect(body.associations).toEqual([{ to: { id: '502' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 200 }] }]);
    // No owner given: HubSpot's own default, no owner.
    expect(body.properties).not.toHaveProperty('hubspot_owner_id');
    await crm.createMeeting('502', { ...meeting, owner: '77' });
    expect(json(fake.sent('POST', meetings)[1]!).properties.hubspot_owner_id).toBe('77');
  });

  it('moves the meeting on a reschedule and marks it CANCELED on a cancel', async () => {
    await crm.updateMeeting('9001', { ...meeting, start: '2026-12-08T14:00:00.000Z', end: '2026-12-08T14:30:00.000Z', outcome: 'rescheduled' });
    await crm.updateMeeting('9001', { ...meeting, outcome: 'cancelled' });
    const [moved, cancelled] = fake.sent('PATCH', oneMeeting).map(json);
    expect(moved!.properties).toMatchObject({ hs_meeting_start_time: '2026-12-08T14:00:00.000Z', hs_meeting_outcome: 'RESCHEDULED' });
    expect(cancelled!.properties.hs_meeting_outcome).toBe('CANCELED');
  });

  it('reads a contact for a personal link, and answers none for an unknown id', async () => {
    fake.on('GET', /^\/crm\/v3\/objects\/contacts\/501$/, { status: 200, body: { id: '501', properties: { email: carla.email, firstname: 'Carla', lastname: 'Souza', phone: null } } });
    expect(await crm.readContact('501')).toEqual({ email: carla.email, name: 'Carla Souza' });
    expect(fake.sent('GET', /^\/crm\/v3\/objects\/contacts\/501$/)[0]!.url).toContain('properties=email,firstname,lastname,phone');
    fake.on('GET', /^\/crm\/v3\/objects\/contacts\/404$/, { status: 404, body: { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' } });
    expect(await crm.readContact('404')).toBeUndefined();
  });

  it('answers a revoked token as "no use trying again", with no second try and without the token', async () => {
    fake.on('POST', meetings, { status: 401, body: { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' } });
    const error = await failure(crm.createMeeting('502', meeting));
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(token);
    expect(fake.sent('POST', meetings)).toHaveLength(1);
  });

  it('waits out a 429 by its Retry-After, else by the rate limit window HubSpot names', async () => {
    fake.on('POST', meetings, { status: 429, headers: { 'retry-after': '3' }, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' } });
    expect(await failure(crm.createMeeting('502', meeting))).toMatchObject({ retryable: true, retryAfterMs: 3_000 });
    fake.on('POST', meetings, { status: 429, headers: { 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-remaining': '0' }, body: { errorType: 'RATE_LIMIT' } });
    expect(await failure(crm.createMeeting('502', meeting))).toMatchObject({ retryable: true, retryAfterMs: 10_000 });
  });

  it('answers a 5xx, a malformed and a slow answer as "try again later"', async () => {
    fake.on('POST', meetings, { status: 502, body: 'Bad gateway' });
    expect(await failure(crm.createMeeting('502', meeting))).toMatchObject({ retryable: true });
    fake.on('POST', meetings, { status: 201, body: '{"id": "90' });
    expect((await failure(crm.createMeeting('502', meeting))).message).toContain('not what the API documents');
    fake.on('POST', meetings, { ...made, delayMs: 2_000 });
    const impatient = new HubSpotProvider({ accessToken: token, apiUrl: fake.url, now: () => 0, timeoutMs: 300 });
    const error = await failure(impatient.createMeeting('502', meeting));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toContain('no answer within 300 ms');
  });

  it('answers a refused request as "no use trying again"', async () => {
    fake.on('POST', meetings, { status: 400, body: { status: 'error', message: 'Property values were not valid', category: 'VALIDATION_ERROR' } });
    const error = await failure(crm.createMeeting('502', meeting));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('VALIDATION_ERROR');
  });
});

describe('the Salesforce adapter', () => {
  const secret = 'very-secret-consumer-secret';
  const data = '/services/data/v62.0';
  const tokenPath = /^\/login\/services\/oauth2\/token$/;
  const query = /^\/services\/data\/v62\.0\/query$/;
  const leads = /^\/services\/data\/v62\.0\/sobjects\/Lead$/;
  const events = /^\/services\/data\/v62\.0\/sobjects\/Event$/;
  const oneEvent = /^\/services\/data\/v62\.0\/sobjects\/Event\/00U5e000002XyZaEAK$/;
  const none: FakeAnswer = { status: 200, body: { totalSize: 0, done: true, records: [] } };
  const found = (id: string, type: string): FakeAnswer => ({ status: 200, body: { totalSize: 1, done: true, records: [{ attributes: { type, url: `${data}/sobjects/${type}/${id}` }, Id: id }] } });
  const eventMade: FakeAnswer = { status: 201, body: { id: '00U5e000002XyZaEAK', success: true, errors: [] } };
  let fake: ProviderFake;
  let crm: CrmProvider;
  const tokenAnswer = (token: string): FakeAnswer => ({
    status: 200,
    body: { access_token: token, signature: 'sig', scope: 'api', instance_url: fake.url, id: 'https://login.salesforce.com/id/00D/005', token_type: 'Bearer', issued_at: '1764583200000' },
  });
  const make = (timeoutMs: number) => new SalesforceProvider({ loginUrl: `${fake.url}/login`, clientId: 'consumer-key', clientSecret: secret, now: () => 0, timeoutMs });

  beforeEach(async () => {
    fake = await new ProviderFake().start();
    fake.on('POST', tokenPath, tokenAnswer('00D!token-1'), tokenAnswer('00D!token-2'));
    fake.on('GET', query, none);
    fake.on('POST', leads, { status: 201, body: { id: '00Q5e000001AbCdEAK', success: true, errors: [] } });
    fake.on('POST', events, eventMade);
    fake.on('PATCH', oneEvent, { status: 204 });
    crm = make(3_000);
  });
  afterEach(() => fake.close());

  const soql = (r: { url: string }) => new URL(r.url, 'http://x').searchParams.get('q');

  it('signs in with the client credentials flow and calls the instance the token names', async () => {
    await crm.findOrCreateContact(carla);
    const [grant] = fake.sent('POST', tokenPath);
    expect(Object.fromEntries(new URLSearchParams(grant!.body))).toEqual({ grant_type: 'client_credentials', client_id: 'consumer-key', client_secret: secret });
    // The API calls went to instance_url (the fake's root), not to the login path.
    expect(fake.sent('GET', query)[0]!.headers.authorization).toBe('Bearer 00D!token-1');
  });

  it('looks for a Contact, then a Lead, and adds a Lead when neither knows the customer', async () => {
    expect(await crm.findOrCreateContact({ ...carla, company: 'Souza & Filhos' })).toBe('00Q5e000001AbCdEAK');
    expect(fake.sent('GET', query).map(soql)).toEqual([
      "SELECT Id FROM Contact WHERE Email = 'carla@example.org' ORDER BY CreatedDate LIMIT 1",
      "SELECT Id FROM Lead WHERE Email = 'carla@example.org' AND IsConverted = false ORDER BY CreatedDate LIMIT 1",
    ]);
    expect(json(fake.sent('POST', leads)[0]!)).toEqual({ LastName: 'Souza', FirstName: 'Carla Maria', Email: carla.email, Phone: carla.phone, Company: 'Souza & Filhos', LeadSource: 'Kairos' });
  });

  it('fills a Lead\'s required company with a placeholder when the booking gave none', async () => {
    await crm.findOrCreateContact({ email: 'x@example.org', name: 'Prince' });
    expect(json(fake.sent('POST', leads)[0]!)).toMatchObject({ LastName: 'Prince', Company: UNKNOWN_COMPANY });
  });

  it('finds an existing Contact and adds no Lead', async () => {
    fake.on('GET', query, found('0035e00000AbCdEAAV', 'Contact'));
    expect(await crm.findOrCreateContact(carla)).toBe('0035e00000AbCdEAAV');
    expect(fake.sent('GET', query)).toHaveLength(1);
    expect(fake.sent('POST', leads)).toHaveLength(0);
  });

  it('escapes an address in SOQL so it can never end the string', async () => {
    await crm.findOrCreateContact({ email: "o'hara\\' OR Email != '@example.org", name: 'O Hara' });
    expect(soql(fake.sent('GET', query)[0]!)).toBe("SELECT Id FROM Contact WHERE Email = 'o\\'hara\\\\\\' OR Email != \\'@example.org' ORDER BY CreatedDate LIMIT 1");
    expect(soqlString("a'b\\c\nd")).toBe("'a\\'b\\\\c\\nd'");
  });

  it('logs an Event on the person, moves it on a reschedule and marks it cancelled', async () => {
    expect(await crm.createMeeting('00Q5e000001AbCdEAK', meeting)).toBe('00U5e000002XyZaEAK');
    expect(json(fake.sent('POST', events)[0]!)).toEqual({
      WhoId: '00Q5e000001AbCdEAK', Subject: 'Product demo', StartDateTime: meeting.start, EndDateTime: meeting.end, Location: meeting.location, Description: meeting.description,
    });
    await crm.updateMeeting('00U5e000002XyZaEAK', { ...meeting, start: '2026-12-08T14:00:00.000Z', end: '2026-12-08T14:30:00.000Z', outcome: 'rescheduled' });
    await crm.updateMeeting('00U5e000002XyZaEAK', { ...meeting, outcome: 'cancelled' });
    const [moved, cancelled] = fake.sent('PATCH', oneEvent).map(json);
    expect(moved).toMatchObject({ Subject: 'Product demo', StartDateTime: '2026-12-08T14:00:00.000Z' });
    expect(cancelled!.Subject).toBe('[Cancelled] Product demo');
    await crm.updateMeeting('00U5e000002XyZaEAK', { ...meeting, owner: '005000000000001AAA' });
    expect(fake.sent('PATCH', oneEvent).map(json)[2]).toMatchObject({ OwnerId: '005000000000001AAA' });
  });

  it('gets a new token once when the session is refused (401 INVALID_SESSION_ID)', async () => {
    fake.on('POST', events, { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] }, eventMade);
    expect(await crm.createMeeting('00Q5e000001AbCdEAK', meeting)).toBe('00U5e000002XyZaEAK');
    expect(fake.sent('POST', tokenPath)).toHaveLength(2);
    expect(fake.sent('POST', events).map((r) => r.headers.authorization)).toEqual(['Bearer 00D!token-1', 'Bearer 00D!token-2']);
  });

  it('reads a Contact or a Lead by its id, and answers none for an unknown one', async () => {
    fake.on('GET', /\/sobjects\/Contact\/0035e00000AbCdEAAV$/, { status: 200, body: { attributes: { type: 'Contact' }, Id: '0035e00000AbCdEAAV', Email: carla.email, FirstName: 'Carla', LastName: 'Souza', Phone: '+351912345678' } });
    expect(await crm.readContact('0035e00000AbCdEAAV')).toEqual({ email: carla.email, name: 'Carla Souza', phone: '+351912345678' });
    fake.on('GET', /\/sobjects\/Lead\/00Q5e000001AbCdEAK$/, { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] });
    expect(await crm.readContact('00Q5e000001AbCdEAK')).toBeUndefined();
  });

  it('takes REQUEST_LIMIT_EXCEEDED and a 429 as rate limits', async () => {
    fake.on('POST', events, { status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
    expect(await failure(crm.createMeeting('00Q5e000001AbCdEAK', meeting))).toMatchObject({ retryable: true });
    fake.on('POST', events, { status: 429, headers: { 'retry-after': '7' }, body: [] });
    expect(await failure(crm.createMeeting('00Q5e000001AbCdEAK', meeting))).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
  });

  it('answers a 5xx, a malformed and a slow answer as "try again later"', async () => {
    fake.on('POST', events, { status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down for maintenance' }] });
    expect(await failure(crm.createMeeting('00Q5e000001AbCdEAK', meeting))).toMatchObject({ retryable: true });
    fake.on('POST', events, { status: 201, body: { id: '00U', success: false } });
    expect((await failure(crm.createMeeting('00Q5e000001AbCdEAK', meeting))).message).toContain('not what the API documents');
    fake.on('POST', events, { ...eventMade, delayMs: 2_000 });
    expect((await failure(make(300).createMeeting('00Q5e000001AbCdEAK', meeting))).message).toContain('no answer within 300 ms');
  });

  it('answers another 403 and a refused client as "no use trying again", without the secret', async () => {
    fake.on('POST', events, { status: 403, body: [{ message: 'insufficient access rights on cross-reference id', errorCode: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY' }] });
    expect(await failure(crm.createMeeting('00Q5e000001AbCdEAK', meeting))).toMatchObject({ retryable: false });
    fake.on('POST', tokenPath, { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } });
    const error = await failure(make(3_000).createMeeting('00Q5e000001AbCdEAK', meeting));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain(secret);
  });

  it('refuses a token answer with no access token as not what the API documents', async () => {
    fake.on('POST', tokenPath, { status: 200, body: { instance_url: fake.url, token_type: 'Bearer' } });
    expect(await failure(make(3_000).createMeeting('00Q5e000001AbCdEAK', meeting))).toMatchObject({ retryable: true });
  });
});
