/**
 * Talking to a provider's REST API the way all of them want it: an OAuth access token, fetched
 * once and kept until shortly before it expires; one fresh token and one more try when the API
 * answers `401` (a token revoked or rotated early); a few seconds at most per call; and every
 * other answer sorted into "try again later" (429 with its `Retry-After`, 5xx, a timeout, a body
 * that is not what the API documents) or "no use trying again" (any other 4xx).
 *
 * Secrets (client secrets, refresh tokens, access tokens) never appear in an error's message:
 * those messages end up in the outbox's `last_error` and the log.
 */
import type { z } from 'zod';
import { ConferencingError } from './provider.js';

/** Per call, token fetches included: a provider slower than this is treated as down for now. */
export const DEFAULT_TIMEOUT_MS = 5_000;
/** A token is renewed this long before the provider says it expires, so it never expires mid-call. */
const EXPIRY_MARGIN_MS = 60_000;

export interface AccessToken {
  token: string;
  /** When it expires, in epoch milliseconds. */
  expiresAt: number;
}

/** A form POST to a token endpoint and what it answers: `access_token`, `expires_in` (s), sometimes a new `refresh_token`. */
export interface TokenGrant {
  url: string;
  form: Record<string, string>;
  /** `client_id:client_secret` sent as HTTP Basic, for providers that take the client that way (Zoom, GoTo). */
  basic?: { user: string; password: string };
  /** The refresh token a provider rotated (Webex, GoTo): the next grant uses it. */
  rotated?(refreshToken: string): void;
  /**
   * How long a token lives when the answer does not say (`expires_in` is optional in RFC 6749
   * §5.1, and Salesforce leaves it out: its sessions end after a time of inactivity, and a `401`
   * says so). Without it, an answer with no `expires_in` is not what the API documents.
   */
  lifetimeMs?: number;
  /** The whole answer, for providers that say more in it than the token (Salesforce's `instance_url`). */
  answered?(answer: Record<string, unknown>): void;
}

/** A refusal the provider means as "too many requests" in its own way, and when to come back. */
export interface RateLimitRule {
  (answer: { status: number; headers: Headers; body: string }): { retryAfterMs?: number } | undefined;
}

export interface ApiOptions {
  /**
   * Where the API lives, e.g. `https://api.zoom.us`; tests point it at a local fake. A function
   * when the token's answer says where (Salesforce's `instance_url`): it is asked after the token.
   */
  baseUrl: string | (() => string);
  /**
   * The grant that gets an access token; called again when the token expires or is refused. Or,
   * for an API that takes one long-lived token (a HubSpot private app's), that token: a `401`
   * then means it was revoked, and no new one can be had.
   */
  grant: (() => TokenGrant) | { accessToken: string };
  now: () => number;
  timeoutMs?: number;
  /** The provider's own ways of saying "too many requests", besides a `429` with `Retry-After`. */
  rateLimit?: RateLimitRule;
}

export class ProviderApi {
  private cached: AccessToken | undefined;
  private fetching: Promise<AccessToken> | undefined;

  constructor(
    /** For messages: `Zoom`, `Microsoft Graph`, … */
    readonly label: string,
    private readonly options: ApiOptions,
  ) {}

  /**
   * Calls the API and answers its JSON, checked against `shape`; `undefined` for an answer with
   * no body (204). `gone`: statuses that mean "already not there" (a delete of a deleted meeting).
   */
  async call<T>(method: string, path: string, body: unknown, shape: z.ZodType<T> | null, gone: number[] = []): Promise<T | undefined> {
    let response = await this.send(method, path, body, await this.token());
    if (response.status === 401 && 'accessToken' in this.options.grant) throw await this.refusal(`${method} ${path}`, response, 'the access token was refused');
    if (response.status === 401) {
      // The token may have been revoked or rotated before its time: one fresh token, one more try.
      await response.body?.cancel();
      this.cached = undefined;
      response = await this.send(method, path, body, await this.token());
      if (response.status === 401) throw await this.refusal(`${method} ${path}`, response, 'refused a fresh access token');
    }
    if (gone.includes(response.status)) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw await this.refusal(`${method} ${path}`, response);
    const text = await readText(this.label, response);
    if (shape === null || (response.status === 204 && text === '')) return undefined;
    return parsed(this.label, `${method} ${path}`, text, shape);
  }

  /** The cached token, or a new one; concurrent callers share one fetch. */
  private async token(): Promise<string> {
    if ('accessToken' in this.options.grant) return this.options.grant.accessToken;
    const now = this.options.now();
    if (this.cached && this.cached.expiresAt - EXPIRY_MARGIN_MS > now) return this.cached.token;
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined));
    this.cached = await this.fetching;
    return this.cached.token;
  }

  private async fetchToken(): Promise<AccessToken> {
    const grant = (this.options.grant as () => TokenGrant)();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (grant.basic) headers.authorization = `Basic ${Buffer.from(`${grant.basic.user}:${grant.basic.password}`).toString('base64')}`;
    const response = await timed(this.label, 'token', this.options.timeoutMs, (signal) =>
      fetch(grant.url, { method: 'POST', headers, body: new URLSearchParams(grant.form).toString(), signal }),
    );
    // Any other 4xx from a token endpoint is the grant refused: a revoked refresh token, a wrong secret.
    if (!response.ok) throw await this.refusal('token', response, undefined, response.status !== 429 && response.status < 500 ? 'token_refused' : undefined);
    const answer = parsed(this.label, 'token', await readText(this.label, response), tokenAnswer(grant.lifetimeMs));
    if (answer.refresh_token && grant.rotated) grant.rotated(answer.refresh_token);
    grant.answered?.(answer.whole);
    return { token: answer.access_token, expiresAt: this.options.now() + answer.lifetimeMs };
  }

  /** An error answer, sorted: 429, the provider's own rate limits and 5xx are worth another try, other refusals are not. */
  private async refusal(what: string, response: Response, why?: string, answer?: 'token_refused'): Promise<ConferencingError> {
    const body = await response.text().catch(() => '');
    // The body's text is the provider's, never ours: it holds no secret of Kairos's.
    const detail = body.replace(/\s+/g, ' ').slice(0, 200);
    const message = `${this.label} ${what}: HTTP ${response.status}${why ? ` (${why})` : ''}${detail ? `: ${detail}` : ''}`;
    const limited = this.options.rateLimit?.({ status: response.status, headers: response.headers, body });
    if (limited) return new ConferencingError(message, true, limited.retryAfterMs ?? retryAfterOf(response), response.status);
    if (response.status === 429) return new ConferencingError(message, true, retryAfterOf(response), response.status);
    return new ConferencingError(message, response.status >= 500 || response.status === 408, undefined, answer ?? response.status);
  }

  private send(method: string, path: string, body: unknown, token: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const base = typeof this.options.baseUrl === 'string' ? this.options.baseUrl : this.options.baseUrl();
    const url = `${base.replace(/\/+$/, '')}${path}`;
    return timed(this.label, `${method} ${path}`, this.options.timeoutMs, (signal) =>
      fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal }),
    );
  }
}

/**
 * What every OAuth 2.0 token endpoint answers (RFC 6749 §5.1). `expires_in` is optional there:
 * without it the grant's `lifetimeMs` counts, and a grant that has none refuses the answer.
 */
function tokenAnswer(lifetimeMs: number | undefined) {
  return {
    parse(value: unknown) {
      const v = value as Record<string, unknown> | null;
      if (!v || typeof v.access_token !== 'string' || v.access_token === '') throw new Error('no access_token');
      const expiresIn = typeof v.expires_in === 'string' ? Number(v.expires_in) : v.expires_in;
      const said = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : undefined;
      if (said === undefined && (v.expires_in !== undefined || lifetimeMs === undefined)) throw new Error('no expires_in');
      return { access_token: v.access_token, lifetimeMs: said ?? lifetimeMs!, refresh_token: typeof v.refresh_token === 'string' ? v.refresh_token : undefined, whole: v };
    },
  };
}

/** `call` with a deadline: no answer in time, or none at all, is a retryable `ConferencingError` saying which. */
export async function timed(label: string, what: string, timeoutMs = DEFAULT_TIMEOUT_MS, call: (signal: AbortSignal) => Promise<Response>): Promise<Response> {
  try {
    return await call(AbortSignal.timeout(timeoutMs));
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new ConferencingError(`${label} ${what}: no answer within ${timeoutMs} ms`, true, undefined, 'timeout');
    throw new ConferencingError(`${label} ${what}: unreachable (${error instanceof Error ? error.message : String(error)})`, true, undefined, 'unreachable');
  }
}

/** The answer's body, read within the deadline its request was given. */
export async function readText(label: string, response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    // The timeout's signal also ends a body that trickles in too slowly.
    throw new ConferencingError(`${label}: the answer stopped before its end`, true, undefined, 'timeout');
  }
}

function parsed<T>(label: string, what: string, text: string, shape: { parse(value: unknown): T }): T {
  try {
    return shape.parse(JSON.parse(text));
  } catch {
    // A proxy's error page or a half answer: likely to pass, so worth another try.
    throw new ConferencingError(`${label} ${what}: the answer is not what the API documents`, true, undefined, 'malformed');
  }
}

/** The answer's own `Retry-After`, if it has one. */
const retryAfterOf = (response: Response) => retryAfterMs(response.headers.get('retry-after'), Date.parse(response.headers.get('date') ?? ''));

/** `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3), measured from the answer's own `Date`. */
export function retryAfterMs(header: string | null, answeredAt: number): number | undefined {
  if (!header) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  if (Number.isNaN(at) || Number.isNaN(answeredAt)) return undefined;
  return Math.max(0, at - answeredAt);
}

/** A Google account's refresh-token grant (Meet links and calendar write-back share it). */
export interface GoogleAccount {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** `https://oauth2.googleapis.com` */
  oauthUrl?: string;
  /** `https://www.googleapis.com` */
  apiUrl?: string;
  now: () => number;
  timeoutMs?: number;
}

/** The Google APIs, signed in with a refresh token. */
export function googleApi(account: GoogleAccount): ProviderApi {
  const oauth = (account.oauthUrl ?? 'https://oauth2.googleapis.com').replace(/\/+$/, '');
  return new ProviderApi('Google Calendar', {
    baseUrl: account.apiUrl ?? 'https://www.googleapis.com',
    now: account.now,
    ...(account.timeoutMs ? { timeoutMs: account.timeoutMs } : {}),
    grant: () => ({
      url: `${oauth}/token`,
      form: { client_id: account.clientId, client_secret: account.clientSecret, refresh_token: account.refreshToken, grant_type: 'refresh_token' },
    }),
  });
}

/** A Microsoft Entra app's client-credentials grant (Teams meetings and calendar write-back share it). */
export interface MicrosoftApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** `https://login.microsoftonline.com` */
  loginUrl?: string;
  /** `https://graph.microsoft.com` */
  graphUrl?: string;
  now: () => number;
  timeoutMs?: number;
}

/** Microsoft Graph, signed in as the app. */
export function microsoftGraphApi(app: MicrosoftApp): ProviderApi {
  const login = (app.loginUrl ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  return new ProviderApi('Microsoft Graph', {
    baseUrl: app.graphUrl ?? 'https://graph.microsoft.com',
    now: app.now,
    ...(app.timeoutMs ? { timeoutMs: app.timeoutMs } : {}),
    grant: () => ({
      url: `${login}/${encodeURIComponent(app.tenantId)}/oauth2/v2.0/token`,
      form: { client_id: app.clientId, client_secret: app.clientSecret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' },
    }),
  });
}
