/**
 * Sign-in routes (docs/http-api.md, "Signing in"): ask for an emailed link, use its token to start
 * a session (the `kairos_session` cookie), read the session, sign out. No CORS: only the console,
 * on this origin, calls them. Mounted at `/api/v1/auth`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Refusal } from '../booking/refusal.js';
import { requestSignInLink } from '../team/request-sign-in-link.js';
import { showSession } from '../team/show-session.js';
import { signIn, type SignedIn } from '../team/sign-in.js';
import { signOut } from '../team/sign-out.js';
import {
  sessionSchema,
  signedInSchema,
  signInLinkRequestSchema,
  signInRequestSchema,
  signOutRequestSchema,
} from '../../shared/api-schemas.js';
import type { ApiDeps } from './api-deps.js';
import { isoInstant } from './booking-response.js';
import { clientIp } from './rate-limit.js';
import { body, bodyErrors, errors, json } from './route-docs.js';
import { clearSessionCookie, sessionCookie, setSessionCookie } from './session-cookie.js';
import { signInLimit } from './sign-in-limit.js';
import { routes } from './validation.js';

const linkAccepted = z.object({ accepted: z.literal(true) }).openapi('SignInLinkAccepted');

const askLink = createRoute({
  method: 'post', path: '/link', operationId: 'requestSignInLink', security: [], summary: 'Email a one-time sign-in link',
  description: 'Always `202`, whether or not the address belongs to an admin or a member: only the address’s owner learns, by the email. The link opens `/admin/sign-in?token=…` and works once, within 15 minutes.',
  request: body(signInLinkRequestSchema, 'the address to send the link to'),
  responses: { 202: json(linkAccepted, 'if the address is known, a link is on its way'), ...errors({ ...bodyErrors, 422: ['validation_failed'], 429: ['rate_limited'] }) },
});
const useToken = createRoute({
  method: 'post', path: '/sign-in', operationId: 'signIn', security: [], summary: 'Use a sign-in link’s token: start a session',
  description: 'Sets the `kairos_session` cookie (HttpOnly, SameSite=Lax). Writes made with the cookie must send the answer’s `csrf` as `X-CSRF-Token`.',
  request: body(signInRequestSchema, 'the token, and a new admin’s email'),
  responses: { 200: json(signedInSchema, 'signed in'), ...errors({ ...bodyErrors, 403: ['invalid_token'], 422: ['validation_failed'] }) },
});
const readSession = createRoute({
  method: 'get', path: '/session', operationId: 'getSession', security: [{ session: [] }], summary: 'The signed-in person, their CSRF token and open sessions',
  responses: { 200: json(sessionSchema, 'the session'), ...errors({ 401: ['unauthorized'] }) },
});
const leave = createRoute({
  method: 'post', path: '/sign-out', operationId: 'signOut', security: [{ session: [] }], summary: 'End this session, or every session of the person',
  request: { body: { required: false, ...json(signOutRequestSchema, '`everywhere: true` ends them all') } },
  responses: { 204: { description: 'signed out (or was not signed in)' }, ...errors({ ...bodyErrors, 403: ['csrf_failed'], 422: ['validation_failed'] }) },
});

/** What the console learns of a person: never the session id, which only the cookie holds. */
export function signedInBody(signedIn: Pick<SignedIn, 'person' | 'csrf'>) {
  const { person } = signedIn;
  return { person: { id: person.id, name: person.name, email: person.email }, role: person.role, csrf: signedIn.csrf };
}

/** Starts the session a sign-in gave: the cookie, and no cache keeps the answer (it holds the CSRF token). */
export function startBrowserSession(c: Context, publicUrl: string, signedIn: SignedIn): void {
  setSessionCookie(c, publicUrl, signedIn.sessionId);
  c.header('Cache-Control', 'no-store');
}

export function authRoutes(deps: ApiDeps) {
  const app = routes();
  const limit = signInLimit(deps.now);

  app.openapi(askLink, async (c) => {
    const { email } = c.req.valid('json');
    limit(clientIp(c, deps.trustedProxies), email);
    await requestSignInLink(deps, { email, now: deps.now() });
    return c.json({ accepted: true as const }, 202);
  });

  app.openapi(useToken, async (c) => {
    const { token, email } = c.req.valid('json');
    const signedIn = await signIn(deps, { token, ...(email ? { email } : {}), now: deps.now() });
    startBrowserSession(c, deps.publicUrl, signedIn);
    return c.json(signedInBody(signedIn), 200);
  });

  app.openapi(readSession, async (c) => {
    const sessionId = sessionCookie(c);
    const view = sessionId ? await showSession(deps, { sessionId, now: deps.now() }) : undefined;
    if (!view) throw new Refusal('unauthorized', 'not signed in');
    c.header('Cache-Control', 'no-store');
    const sessions = view.sessions.map((s) => ({ createdAt: isoInstant(s.createdAt), lastSeenAt: isoInstant(s.lastSeenAt), current: s.current }));
    return c.json({ ...signedInBody({ person: view.person, csrf: view.session.csrf }), sessions }, 200);
  });

  app.openapi(leave, async (c) => {
    const { everywhere } = c.req.valid('json') ?? {};
    const sessionId = sessionCookie(c);
    if (sessionId) await signOut(deps, { sessionId, csrf: c.req.header('x-csrf-token') ?? '', everywhere: everywhere === true });
    clearSessionCookie(c, deps.publicUrl);
    return c.body(null, 204);
  });

  return app;
}
