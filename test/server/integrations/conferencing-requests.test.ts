/** Each conferencing adapter sends its provider's documented requests: token grant, paths, bodies. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventId, GoogleMeetProvider } from '../../../server/integrations/conferencing/google-meet.js';
import { GoToMeetingProvider } from '../../../server/integrations/conferencing/goto-meeting.js';
import { retryAfterMs } from '../../../server/integrations/conferencing/provider-api.js';
import { ConferencingError, type MeetingRequest } from '../../../server/integrations/conferencing/provider.js';
import { conferencingProviders } from '../../../server/integrations/conferencing/providers.js';
import { TeamsProvider } from '../../../server/integrations/conferencing/teams.js';
import { WebexProvider } from '../../../server/integrations/conferencing/webex.js';
import { ZoomProvider } from '../../../server/integrations/conferencing/zoom.js';
import { ProviderFake } from '../support/provider-fake.js';

const request: MeetingRequest = {
  bookingId: 'book-1',
  title: 'Product demo',
  start: '2026-12-07T09:00:00.000Z',
  end: '2026-12-07T09:45:00.000Z',
  timezone: 'Europe/Lisbon',
  host: 'ana@example.com',
  attendees: ['carla@example.org', 'guest@example.net'],
};
const now = () => Date.parse('2026-12-01T10:00:00Z');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

let fake: ProviderFake;
beforeEach(async () => {
  fake = await new ProviderFake().start();
});
afterEach(() => fake.close());

describe('Zoom', () => {
  it('gets its token with the account credentials grant and makes a scheduled meeting of the booking’s length', async () => {
    fake.on('POST', /^\/oauth\/token$/, { status: 200, body: { access_token: 'tok', token_type: 'bearer', expires_in: 3599 } });
    fake.on('POST', /^\/v2\/users\/[^/]+\/meetings$/, { status: 201, body: { id: 85746065432, join_url: 'https://us02web.zoom.us/j/85746065432' } });
    const zoom = new ZoomProvider({ accountId: 'acc 1', clientId: 'cid', clientSecret: 'csecret', oauthUrl: fake.url, apiUrl: fake.url, now });
    await zoom.create(request);
    const [token, create] = fake.requests;
    expect(token!.url).toBe('/oauth/token?grant_type=account_credentials&account_id=acc%201');
    expect(token!.headers.authorization).toBe(basic('cid', 'csecret'));
    expect(create!.url).toBe('/v2/users/ana%40example.com/meetings');
    expect(JSON.parse(create!.body)).toEqual({ topic: 'Product demo', type: 2, start_time: '2026-12-07T09:00:00Z', duration: 45, timezone: 'Europe/Lisbon' });
  });
});

describe('Microsoft Teams', () => {
  it('gets its token with client credentials for Graph and makes an online meeting for the member', async () => {
    fake.on('POST', /^\/tenant-9\/oauth2\/v2\.0\/token$/, { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: 'tok' } });
    fake.on('POST', /^\/v1\.0\/users\/[^/]+\/onlineMeetings$/, { status: 201, body: { id: 'm1', joinWebUrl: 'https://teams.microsoft.com/l/meetup-join/x' } });
    const teams = new TeamsProvider({ tenantId: 'tenant-9', clientId: 'cid', clientSecret: 'csecret', loginUrl: fake.url, graphUrl: fake.url, now });
    expect(await teams.create(request)).toEqual({ id: 'm1', joinUrl: 'https://teams.microsoft.com/l/meetup-join/x' });
    const [token, create] = fake.requests;
    expect(form(token!.body)).toEqual({ client_id: 'cid', client_secret: 'csecret', scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(JSON.parse(create!.body)).toEqual({ subject: 'Product demo', startDateTime: '2026-12-07T09:00:00.000Z', endDateTime: '2026-12-07T09:45:00.000Z' });
  });
});

describe('Google Meet', () => {
  const event = (id: string, link?: string, statusCode = 'success') => ({
    id,
    ...(link ? { hangoutLink: link } : {}),
    conferenceData: { createRequest: { requestId: id, conferenceSolutionKey: { type: 'hangoutsMeet' }, status: { statusCode } } },
  });
  const meet = () => new GoogleMeetProvider({ clientId: 'cid', clientSecret: 'csecret', refreshToken: 'rt', oauthUrl: fake.url, apiUrl: fake.url, now });
  beforeEach(() => {
    fake.on('POST', /^\/token$/, { status: 200, body: { access_token: 'tok', expires_in: 3599, token_type: 'Bearer' } });
  });

  it('refreshes its token and inserts an event with a Meet conference request, sending no invitations of its own', async () => {
    const id = eventId('book-1');
    fake.on('POST', /^\/calendar\/v3\/calendars\/[^/]+\/events$/, { status: 200, body: event(id, 'https://meet.google.com/abc-defg-hij') });
    expect(await meet().create(request)).toEqual({ id, joinUrl: 'https://meet.google.com/abc-defg-hij', detail: { calendarId: 'ana@example.com' } });
    const [token, insert] = fake.requests;
    expect(form(token!.body)).toEqual({ client_id: 'cid', client_secret: 'csecret', refresh_token: 'rt', grant_type: 'refresh_token' });
    expect(insert!.url).toBe('/calendar/v3/calendars/ana%40example.com/events?conferenceDataVersion=1&sendUpdates=none');
    expect(JSON.parse(insert!.body)).toEqual({
      id,
      summary: 'Product demo',
      start: { dateTime: '2026-12-07T09:00:00.000Z', timeZone: 'Europe/Lisbon' },
      end: { dateTime: '2026-12-07T09:45:00.000Z', timeZone: 'Europe/Lisbon' },
      attendees: [{ email: 'carla@example.org' }, { email: 'guest@example.net' }],
      conferenceData: { createRequest: { requestId: id, conferenceSolutionKey: { type: 'hangoutsMeet' } } },
    });
  });

  it('finds the event a lost answer made instead of making a second one (409 → read it)', async () => {
    const id = eventId('book-1');
    fake.on('POST', /^\/calendar\/v3\/calendars\/[^/]+\/events$/, { status: 409, body: { error: { code: 409, message: 'The requested identifier already exists.' } } });
    fake.on('GET', /^\/calendar\/v3\/calendars\/[^/]+\/events\/[^/]+$/, { status: 200, body: event(id, 'https://meet.google.com/abc-defg-hij') });
    expect((await meet().create(request)).joinUrl).toBe('https://meet.google.com/abc-defg-hij');
    expect(fake.sent('GET', /events/)[0]!.url).toBe(`/calendar/v3/calendars/ana%40example.com/events/${id}`);
  });

  it('asks again later while Google is still making the conference', async () => {
    fake.on('POST', /^\/calendar\/v3\/calendars\/[^/]+\/events$/, { status: 200, body: event(eventId('book-1'), undefined, 'pending') });
    const error = await meet().create(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConferencingError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringContaining('pending') });
  });

  it('makes event ids of base32hex, as the Calendar API requires', () => {
    expect(eventId('Zx9_-aB3')).toMatch(/^[0-9a-v]{5,1024}$/);
  });
});

describe('Webex', () => {
  it('refreshes with the refresh token it was last given, and schedules for the member without mailing anyone', async () => {
    fake.on('POST', /^\/v1\/access_token$/,
      { status: 200, body: { access_token: 'tok-1', expires_in: 100, refresh_token: 'rt-2' } },
      { status: 200, body: { access_token: 'tok-2', expires_in: 100, refresh_token: 'rt-3' } });
    fake.on('POST', /^\/v1\/meetings$/, { status: 200, body: { id: 'w1', webLink: 'https://example.webex.com/j.php?MTID=m1' } });
    let clock = now();
    const webex = new WebexProvider({ clientId: 'cid', clientSecret: 'csecret', refreshToken: 'rt-1', apiUrl: fake.url, now: () => clock });
    await webex.create(request);
    clock += 100_000;
    await webex.create(request);
    const grants = fake.sent('POST', /access_token/).map((r) => form(r.body));
    expect(grants.map((g) => g.refresh_token)).toEqual(['rt-1', 'rt-2']);
    expect(grants[0]).toMatchObject({ grant_type: 'refresh_token', client_id: 'cid', client_secret: 'csecret' });
    expect(JSON.parse(fake.sent('POST', /^\/v1\/meetings$/)[0]!.body)).toEqual({
      title: 'Product demo',
      start: '2026-12-07T09:00:00.000Z',
      end: '2026-12-07T09:45:00.000Z',
      timezone: 'Europe/Lisbon',
      hostEmail: 'ana@example.com',
      invitees: [{ email: 'carla@example.org' }, { email: 'guest@example.net' }],
      sendEmail: false,
    });
  });
});

describe('GoTo Meeting', () => {
  it('sends its client as Basic to the token endpoint, keeps the rotated refresh token, and reads the created meeting from a list', async () => {
    fake.on('POST', /^\/oauth\/token$/,
      { status: 200, body: { access_token: 'tok-1', expires_in: 100, refresh_token: 'rt-2' } },
      { status: 200, body: { access_token: 'tok-2', expires_in: 100, refresh_token: 'rt-3' } });
    fake.on('POST', /^\/G2M\/rest\/v2\/meetings$/, { status: 201, body: [{ meetingid: 987654321, joinURL: 'https://meet.goto.com/987654321' }] });
    let clock = now();
    const goto = new GoToMeetingProvider({ clientId: 'cid', clientSecret: 'csecret', refreshToken: 'rt-1', authUrl: fake.url, apiUrl: `${fake.url}/G2M/rest/v2`, now: () => clock });
    expect(await goto.create(request)).toEqual({ id: '987654321', joinUrl: 'https://meet.goto.com/987654321' });
    clock += 100_000;
    await goto.create(request);
    const grants = fake.sent('POST', /oauth/);
    expect(grants[0]!.headers.authorization).toBe(basic('cid', 'csecret'));
    expect(grants.map((r) => form(r.body))).toEqual([
      { grant_type: 'refresh_token', refresh_token: 'rt-1' },
      { grant_type: 'refresh_token', refresh_token: 'rt-2' },
    ]);
    expect(JSON.parse(fake.sent('POST', /meetings/)[0]!.body)).toEqual({
      subject: 'Product demo',
      starttime: '2026-12-07T09:00:00Z',
      endtime: '2026-12-07T09:45:00Z',
      passwordrequired: false,
      conferencecallinfo: 'VoIP',
      meetingtype: 'scheduled',
      timezonekey: '',
    });
  });
});

describe('setting providers up from the environment', () => {
  it('sets up only the providers whose variables are all there', () => {
    const providers = conferencingProviders(
      { KAIROS_ZOOM_ACCOUNT_ID: 'a', KAIROS_ZOOM_CLIENT_ID: 'b', KAIROS_ZOOM_CLIENT_SECRET: 'c', KAIROS_TEAMS_TENANT_ID: 't', KAIROS_TEAMS_CLIENT_ID: 'x' },
      { now },
    );
    expect([...providers.keys()]).toEqual(['zoom']);
  });
});

describe('Retry-After', () => {
  it('reads seconds, and an HTTP date from the answer’s own Date', () => {
    expect(retryAfterMs('120', NaN)).toBe(120_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 10:01:00 GMT', Date.parse('Wed, 02 Dec 2026 10:00:30 GMT'))).toBe(30_000);
    expect(retryAfterMs('soon', Date.now())).toBeUndefined();
    expect(retryAfterMs(null, Date.now())).toBeUndefined();
  });
});
