/**
 * The Twilio adapter against a local fake of Twilio's Messages API, playing its documented
 * requests and answers: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic
 * auth and a form body, `201` with the message's `sid`; errors as `{code, message, more_info,
 * status}`. Only that: this says nothing of Twilio itself.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageChannel } from '../../../server/integrations/sms/channels.js';
import { MessageChannelError } from '../../../server/integrations/sms/message-channel.js';
import { TwilioChannel } from '../../../server/integrations/sms/twilio.js';
import { ProviderFake } from '../support/provider-fake.js';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'auth-token-not-to-be-seen';
const MESSAGES = /^\/2010-04-01\/Accounts\/AC0123456789abcdef0123456789abcdef\/Messages\.json$/;
const created = { status: 201, body: { sid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued', to: '+33612345678', body: 'x', error_code: null } };
const twilioError = (status: number, code: number, message: string) => ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });

describe('Twilio message channel', () => {
  let fake: ProviderFake;
  beforeEach(async () => {
    fake = await new ProviderFake().start();
  });
  afterEach(() => fake.close());

  const channel = (settings: Partial<ConstructorParameters<typeof TwilioChannel>[0]> = {}) =>
    new TwilioChannel({ accountSid: ACCOUNT, username: ACCOUNT, password: TOKEN, from: '+15005550006', baseUrl: fake.url, timeoutMs: 500, ...settings });
  const failure = async (send: Promise<unknown>) => {
    const error = await send.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MessageChannelError);
    return error as MessageChannelError;
  };

  it('posts To, From and Body as a form with the account’s Basic auth, and answers the sid', async () => {
    fake.on('POST', MESSAGES, created);
    const sent = await channel().send('+33612345678', 'Confirmé : Démo, mar. 1 déc.\nhttps://k.test/manage/b1?token=a+b');
    expect(sent).toEqual({ id: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', status: 'queued' });
    const [request] = fake.sent('POST', MESSAGES);
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(request!.body);
    expect(Object.fromEntries(form)).toEqual({ To: '+33612345678', From: '+15005550006', Body: 'Confirmé : Démo, mar. 1 déc.\nhttps://k.test/manage/b1?token=a+b' });
  });

  it('signs in with an API key and sends through a Messaging Service instead of a From number', async () => {
    fake.on('POST', MESSAGES, created);
    await channel({ username: 'SKabc', password: 'key-secret', messagingServiceSid: 'MG123' }).send('+33612345678', 'Hi');
    const [request] = fake.sent('POST', MESSAGES);
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from('SKabc:key-secret').toString('base64')}`);
    const form = new URLSearchParams(request!.body);
    expect(form.get('MessagingServiceSid')).toBe('MG123');
    expect(form.has('From')).toBe(false);
  });

  it('takes an invalid To (21211) as final, with Twilio’s code and words', async () => {
    fake.on('POST', MESSAGES, twilioError(400, 21211, "The 'To' number +336 is not a valid phone number."));
    const error = await failure(channel().send('+336', 'Hi'));
    expect(error).toMatchObject({ retryable: false, code: 21211 });
    expect(error.message).toContain('error 21211');
  });

  it('takes a recipient who replied STOP (21610) as final', async () => {
    fake.on('POST', MESSAGES, twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    expect(await failure(channel().send('+33612345678', 'Hi'))).toMatchObject({ retryable: false, code: 21610 });
  });

  it('takes refused credentials (20003) as final, and never quotes the token', async () => {
    fake.on('POST', MESSAGES, twilioError(401, 20003, 'Authenticate'));
    const error = await failure(channel().send('+33612345678', 'Hi'));
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(TOKEN);
  });

  it('waits out a 429 (20429) for its Retry-After', async () => {
    fake.on('POST', MESSAGES, { ...twilioError(429, 20429, 'Too Many Requests'), headers: { 'retry-after': '7' } });
    expect(await failure(channel().send('+33612345678', 'Hi'))).toMatchObject({ retryable: true, retryAfterMs: 7000, code: 20429 });
  });

  it('tries a 5xx again later', async () => {
    fake.on('POST', MESSAGES, { status: 503, body: '<html>Service Unavailable</html>' });
    const error = await failure(channel().send('+33612345678', 'Hi'));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('HTTP 503');
  });

  it('tries again a 201 whose body is not what Twilio documents', async () => {
    fake.on('POST', MESSAGES, { status: 201, body: '{"sid": ' });
    expect(await failure(channel().send('+33612345678', 'Hi'))).toMatchObject({ retryable: true });
  });

  it('gives up on a slow answer at its timeout, to be tried again', async () => {
    fake.on('POST', MESSAGES, { ...created, delayMs: 2_000 });
    const started = performance.now();
    const error = await failure(channel({ timeoutMs: 200 }).send('+33612345678', 'Hi'));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('no answer within 200 ms');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('is set up from the environment only when an account, a secret and a sender are all there', () => {
    const base = { KAIROS_TWILIO_ACCOUNT_SID: ACCOUNT, KAIROS_TWILIO_AUTH_TOKEN: TOKEN, KAIROS_TWILIO_FROM: '+15005550006' };
    expect(messageChannel(base)?.name).toBe('twilio');
    expect(messageChannel({ ...base, KAIROS_TWILIO_FROM: undefined })).toBeUndefined();
    expect(messageChannel({ ...base, KAIROS_TWILIO_AUTH_TOKEN: undefined })).toBeUndefined();
    expect(messageChannel({ ...base, KAIROS_TWILIO_AUTH_TOKEN: undefined, KAIROS_TWILIO_API_KEY_SID: 'SK1', KAIROS_TWILIO_API_KEY_SECRET: 's' })?.name).toBe('twilio');
    expect(messageChannel({})).toBeUndefined();
  });
});
