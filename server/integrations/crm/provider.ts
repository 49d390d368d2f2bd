/**
 * One CRM behind one small interface: the booking's customer found (or added) as a contact, the
 * booking logged as a meeting on that contact, and the meeting kept in line when the booking moves,
 * changes hands, is cancelled or missed. The calls run from the outbox (`booking/log-to-crm.ts`),
 * never inside a booking's transaction, so a slow or broken CRM delays a record, never a booking.
 *
 * Errors are the providers' shared ones (`ConferencingError` of `conferencing/provider-api.ts`):
 * `retryable` says whether another try later may work.
 */

import type { CrmProviderName } from '../../../shared/crm-providers.js';

/** Someone as a CRM knows them. */
export interface CrmPerson {
  email: string;
  /** The whole name, as the booking form takes it. */
  name: string;
  phone?: string;
  /** Their company, when the booking form asked for it (a Salesforce Lead needs one). */
  company?: string;
}

/** What the CRM's meeting says; `outcome` follows the booking's status. Instants are ISO-8601 UTC. */
export interface CrmMeeting {
  title: string;
  start: string;
  end: string;
  /** Where to meet: the join link, the address or the number. */
  location: string;
  /** For the team reading the record: the event type, the hosts, the booking's id. */
  description: string;
  outcome: 'scheduled' | 'rescheduled' | 'cancelled' | 'no_show';
  /** A cancelled or missed meeting's outcome in the host's words ("Annulé"), for CRMs that have no outcome field of their own. */
  outcomeLabel?: string;
  /**
   * The host's user in the CRM (a HubSpot owner id, a Salesforce user id), from the member's
   * `crm` references: the meeting is theirs there, and follows a reassignment. Left out, the CRM
   * keeps its own default (no owner on HubSpot, the run-as user on Salesforce).
   */
  owner?: string;
}

export interface CrmProvider {
  readonly name: CrmProviderName;
  /** The id of the contact (or Salesforce lead) with this email address; one is added when there is none. */
  findOrCreateContact(person: CrmPerson): Promise<string>;
  /** Logs the meeting on the contact; answers the meeting's id. */
  createMeeting(contactId: string, meeting: CrmMeeting): Promise<string>;
  /** Brings the logged meeting in line: a new time, a cancellation, a no-show. */
  updateMeeting(meetingId: string, meeting: CrmMeeting): Promise<void>;
  /** A contact (or lead) by its record id, for a personal link prefilled from it; `undefined` when there is no such record. */
  readContact(recordId: string): Promise<Partial<CrmPerson> | undefined>;
}

/** A person's whole name split for CRMs that keep two fields: the last word is the last name. */
export function splitName(name: string): { first: string; last: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { first: '', last: words[0] ?? '' };
  return { first: words.slice(0, -1).join(' '), last: words.at(-1)! };
}

/** The two fields joined again, as the booking form's one name field takes it. */
export const joinName = (first: unknown, last: unknown) => [first, last].filter((part): part is string => typeof part === 'string' && part.trim() !== '').join(' ');
