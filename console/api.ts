/**
 * The console's view of the HTTP API (docs/http-api.md): same-origin calls with the session
 * cookie, and on every write the session's CSRF token as `X-CSRF-Token`.
 */
import type { ApiError } from '../shared/api-schemas.js';

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

/** Query parameters; empty and undefined ones are left out. */
export type Query = Record<string, string | number | undefined>;

export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class ConsoleApi {
  /** Set once the session is known; writes carry it. */
  csrf = '';

  constructor(private readonly base = '/api/v1/') {}

  url(path: string, query: Query = {}): string {
    return `${this.base}${path}${queryString(query)}`;
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.call<T>('GET', this.url(path, query));
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', this.url(path), body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', this.url(path), body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', this.url(path));
  }

  private async call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiFailure(0, 'network', 'The server could not be reached.');
    }
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) {
      const error = (payload as ApiError | undefined)?.error;
      throw new ApiFailure(response.status, error?.code ?? 'http', error?.message ?? response.statusText, error?.fields);
    }
    return payload as T;
  }
}

/** A path segment, encoded. */
export const enc = encodeURIComponent;
