/**
 * What every conferencing adapter does the same way, each against a local fake of its provider's
 * documented API: make, move and remove a meeting; fetch a token once and keep it until it
 * expires; a 401 → one fresh token and one more try; 429 with Retry-After, 5xx, a malformed
 * answer and a slow one → "try again later"; other refusals → "no use trying again".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GoogleMeetProvider } from '../../../server/integrations/conferencing/google-meet.js';
import { GoToMeetingProvider } from '../../../server/integrations/conferencing/goto-meeting.js';
import type { ConferencingProvider, MeetingRequest } from '../../../server/integrations/conferencing/provider.js';
import { TeamsProvider } from '../../../server/integrations/conferencing/teams.js';
import { WebexProvider } from '../../../server/integrations/conferencing/webex.js';
import { ZoomProvider } from '../../../server/integrations/conferencing/zoom.js';
import { providerFailure as failure, ProviderFake, type FakeAnswer } from '../support/provider-fake.js';

interface Profile {
  name: string;
  make(url: string, now: () => number, timeoutMs: number): ConferencingProvider;
  token: RegExp;
  /** The token endpoint's answer, for access token `token`. */
  tokenAnswer(token: string): FakeAnswer;
  create: [method: string, path: RegExp, answer: FakeAnswer];
  update: [method: string, path: RegExp, answer: FakeAnswer];
  remove: RegExp;
  /** What the provider answers for a meeting deleted before. */
  goneStatus: number;
  id: string;
  joinUrl: string;
}

const secrets = { clientId: 'client-1', clientSecret: 'very-secret-client-secret', refreshToken: 'refresh-token-1' };

const profiles: Profile[] = [
  {
    name: 'Zoom',
    make: (url, now, timeoutMs) => new ZoomProvider({ accountId: 'acc-1', ...secrets, oauthUrl: url, apiUrl: url, now, timeoutMs }),
    token: /^\/oauth\/token$/,
    tokenAnswer: (token) => ({ status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 3599, scope: 'meeting:write:admin' } }),
    create: ['POST', /^\/v2\/users\/ana%40example\.com\/meetings$/, { status: 201, body: { id: 85746065432, join_url: 'https://us02web.zoom.us/j/85746065432?pwd=abc', start_url: 'https://us02web.zoom.us/s/85746065432', password: 'abc' } }],
    update: ['PATCH', /^\/v2\/meetings\/85746065432$/, { status: 204 }],
    remove: /^\/v2\/meetings\/85746065432$/,
    goneStatus: 404,
    id: '85746065432',
    joinUrl: 'https://us02web.zoom.us/j/85746065432?pwd=abc',
  },
  {
    name: 'Microsoft Teams',
    make: (url, now, timeoutMs) => new TeamsProvider({ tenantId: 'tenant-1', ...secrets, loginUrl: url, graphUrl: url, now, timeoutMs }),
    token: /^\/tenant-1\/oauth2\/v2\.0\/token$/,
    tokenAnswer: (token) => ({ status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } }),
    create: ['POST', /^\/v1\.0\/users\/ana%40example\.com\/onlineMeetings$/, { status: 201, body: { id: 'MSpkYzE3NjctYmZiMi', joinWebUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0', subject: 'Product demo' } }],
    update: ['PATCH', /^\/v1\.0\/users\/ana%40example\.com\/onlineMeetings\/MSpkYzE3NjctYmZiMi$/, { status: 200, body: { id: 'MSpkYzE3NjctYmZiMi', joinWebUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0' } }],
    remove: /^\/v1\.0\/users\/ana%40example\.com\/onlineMeetings\/MSpkYzE3NjctYmZiMi$/,
    goneStatus: 404,
    id: 'MSpkYzE3NjctYmZiMi',
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
  },
  {
    name: 'Google Meet',
    make: (url, now, timeoutMs) => new GoogleMeetProvider({ ...secrets, oauthUrl: url, apiUrl: url, now, timeoutMs }),
    token: /^\/token$/,
    tokenAnswer: (token) => ({ status: 200, body: { access_token: token, expires_in: 3599, scope: 'https://www.googleapis.com/auth/calendar.events', token_type: 'Bearer' } }),
    create: ['POST', /^\/calendar\/v3\/calendars\/ana%40example\.com\/events$/, { status: 200, body: meetEvent('success') }],
    update: ['PATCH', /^\/calendar\/v3\/calendars\/ana%40example\.com\/events\/kairos[0-9a-v]+$/, { status: 200, body: meetEvent('success') }],
    remove: /^\/calendar\/v3\/calendars\/ana%40example\.com\/events\/kairos[0-9a-v]+$/,
    goneStatus: 410,
    id: 'kairos626f6f6b2d31',
    joinUrl: 'https://meet.google.com/abc-defg-hij',
  },
  {
    name: 'Webex',
    make: (url, now, timeoutMs) => new WebexProvider({ ...secrets, apiUrl: url, now, timeoutMs }),
    token: /^\/v1\/access_token$/,
    tokenAnswer: (token) => ({ status: 200, body: { access_token: token, expires_in: 1209599, refresh_token: 'refresh-token-2', refresh_token_expires_in: 7772377 } }),
    create: ['POST', /^\/v1\/meetings$/, { status: 200, body: { id: '870f51ff287b41be84648412901e0402', webLink: 'https://example.webex.com/example/j.php?MTID=m5d2c', meetingNumber: '25566432412' } }],
    update: ['PATCH', /^\/v1\/meetings\/870f51ff287b41be84648412901e0402$/, { status: 200, body: { id: '870f51ff287b41be84648412901e0402', webLink: 'https://example.webex.com/example/j.php?MTID=m5d2c' } }],
    remove: /^\/v1\/meetings\/870f51ff287b41be84648412901e0402$/,
    goneStatus: 404,
    id: '870f51ff287b41be84648412901e0402',
    joinUrl: 'https://example.webex.com/example/j.php?MTID=m5d2c',
  },
  {
    name: 'GoTo Meeting',
    make: (url, now, timeoutMs) => new GoToMeetingProvider({ ...secrets, authUrl: url, apiUrl: `${url}/G2M/rest/v2`, now, timeoutMs }),
    token: /^\/oauth\/token$/,
    tokenAnswer: (token) => ({ status: 200, body: { access_token: token, token_type: 'Bearer', refresh_token: 'refresh-token-2', expires_in: 3600, scope: 'collab:' } }),
    create: ['POST', /^\/G2M\/rest\/v2\/meetings$/, { status: 201, body: [{ meetingid: 123456789, joinURL: 'https://meet.goto.com/123456789', maxParticipants: 250, uniqueMeetingId: 123456789 }] }],
    update: ['PUT', /^\/G2M\/rest\/v2\/meetings\/123456789$/, { status: 204 }],
    remove: /^\/G2M\/rest\/v2\/meetings\/123456789$/,
    goneStatus: 404,
    id: '123456789',
    joinUrl: 'https://meet.goto.com/123456789',
  },
];

function meetEvent(statusCode: string) {
  return {
    kind: 'calendar#event',
    id: 'kairos626f6f6b2d31',
    status: 'confirmed',
    ...(statusCode === 'success' ? { hangoutLink: 'https://meet.google.com/abc-defg-hij' } : {}),
    conferenceData: {
      createRequest: { requestId: 'kairos626f6f6b2d31', conferenceSolutionKey: { type: 'hangoutsMeet' }, status: { statusCode } },
      ...(statusCode === 'success' ? { entryPoints: [{ entryPointType: 'video', uri: 'https://meet.google.com/abc-defg-hij', label: 'meet.google.com/abc-defg-hij' }] } : {}),
    },
  };
}

const request: MeetingRequest = {
  bookingId: 'book-1',
  title: 'Product demo',
  start: '2026-12-07T09:00:00.000Z',
  end: '2026-12-07T09:30:00.000Z',
  timezone: 'Europe/Lisbon',
  host: 'ana@example.com',
  attendees: ['carla@example.org'],
};

describe.each(profiles)('the $name adapter', (profile) => {
  let fake: ProviderFake;
  let clock: number;
  let provider: ConferencingProvider;

  beforeEach(async () => {
    fake = await new ProviderFake().start();
    clock = Date.parse('2026-12-01T10:00:00Z');
    fake.on('POST', profile.token, profile.tokenAnswer('token-1'), profile.tokenAnswer('token-2'));
    fake.on(...profile.create);
    fake.on(...profile.update);
    fake.on('DELETE', profile.remove, { status: 204 });
    // Generous, so a busy machine never turns an answer into a timeout; the timeout's own test sets a short one.
    provider = profile.make(fake.url, () => clock, 3_000);
  });
  afterEach(() => fake.close());

  const calls = (path: RegExp) => fake.requests.filter((r) => path.test(r.url.split('?')[0]!));

  it('makes a meeting with a fetched access token and answers its id and join link', async () => {
    const meeting = await provider.create(request);
    expect(meeting).toMatchObject({ id: profile.id, joinUrl: profile.joinUrl });
    const [create] = fake.sent(profile.create[0], profile.create[1]);
    expect(create!.headers.authorization).toBe('Bearer token-1');
    expect(create!.headers['content-type']).toBe('application/json');
    expect(JSON.stringify(JSON.parse(create!.body))).toContain('2026-12-07T09:00:00');
  });

  it('moves the meeting to the new time and keeps its link', async () => {
    const meeting = await provider.create(request);
    const moved = await provider.update(meeting, { ...request, start: '2026-12-08T14:00:00.000Z', end: '2026-12-08T14:30:00.000Z' });
    expect(moved.joinUrl).toBe(profile.joinUrl);
    const [update] = fake.sent(profile.update[0], profile.update[1]);
    expect(update!.body).toContain('2026-12-08T14:00:00');
    expect(update!.headers.authorization).toBe('Bearer token-1');
  });

  it('removes the meeting, and takes one already gone for removed', async () => {
    const meeting = await provider.create(request);
    await provider.remove(meeting, request.host);
    expect(fake.sent('DELETE', profile.remove)).toHaveLength(1);
    fake.on('DELETE', profile.remove, { status: profile.goneStatus, body: { message: 'gone' } });
    await expect(provider.remove(meeting, request.host)).resolves.toBeUndefined();
  });

  it('fetches one token for many calls, and a new one shortly before it expires', async () => {
    await Promise.all([provider.create(request), provider.create(request)]);
    expect(calls(profile.token)).toHaveLength(1);
    const life = (profile.tokenAnswer('t').body as { expires_in: number }).expires_in * 1000;
    clock += life - 59_000; // within the last minute of the first token's life
    await provider.create(request);
    expect(calls(profile.token)).toHaveLength(2);
    expect(fake.sent(profile.create[0], profile.create[1]).at(-1)!.headers.authorization).toBe('Bearer token-2');
  });

  it('fetches a fresh token and tries once more when the API answers 401', async () => {
    fake.on(profile.create[0], profile.create[1], { status: 401, body: { code: 124, message: 'Invalid access token.' } }, profile.create[2]);
    const meeting = await provider.create(request);
    expect(meeting.joinUrl).toBe(profile.joinUrl);
    expect(calls(profile.token)).toHaveLength(2);
    expect(fake.sent(profile.create[0], profile.create[1]).map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('gives up without another try when a fresh token is refused too', async () => {
    fake.on(profile.create[0], profile.create[1], { status: 401, body: { message: 'Invalid access token.' } });
    const error = await failure(provider.create(request));
    expect(error.retryable).toBe(false);
    expect(fake.sent(profile.create[0], profile.create[1])).toHaveLength(2);
  });

  it('answers 429 as "try again later", after the provider\'s Retry-After', async () => {
    fake.on(profile.create[0], profile.create[1], { status: 429, headers: { 'retry-after': '42' }, body: { message: 'Too many requests' } });
    const error = await failure(provider.create(request));
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 42_000 });
    expect(error.message).toContain('429');
  });

  it('answers a 5xx as "try again later"', async () => {
    fake.on(profile.create[0], profile.create[1], { status: 503, body: 'upstream unavailable' });
    expect(await failure(provider.create(request))).toMatchObject({ retryable: true });
  });

  it('answers a malformed answer as "try again later"', async () => {
    fake.on(profile.create[0], profile.create[1], { status: 200, body: '{"id": "cut off' });
    const error = await failure(provider.create(request));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toContain('not what the API documents');
    fake.on(profile.create[0], profile.create[1], { status: 200, body: { something: 'else' } });
    expect(await failure(provider.create(request))).toMatchObject({ retryable: true });
  });

  it('stops waiting for a slow answer after its timeout', async () => {
    fake.on(profile.create[0], profile.create[1], { ...profile.create[2], delayMs: 2_000 });
    const impatient = profile.make(fake.url, () => clock, 300);
    const started = performance.now();
    const error = await failure(impatient.create(request));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toContain('no answer within 300 ms');
  });

  it('answers a refusal of the request itself as "no use trying again"', async () => {
    fake.on(profile.create[0], profile.create[1], { status: 404, body: { code: 1001, message: 'User does not exist: ana@example.com.' } });
    const error = await failure(provider.create(request));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('User does not exist');
  });

  it('names a refused client without its secret', async () => {
    fake.on('POST', profile.token, { status: 401, body: { error: 'invalid_client', reason: 'Invalid client secret' } });
    const error = await failure(provider.create(request));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain(secrets.clientSecret);
    expect(error.message).not.toContain(secrets.refreshToken);
  });

  it('answers a token endpoint that is down as "try again later"', async () => {
    fake.on('POST', profile.token, { status: 500, body: 'oops' });
    expect(await failure(provider.create(request))).toMatchObject({ retryable: true });
  });
});
