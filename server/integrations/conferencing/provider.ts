/**
 * One video-meeting provider behind one small interface: the booking's meeting is made when the
 * booking stands, moved when it moves, removed when it is cancelled. The calls run from the
 * outbox (`booking/set-up-meeting.ts`), never inside a booking's transaction, so a slow or
 * broken provider delays a link, never a booking.
 */

/** What a provider is told about the booking's meeting. Instants are ISO-8601 UTC. */
export interface MeetingRequest {
  /** The booking's id: providers that take a client reference get it, so a retried create is recognisable. */
  bookingId: string;
  title: string;
  start: string;
  end: string;
  /** The IANA zone the meeting is shown in by the provider's own pages. */
  timezone: string;
  /** Who hosts it in the provider's account: the member's reference from the config (a Zoom user id or email, …). */
  host: string;
  /** The addresses invited, for providers whose meeting has attendees (Meet, Webex). */
  attendees: string[];
}

/** A meeting as made: what Kairos keeps to update or remove it, and what people join with. */
export interface Meeting {
  /** The provider's id of the meeting. */
  id: string;
  joinUrl: string;
  /** What else the provider needs to find the meeting again (Google's calendar id, …). */
  detail?: Record<string, string>;
}

export interface ConferencingProvider {
  /** `zoom`, `teams`, `meet`, `webex`, `goto`. */
  readonly name: string;
  create(request: MeetingRequest): Promise<Meeting>;
  /** Moves or renames the meeting; answers the meeting as it is now (its link may change). */
  update(meeting: Meeting, request: MeetingRequest): Promise<Meeting>;
  /** Removes the meeting; one already gone counts as removed. */
  remove(meeting: Meeting, host: string): Promise<void>;
}

/**
 * A call that failed. `retryable` says whether asking again later may work (429, 5xx, a timeout,
 * a network error) or not (the provider refused the request: a wrong user id, missing scopes);
 * `retryAfterMs` is the provider's own `Retry-After`, when it gave one.
 */
export class ConferencingError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    /** What happened, for callers that tell people which way it failed (`provider-busy.ts`): the HTTP status, or no usable answer. */
    readonly answer?: number | 'timeout' | 'unreachable' | 'malformed' | 'token_refused',
  ) {
    super(message);
    this.name = 'ConferencingError';
  }
}
