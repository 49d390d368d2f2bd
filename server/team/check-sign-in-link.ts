/**
 * What a sign-in link would do, without using it: the page it opens shows a button (and, for a
 * first-admin link, asks for an email) only while the link still holds.
 */
import { peekSignInToken } from '../store/sign-in-tokens.js';
import type { TeamDeps } from './sign-in-link.js';

export async function checkSignInLink(deps: TeamDeps, request: { token: string; now: number }): Promise<'person' | 'new-admin' | undefined> {
  const token = await peekSignInToken(deps.store.db, request.token, request.now);
  if (!token) return undefined;
  return token.person === null ? 'new-admin' : 'person';
}
