/**
 * Why a request was refused: the one error type of the server. Use cases and routes throw it;
 * the API shapes it once into the documented `{"error": {code, message, fields?}}` with the status
 * its code stands for (`api/http-error.ts`).
 */
import type { ErrorCode } from '../../shared/api-schemas.js';

/** Any of the API's error codes, except `internal`: a refusal is never the server's own failure. */
export type RefusalCode = Exclude<ErrorCode, 'internal'>;

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** The HTTP status, where the code's usual one does not fit (a personal link's bad token is a 400, not a 403). */
    readonly status?: 400,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** `429 rate_limited`: the same request may succeed `retryAfterSeconds` from now (the answer's `Retry-After`). */
export class RateLimited extends Refusal {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
    this.name = 'RateLimited';
  }
}

/** `503 provider_unavailable`: an outside service the request needs failed; asking again `retryAfterSeconds` from now may work. */
export class ProviderUnavailable extends Refusal {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('provider_unavailable', message);
    this.name = 'ProviderUnavailable';
  }
}
