/** Acting as a member in the admin API: their key, issued by the admin, and requests made with it. */
import { expect } from 'vitest';
import { admin, type testApp } from './fixtures.js';

type App = ReturnType<typeof testApp>['app'];

export async function memberKey(app: App, member: string): Promise<string> {
  const response = await admin(app, 'POST', `/api/v1/admin/members/${member}/key`);
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

/** `method path` with `key` as the bearer, and `body` as JSON when given. */
export function withKey(app: App, key: string, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
