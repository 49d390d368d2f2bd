/**
 * Why a booking change was refused. The API maps each code to an HTTP status; the codes are
 * the contract's (`slot_unavailable`, `too_late`, `invalid_token`, `not_found`, …).
 */
export type BookingErrorCode =
  | 'not_found'
  | 'slot_unavailable'
  | 'too_late'
  | 'invalid_token'
  | 'forbidden'
  | 'invalid_state'
  | 'refused'
  | 'validation_failed';

export class BookingError extends Error {
  constructor(
    readonly code: BookingErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'BookingError';
  }
}
