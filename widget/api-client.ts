/** The widget's view of the public HTTP API (docs/http-api.md). Types come from the server's schemas. */
import type {
  ApiError,
  BookingRequest,
  BookingResponse,
  HoldRequest,
  HoldResponse,
  PageResponse,
  SlotsResponse,
} from '../shared/api-schemas.js';

/** An error answer of the API, with the server's code and per-field messages. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface SlotsQuery {
  /** Omitted: the page's first entry. */
  event?: string;
  from: string;
  to: string;
  timezone: string;
  /** Routing answers as a JSON object. */
  answers?: string;
  /** The language of a routing refusal. */
  locale?: string;
}

export class ApiClient {
  constructor(private readonly base: string) {}

  page(page: string, locale?: string): Promise<PageResponse> {
    return this.call(`pages/${enc(page)}${locale ? `?locale=${enc(locale)}` : ''}`);
  }

  slots(page: string, q: SlotsQuery): Promise<SlotsResponse> {
    return this.call(`pages/${enc(page)}/slots?${new URLSearchParams({ ...q })}`);
  }

  book(page: string, request: BookingRequest): Promise<BookingResponse> {
    return this.call(`pages/${enc(page)}/bookings`, request);
  }

  hold(page: string, request: HoldRequest): Promise<HoldResponse> {
    return this.call(`pages/${enc(page)}/holds`, request);
  }

  /**
   * Lets a hold go; `keepalive` lets it leave with a page that is closing. A body-less POST, not a
   * DELETE: from another origin a DELETE needs a preflight, which keepalive requests do not get.
   * Settles once the server answered, whatever it said.
   */
  release(page: string, id: string): Promise<unknown> {
    return fetch(new URL(`api/v1/pages/${enc(page)}/holds/${id}/release`, this.base), { method: 'POST', keepalive: true }).catch(() => undefined);
  }

  /** The page's own booking page on the server (`/book/{page}`), where "book again" leads. */
  bookUrl(page = ''): string | undefined {
    return page ? String(new URL(`book/${enc(page)}`, this.base)) : undefined;
  }

  booking(id: string, token: string): Promise<BookingResponse> {
    return this.call(`bookings/${enc(id)}?token=${enc(token)}`);
  }

  cancel(id: string, token: string, reason?: string, scope?: 'all'): Promise<BookingResponse> {
    return this.call(`bookings/${enc(id)}/cancel`, { token, reason, scope });
  }

  reschedule(id: string, token: string, start: string): Promise<BookingResponse> {
    return this.call(`bookings/${enc(id)}/reschedule`, { token, start });
  }

  private async call<T>(path: string, body?: object): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(`api/v1/${path}`, this.base), {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body && JSON.stringify(body),
      });
    } catch {
      throw new ApiFailure(0, 'network', 'network error');
    }
    const json = await response.json().catch(() => undefined);
    if (response.ok && json) return json as T;
    const error = (json as ApiError | undefined)?.error;
    throw new ApiFailure(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText, error?.fields);
  }
}

const enc = encodeURIComponent;
