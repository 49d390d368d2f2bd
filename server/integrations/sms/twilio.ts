/**
 * Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP
 * Basic auth (the Account SID and its Auth Token, or an API key's SID and secret), a form body of
 * `To`, `From` or `MessagingServiceSid`, and `Body`. Twilio answers `201` with the message's `sid`
 * and `status`; an error is JSON `{code, message, more_info, status}`.
 *
 * Sorting the answers: `429` (Twilio's 20429) waits for its `Retry-After`; `5xx`, a timeout and a
 * body that is not what Twilio documents are tried again later; any other refusal is final — a
 * number Twilio cannot text (21211, 21614), a recipient who replied STOP (21610), credentials
 * refused (20003): the same text would be refused again.
 */
import { readText, retryAfterMs, timed } from '../conferencing/provider-api.js';
import { MessageChannelError, type MessageChannel, type SentText } from './message-channel.js';

/** A gateway slower than this is treated as down for now; the outbox tries again. */
export const DEFAULT_TIMEOUT_MS = 5_000;

export interface TwilioSettings {
  /** `AC…`: the account the messages are sent from (in the URL). */
  accountSid: string;
  /** Who signs in: the Account SID itself, or an API key's SID (`SK…`). */
  username: string;
  /** The Auth Token, or the API key's secret. */
  password: string;
  /** An E.164 number (or alphanumeric sender id) of the account; or else `messagingServiceSid`. */
  from?: string;
  /** `MG…`: a Messaging Service picks the sender; used instead of `from` when both are set. */
  messagingServiceSid?: string;
  /** `https://api.twilio.com`; tests point it at a local fake. */
  baseUrl?: string;
  timeoutMs?: number;
}

export class TwilioChannel implements MessageChannel {
  readonly name = 'twilio';

  constructor(private readonly settings: TwilioSettings) {
    if (!settings.from && !settings.messagingServiceSid) throw new Error('Twilio needs a From number or a Messaging Service SID');
  }

  async send(to: string, body: string): Promise<SentText> {
    const { settings } = this;
    const form = new URLSearchParams({ To: to });
    if (settings.messagingServiceSid) form.set('MessagingServiceSid', settings.messagingServiceSid);
    else form.set('From', settings.from!);
    form.set('Body', body);
    const base = (settings.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
    const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let response: Response;
    let text: string;
    try {
      response = await timed('Twilio', 'messages', timeoutMs, (signal) =>
        fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form.toString(),
          signal,
        }),
      );
      text = await readText('Twilio', response);
    } catch (error) {
      // No answer, or none in time: the outbox tries again later.
      throw new MessageChannelError(error instanceof Error ? error.message : String(error), true);
    }
    if (response.ok) {
      const answer = json(text) as { sid?: unknown; status?: unknown } | undefined;
      if (typeof answer?.sid !== 'string' || answer.sid === '') throw new MessageChannelError(`Twilio: HTTP ${response.status} without a message sid`, true);
      return { id: answer.sid, status: typeof answer.status === 'string' ? answer.status : 'queued' };
    }
    throw refusal(response, text);
  }
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Twilio's error answer, sorted; its words are Twilio's (they name the number, never our credentials). */
function refusal(response: Response, text: string): MessageChannelError {
  const answer = json(text) as { code?: unknown; message?: unknown } | undefined;
  const code = typeof answer?.code === 'number' ? answer.code : undefined;
  const words = typeof answer?.message === 'string' ? answer.message : text.replace(/\s+/g, ' ').slice(0, 200);
  const message = `Twilio: HTTP ${response.status}${code !== undefined ? ` (error ${code})` : ''}${words ? `: ${words}` : ''}`;
  if (response.status === 429 || code === 20429) return new MessageChannelError(message, true, retryAfterMs(response.headers.get('retry-after'), Date.parse(response.headers.get('date') ?? '')), code);
  return new MessageChannelError(message, response.status >= 500 || response.status === 408, undefined, code);
}
