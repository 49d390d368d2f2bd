/**
 * Sends the texts the outbox holds (`notify/text-message.ts`) through the process's message
 * channel (Twilio, `integrations/sms/`), outside any booking transaction, and says in the
 * booking's activity what became of each: `sms_sent`, or `sms_failed` once the outbox gives up
 * on it (the gateway refused it for good, kept failing, or none is set up).
 *
 * The number a text went to is kept under `phone` in the entry's data, which a customer's erasure
 * strips (`store/customer-data.ts`); a gateway's words that quote it have it replaced.
 */
import { MessageChannelError, type MessageChannel } from '../integrations/sms/message-channel.js';
import type { Outcome, TextHandler } from '../notify/index.js';
import { recordActivity } from '../store/activity.js';
import type { Store } from '../store/connect.js';

export interface TextDeps {
  store: Store;
  /** The channel set up from the environment (`integrations/sms/channels.ts`); none: texts fail, and say why. */
  channel: MessageChannel | undefined;
}

export function textHandler(deps: TextDeps): TextHandler {
  return async ({ bookingId, text, body, lastAttempt, now }) => {
    const record = (type: 'sms_sent' | 'sms_failed', data: Record<string, unknown>) =>
      recordActivity(deps.store.db, { bookingId, type, actor: 'system', now, data: { template: text.template, phone: text.to, ...data } });
    const giveUp = async (error: string, code?: number): Promise<Outcome> => {
      await record('sms_failed', { error, ...(code !== undefined ? { code } : {}) });
      return { ok: false, error, final: true };
    };
    // A reminder that could not go before the meeting began has nothing left to remind of.
    if (text.template === 'reminder' && now >= Date.parse(text.booking.start)) return giveUp('the meeting had begun before the reminder could be sent');
    if (!deps.channel) return giveUp('no SMS gateway is set up (README "SMS")');
    try {
      const sent = await deps.channel.send(text.to, body);
      await record('sms_sent', { channel: deps.channel.name, id: sent.id, status: sent.status });
      return { ok: true };
    } catch (error) {
      const words = (error instanceof Error ? error.message : String(error)).replaceAll(text.to, '(the number)');
      const retryable = !(error instanceof MessageChannelError) || error.retryable;
      if (retryable && !lastAttempt) {
        const retryAfterMs = error instanceof MessageChannelError ? error.retryAfterMs : undefined;
        return { ok: false, error: words, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      }
      return giveUp(words, error instanceof MessageChannelError ? error.code : undefined);
    }
  };
}
