/**
 * Where the config's secrets sit, and their stored form (README "Secrets"): each CalDAV calendar's
 * `password`, sealed for the calendar's URL, and each webhook's signing `secret`, sealed for the
 * webhook's URL. Documents are sealed on their way into the database and opened on their way out
 * (`config-repository.ts`), so the rows never hold a secret in the clear and the code above the
 * store sees plain values.
 *
 * Not here: the video providers' and calendar APIs' credentials, which are environment variables
 * and never stored; and ICS feed addresses, which are addresses as well as secrets (docs/config.md).
 */
import type { Member, Webhook } from '../config/schema.js';
import { isSealed, openSealed, seal, sealedWith, SecretUnreadable, type SecretKeys } from './sealed-secrets.js';

const calendarContext = (url: string) => `calendar ${url}`;
const webhookContext = (url: string) => `webhook ${url}`;

/** Where a secret is, in words for a log line: the member's or webhook's id and the address's origin, never its path. */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an address';
  }
}

export function sealMember(member: Member, keys: SecretKeys): Member {
  if (!member.calendars.some((c) => c.type === 'caldav' && c.password !== undefined)) return member;
  return {
    ...member,
    calendars: member.calendars.map((c) => (c.type === 'caldav' && c.password !== undefined ? { ...c, password: seal(keys, c.password, calendarContext(c.url)) } : c)),
  };
}

export function sealWebhook(webhook: Webhook, keys: SecretKeys): Webhook {
  return { ...webhook, secret: seal(keys, webhook.secret, webhookContext(webhook.url)) };
}

/**
 * The member with its passwords opened. A password that does not open (a key not held, a row
 * altered) is left out, and `unreadable` says where and why: the calendar is then read without
 * one, and refuses, which its read failure reports.
 */
export function openMember(member: Member, keys: SecretKeys, unreadable: string[]): Member {
  if (!member.calendars.some((c) => c.type === 'caldav' && c.password !== undefined)) return member;
  return {
    ...member,
    calendars: member.calendars.map((c) => {
      if (c.type !== 'caldav' || c.password === undefined) return c;
      try {
        return { ...c, password: openSealed(keys, c.password, calendarContext(c.url)) };
      } catch (error) {
        if (!(error instanceof SecretUnreadable)) throw error;
        unreadable.push(`member "${member.id}", calendar at ${origin(c.url)}: password ${error.message}`);
        const { password: _unread, ...rest } = c;
        return rest;
      }
    }),
  };
}

/** The webhook with its secret opened, or why it did not open (the worker then sends nothing unsigned). */
export function openWebhook(webhook: Webhook, keys: SecretKeys): { webhook: Webhook; unreadable?: string } {
  try {
    return { webhook: { ...webhook, secret: openSealed(keys, webhook.secret, webhookContext(webhook.url)) } };
  } catch (error) {
    if (!(error instanceof SecretUnreadable)) throw error;
    return { webhook: { ...webhook, secret: '' }, unreadable: `webhook "${webhook.id}": secret ${error.message}` };
  }
}

/**
 * One stored secret as it should be stored now: a plain one (stored before secrets were sealed)
 * sealed, one sealed by an older key of the ring sealed again by the sealing key, anything else
 * (already current, or not openable here) as it is.
 */
export function currentForm(value: string, context: string, keys: SecretKeys): string {
  if (!isSealed(value)) return seal(keys, value, context);
  if (sealedWith(value) === keys.sealing.id || !keys.opening.has(sealedWith(value)!)) return value;
  try {
    return seal(keys, openSealed(keys, value, context), context);
  } catch {
    return value;
  }
}

/** A stored member document with its secrets in their current form (`resealStoredSecrets`). */
export function resealMember(member: Member, keys: SecretKeys): Member {
  if (!member.calendars?.length) return member;
  return {
    ...member,
    calendars: member.calendars.map((c) => (c.type === 'caldav' && c.password !== undefined ? { ...c, password: currentForm(c.password, calendarContext(c.url), keys) } : c)),
  };
}

export function resealWebhook(webhook: Webhook, keys: SecretKeys): Webhook {
  return { ...webhook, secret: currentForm(webhook.secret, webhookContext(webhook.url), keys) };
}
