/**
 * One way of sending a short text to a phone, behind one small interface: Twilio today
 * (`twilio.ts`), any other SMS gateway tomorrow. Sends run from the outbox
 * (`booking/send-text.ts`), never inside a booking's transaction, so a slow or broken gateway
 * delays a text, never a booking.
 */

/** A text as the gateway took it: its id there (Twilio's `SM…` sid) and the status it reported (`queued`, `accepted`, …). */
export interface SentText {
  id: string;
  status: string;
}

export interface MessageChannel {
  /** `twilio`, … */
  readonly name: string;
  /**
   * Sends `body` to `to`, an E.164 number (`+33612345678`). Resolves once the gateway accepted
   * the text (delivery to the handset comes later, and is not waited for); throws a
   * `MessageChannelError` otherwise.
   */
  send(to: string, body: string): Promise<SentText>;
}

/**
 * A text the gateway did not take. `retryable`: worth another try later (a rate limit, the
 * gateway down or slow); otherwise the same text would be refused again (a bad number, a
 * recipient who replied STOP, wrong credentials). `code`: the gateway's own error code, if any.
 * The message never holds a secret: it ends up in the outbox's `last_error` and the log.
 */
export class MessageChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'MessageChannelError';
  }
}
