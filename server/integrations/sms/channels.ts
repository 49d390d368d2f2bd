/**
 * The message channel this process sends texts with, from its environment: Twilio's credentials
 * live there and nowhere else — never in the config file, its export or the database. Without
 * them no channel is set up, and texts the config asks for fail at once with that said in the
 * booking's activity (`booking/send-text.ts`).
 *
 * `KAIROS_TWILIO_ACCOUNT_SID` (`AC…`), and either `KAIROS_TWILIO_AUTH_TOKEN`, or an API key:
 * `KAIROS_TWILIO_API_KEY_SID` (`SK…`) and `KAIROS_TWILIO_API_KEY_SECRET`; the sender:
 * `KAIROS_TWILIO_MESSAGING_SERVICE_SID` (`MG…`) or `KAIROS_TWILIO_FROM` (an E.164 number of the
 * account). `KAIROS_TWILIO_API_URL` moves the API (a local fake in tests).
 */
import type { MessageChannel } from './message-channel.js';
import { TwilioChannel } from './twilio.js';

export function messageChannel(env: Record<string, string | undefined>, options: { timeoutMs?: number } = {}): MessageChannel | undefined {
  const accountSid = env.KAIROS_TWILIO_ACCOUNT_SID;
  const apiKey = env.KAIROS_TWILIO_API_KEY_SID && env.KAIROS_TWILIO_API_KEY_SECRET ? { username: env.KAIROS_TWILIO_API_KEY_SID, password: env.KAIROS_TWILIO_API_KEY_SECRET } : undefined;
  const login = apiKey ?? (env.KAIROS_TWILIO_AUTH_TOKEN ? { username: accountSid!, password: env.KAIROS_TWILIO_AUTH_TOKEN } : undefined);
  const from = env.KAIROS_TWILIO_FROM;
  const messagingServiceSid = env.KAIROS_TWILIO_MESSAGING_SERVICE_SID;
  if (!accountSid || !login || (!from && !messagingServiceSid)) return undefined;
  return new TwilioChannel({
    accountSid,
    ...login,
    ...(from ? { from } : {}),
    ...(messagingServiceSid ? { messagingServiceSid } : {}),
    ...(env.KAIROS_TWILIO_API_URL ? { baseUrl: env.KAIROS_TWILIO_API_URL } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}
