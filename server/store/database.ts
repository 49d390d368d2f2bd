/**
 * The tables, as kysely sees them. One code path for SQLite and PostgreSQL: instants are stored
 * as ISO-8601 UTC text (`toISOString()`, which sorts in time order), JSON as text, booleans as 0/1.
 */
import type { Generated } from 'kysely';
import type { BookingStatus } from '../../shared/booking-status.js';

/** Config documents (members, event types, pools, pages, webhooks) are stored whole, by id. */
export interface ConfigTable {
  id: string;
  /** The entity as validated by `server/config/schema.ts`, as JSON. */
  data: string;
  updated_at: string;
}

export interface WebhookTable extends ConfigTable {
  /** 1 once the receiver answered `410 Gone`: no more deliveries. */
  disabled: Generated<number>;
}

export type { BookingStatus };

export interface BookingTable {
  id: string;
  /** The invite UID; kept across reschedules. */
  uid: string;
  page: string;
  event_type: string;
  /** The host the booking was made with (JSON of `Host`), after routing rules. */
  host: string;
  status: BookingStatus;
  start_at: string;
  end_at: string;
  buffer_before: number;
  buffer_after: number;
  timezone: string;
  locale: string;
  name: string;
  email: string;
  phone: string | null;
  /** JSON array of the email addresses the customer invited along (migration 0017). */
  guests: string;
  /** The sessions of one multi-session booking share this id (migration 0021); null for one session. */
  series_id: string | null;
  /** JSON object of the booking form's answers. */
  answers: string;
  /** JSON object: utm_* and referrer. */
  source: string;
  /** JSON of `{type, joinUrl?, address?, number?}`. */
  location: string;
  /** SHA-256 (hex) of the manage token; the token itself is never stored. */
  manage_token_hash: string;
  /** SHA-256 (hex) of the request's idempotency key; the key itself is never stored. */
  idempotency_key: string | null;
  /**
   * SHA-256 (hex) of the page and body of the request that came with the key
   * (`booking/request-fingerprint.ts`): only the same request replays the booking. Null on
   * bookings keyed before migration 0007.
   */
  idempotency_fingerprint: string | null;
  /** iCalendar SEQUENCE: +1 on every change the attendees must see. */
  sequence: number;
  reason: string | null;
  created_at: string;
  updated_at: string;
}

/** Who attends a booking; `pool` says which pool a member was drawn from. */
export interface BookingMemberTable {
  booking_id: string;
  member_id: string;
  pool: string | null;
}

/** Distribution history of pools: one row each time a pool gives a booking to a member. */
export interface PoolAssignmentTable {
  id: string;
  pool: string;
  member_id: string;
  booking_id: string;
  assigned_at: string;
  outcome: 'held' | 'completed' | 'cancelled' | 'reassigned_away' | 'no_show';
}

/**
 * The places a booking gave a member that no pool drew (a member host, a panel's listed member),
 * with what became of them (migration 0012): with `pool_assignments`, every place a member had.
 */
export interface MemberAssignmentTable {
  id: string;
  member_id: string;
  booking_id: string;
  assigned_at: string;
  outcome: PoolAssignmentTable['outcome'];
}

/** When each member joined each pool (migration 0020): round robin calibrates a member who joined mid-period. */
export interface PoolMemberTable {
  pool: string;
  member_id: string;
  joined_at: string;
}

/** Append-only: what happened to a booking. */
export interface ActivityTable {
  id: string;
  booking_id: string | null;
  at: string;
  type: string;
  /** `customer`, `system`, `admin`, or `member:<id>`. */
  actor: string;
  /** JSON details. */
  data: string;
}

/** A member's own activity stream, as keys (`member-stream.ts`): kept by triggers, never written by code. */
export interface MemberStreamTable {
  member_id: string;
  booking_id: string;
  /** The entry's id in the stream (an activity id, or `outbox-` and the outbox row's). */
  id: string;
  at: string;
  origin: 'activity' | 'outbox';
  /** The entry's row in its table. */
  row_id: string;
}

/**
 * `meeting`: a call to a conferencing provider (migration 0019), run by the handler the process wires (`booking/set-up-meeting.ts`);
 * `calendar`: bringing the members' own calendars in line with the booking (`booking/write-calendars.ts`);
 * `sms`: a text to the customer's phone (`notify/text-message.ts`, sent by `booking/send-text.ts`);
 * `crm`: bringing the booking's meeting in the CRM in line with the booking (`booking/log-to-crm.ts`).
 */
export type OutboxKind = 'email' | 'webhook' | 'meeting' | 'calendar' | 'sms' | 'crm';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/** Side effects, written in the same transaction as the change that causes them. */
export interface OutboxTable {
  id: string;
  kind: OutboxKind;
  booking_id: string | null;
  /** What it is about: `booking.created`, `reminder`, … */
  topic: string;
  /** JSON: everything the worker needs to deliver it. */
  payload: string;
  due_at: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  /** A worker that claimed the row owns it until then, or until that worker is gone. */
  locked_until: string | null;
  /** The `outbox_workers` id of the worker holding the claim (migration 0008); null when unclaimed. */
  claimed_by: string | null;
  created_at: string;
  sent_at: string | null;
  /**
   * When the worker gave up on it (status `failed`): its last attempt. Kept on the row (migration
   * 0013) so the activity stream reads given-up rows in time order from an index.
   */
  failed_at: string | null;
}

/**
 * A booking's video meeting at a conferencing provider (migration 0019): made from the outbox
 * after the booking commits, so it is `pending` until the provider answers; `fallback` when the
 * provider kept failing and the booking got its event type's fallback location instead.
 */
export interface BookingMeetingTable {
  booking_id: string;
  provider: string;
  status: 'pending' | 'ready' | 'fallback' | 'removed';
  /** The member whose provider account holds the meeting, and who they are there. */
  member_id: string | null;
  host: string | null;
  meeting_id: string | null;
  join_url: string | null;
  /** JSON: what else the provider needs to find the meeting again. */
  detail: string | null;
  last_error: string | null;
  updated_at: string;
}

/**
 * A booking written into one member's own calendar (migration 0022): the calendar's URL, the
 * event's URL there and its ETag when Kairos last wrote it (null when the server gave none).
 */
export interface BookingCalendarEventTable {
  booking_id: string;
  member_id: string;
  calendar: string;
  href: string;
  etag: string | null;
  updated_at: string;
}

/**
 * A booking as logged in a CRM (migration 0023): the contact or lead it is logged on, the meeting
 * or event logged, and the outcome it was last given (`scheduled`, `cancelled`, …); the ids are
 * null until the CRM answered them.
 */
export interface BookingCrmRecordTable {
  booking_id: string;
  provider: string;
  contact_id: string | null;
  meeting_id: string | null;
  outcome: string | null;
  /** A run talking to the CRM holds the row until then. */
  claimed_until: string | null;
  updated_at: string;
}

/** A running outbox worker: it beats while alive, and its claims die with it (migration 0008). */
export interface OutboxWorkerTable {
  id: string;
  started_at: string;
  heartbeat_at: string;
}

export interface OutboxAttemptTable {
  id: string;
  outbox_id: string;
  at: string;
  ok: number;
  error: string | null;
}

/** One key per member for the admin API (`member-keys.ts`); the key itself is never stored. */
export interface MemberKeyTable {
  member_id: string;
  /** SHA-256 (hex) of the key. */
  key_hash: string;
  created_at: string;
}

/** People who sign in as admins (migration 0011); members sign in as the config's members. */
export interface AdminTable {
  id: string;
  /** Where their sign-in links go; null for an admin made by a first-admin link who gave none. */
  email: string | null;
  created_at: string;
}

/** One-time sign-in links (`sign-in-tokens.ts`); the token itself is never stored. */
export interface SignInTokenTable {
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  /** `admin:<id>` or `member:<id>`; null for a first-admin link, which makes a new admin. */
  person: string | null;
  created_at: string;
  expires_at: string;
  /** When it was used: a token signs in once. */
  used_at: string | null;
}

/** A booking's manage tokens issued after its first (`manage-token.ts`); the token itself is never stored. */
/** A time held for a visitor filling the form (`holds.ts`): one row per member the hold takes. */
export interface HoldTable {
  /** SHA-256 (hex) of the hold token the visitor was given. */
  token_hash: string;
  member_id: string;
  page: string;
  event_type: string;
  start_at: string;
  end_at: string;
  buffer_before: number;
  buffer_after: number;
  /** From this instant on the hold is nothing. */
  expires_at: string;
}

export interface ManageTokenTable {
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  booking_id: string;
  created_at: string;
}

/** Signed-in sessions (`sessions.ts`); the session id itself is never stored. */
export interface SessionTable {
  /** SHA-256 (hex) of the id the cookie carries. */
  id_hash: string;
  /** `admin:<id>` or `member:<id>`. */
  person: string;
  /** What writes must send in `X-CSRF-Token`: a page another site opens cannot read it. */
  csrf: string;
  created_at: string;
  last_seen_at: string;
}

/**
 * One row per consent field a booking answered (migration 0015): the label exactly as the
 * customer read it, and their answer. Not personal once the booking is erased, so it stays.
 */
export interface ConsentTable {
  booking_id: string;
  field: string;
  /** The field's label in the booking's language, picked as the widget picked it. */
  label: string;
  /** 1 when given, 0 when refused. */
  given: number;
  /** The booking's creation. */
  at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** One row (id 1): which database this is, and how often its config has changed (migration 0006). */
export interface ConfigVersionTable {
  id: number;
  token: string;
  /** bigint: PostgreSQL hands it over as a string. */
  version: number | string;
}

/** A person's saved activity filter (migration 0009); `owner` is the actor: `admin` or `member:<id>`. */
export interface SavedFilterTable {
  id: string;
  owner: string;
  name: string;
  /** JSON of the activity query's parameters. */
  query: string;
  created_at: string;
}

export interface Database {
  settings: SettingTable;
  config_version: ConfigVersionTable;
  members: ConfigTable;
  event_types: ConfigTable;
  pools: ConfigTable;
  pages: ConfigTable;
  webhooks: WebhookTable;
  bookings: BookingTable;
  booking_members: BookingMemberTable;
  pool_assignments: PoolAssignmentTable;
  member_assignments: MemberAssignmentTable;
  pool_members: PoolMemberTable;
  activity: ActivityTable;
  outbox: OutboxTable;
  member_stream: MemberStreamTable;
  outbox_attempts: OutboxAttemptTable;
  outbox_workers: OutboxWorkerTable;
  member_keys: MemberKeyTable;
  saved_filters: SavedFilterTable;
  admins: AdminTable;
  sign_in_tokens: SignInTokenTable;
  sessions: SessionTable;
  manage_tokens: ManageTokenTable;
  holds: HoldTable;
  consents: ConsentTable;
  booking_meetings: BookingMeetingTable;
  booking_calendar_events: BookingCalendarEventTable;
  booking_crm_records: BookingCrmRecordTable;
}
