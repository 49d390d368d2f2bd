/**
 * The session cookie, `kairos_session`: HttpOnly (no script reads it), SameSite=Lax (a form
 * another site posts goes without it), Path=/ (the console at /admin and the API at /api share
 * it), Secure when the server is reached over https. It holds the session id; the store keeps
 * only the id's hash.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'kairos_session';

export function sessionCookie(c: Context): string | undefined {
  const id = getCookie(c, SESSION_COOKIE);
  return id && /^[A-Za-z0-9_-]{1,100}$/.test(id) ? id : undefined;
}

export function setSessionCookie(c: Context, publicUrl: string, sessionId: string): void {
  setCookie(c, SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'Lax', path: '/', secure: publicUrl.startsWith('https:') });
}

export function clearSessionCookie(c: Context, publicUrl: string): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Lax', path: '/', secure: publicUrl.startsWith('https:') });
}
