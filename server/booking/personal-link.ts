/**
 * Personal links (`POST /api/v1/admin/links`): a booking link whose token prefills the widget —
 * `kairos_invite=<token>` in the URL, the name the embed has always read. The token is `base64url(JSON payload)` + "." +
 * `base64url(HMAC-SHA256(payload, server secret))`. The payload is readable on purpose (the
 * widget decodes it for prefill); the signature stops anyone editing it or forging one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PersonalLink {
  page: string;
  event?: string;
  prefill: Record<string, string>;
  /** Expiry as an ISO-8601 UTC instant. */
  exp?: string;
}

function sign(payloadPart: string, secret: string): string {
  return createHmac('sha256', secret).update(payloadPart).digest('base64url');
}

export function signPersonalLink(payload: PersonalLink, secret: string): string {
  const payloadPart = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${payloadPart}.${sign(payloadPart, secret)}`;
}

/** The payload when the token is genuine and unexpired, else `undefined`. */
export function verifyPersonalLink(token: string, secret: string, now: number): PersonalLink | undefined {
  const [payloadPart, signature, ...rest] = token.split('.');
  if (!payloadPart || !signature || rest.length > 0) return undefined;
  const expected = Buffer.from(sign(payloadPart, secret));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as PersonalLink;
    if (typeof payload.page !== 'string') return undefined;
    if (payload.exp !== undefined && !(Date.parse(payload.exp) > now)) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
