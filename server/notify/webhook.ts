/**
 * Webhooks per the Standard Webhooks spec: a JSON body `{type, timestamp, data}`, signed with the
 * receiver's secret over `webhook-id`, `webhook-timestamp` and the body. The id is the outbox
 * row's, so a receiver can drop the duplicates at-least-once delivery may bring.
 */
import { Webhook as Signer } from 'standardwebhooks';
import type { WebhookTopic } from '../config/schema.js';
import type { Booking } from '../store/booking.js';
import { isoText } from './mail-booking.js';

export function webhookBody(type: WebhookTopic, timestamp: string, booking: Booking, previous?: Booking): string {
  return JSON.stringify({
    type,
    timestamp,
    data: {
      booking: {
        id: booking.id,
        uid: booking.uid,
        status: booking.status,
        event: booking.eventType,
        page: booking.page,
        start: isoText(booking.start),
        end: isoText(booking.end),
        timezone: booking.timezone,
        locale: booking.locale,
        customer: { name: booking.name, email: booking.email, phone: booking.phone },
        answers: booking.answers,
        location: booking.location,
        hosts: booking.members.map((m) => ({ id: m.id, name: m.name, email: m.email })),
        reason: booking.reason,
        sequence: booking.sequence,
      },
      ...(previous ? { previous: { start: isoText(previous.start), end: isoText(previous.end), members: previous.members.map((m) => m.id) } } : {}),
    },
  });
}

export type DeliveryResult = { ok: true } | { ok: false; error: string; gone?: boolean };

export interface WebhookRequest {
  url: string;
  secret: string;
  /** Stable across retries: the outbox row id. */
  id: string;
  body: string;
  /** Milliseconds since the epoch, for `webhook-timestamp`. */
  now: number;
  timeoutMs?: number;
}

export async function deliverWebhook(request: WebhookRequest): Promise<DeliveryResult> {
  const timestamp = new Date(request.now);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Kairos-Webhooks/1',
    'webhook-id': request.id,
    'webhook-timestamp': String(Math.floor(request.now / 1000)),
    'webhook-signature': signer(request.secret).sign(request.id, timestamp, request.body),
  };
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true };
    // 410 Gone is the receiver saying "stop": the spec has senders disable the endpoint.
    return { ok: false, error: `HTTP ${response.status}`, ...(response.status === 410 ? { gone: true } : {}) };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

/** Secrets are `whsec_` + base64 per the spec; a plain passphrase from a hand-written config is used as raw bytes. */
function signer(secret: string): Signer {
  if (secret.startsWith('whsec_')) return new Signer(secret);
  return new Signer(secret, { format: 'raw' });
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
