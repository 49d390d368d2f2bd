/** Acting as a signed-in person in the admin API: a session started over HTTP from an emailed link, and requests made with its cookie. */
import { expect } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { postJson, type testApp } from './fixtures.js';

type App = ReturnType<typeof testApp>['app'];

export interface Session {
  cookie: string;
  csrf?: string;
}

/** Signs `email` in through the API: the cookie (`kairos_session=…`) and the session's CSRF token. */
export async function signIn(app: App, store: Store, email: string): Promise<Session> {
  expect((await postJson(app, '/api/v1/auth/link', { email })).status).toBe(202);
  const [row] = await store.db.selectFrom('outbox').select('payload').where('topic', '=', 'sign_in').orderBy('created_at', 'desc').limit(1).execute();
  const token = new URL((JSON.parse(row!.payload) as { link: string }).link).searchParams.get('token')!;
  const res = await postJson(app, '/api/v1/auth/sign-in', { token });
  expect(res.status).toBe(200);
  const cookie = /^(kairos_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  return { cookie, csrf: ((await res.json()) as { csrf: string }).csrf };
}

/** `method path` with the session's cookie, its CSRF token when it has one, and `body` as JSON when given. */
export function withSession(app: App, session: Session, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: {
      cookie: session.cookie,
      ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
