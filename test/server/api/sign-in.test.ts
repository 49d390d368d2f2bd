/** Signing in over HTTP: the link request, the sign-in page, the session cookie, CSRF, roles, sign-out. */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/connect.js';
import { backends, disposeStores } from '../support/backends.js';
import { admin, demoRequest, postJson, PUBLIC_URL, seed, testApp } from '../support/fixtures.js';

afterAll(disposeStores);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(backends.map((b) => [b.name, b] as const))('signing in over HTTP on %s', (_name, backend) => {
  let store: Store;
  let app: ReturnType<typeof testApp>['app'];
  let clock: ReturnType<typeof testApp>['clock'];
  beforeEach(async () => {
    store = await backend.open();
    await seed(store);
    ({ app, clock } = testApp(store));
  });

  const signInEmails = () => store.db.selectFrom('outbox').select('payload').where('topic', '=', 'sign_in').orderBy('created_at').execute();
  const askLink = (email: string, headers: Record<string, string> = {}) => postJson(app, '/api/v1/auth/link', { email }, headers);
  /** The token of the latest sign-in email. */
  const lastToken = async () => {
    const rows = await signInEmails();
    return new URL((JSON.parse(rows[rows.length - 1]!.payload) as { link: string }).link).searchParams.get('token')!;
  };
  /** Signs `email` in through the API; the cookie (`kairos_session=…`) and the CSRF token. */
  const session = async (email: string) => {
    expect((await askLink(email)).status).toBe(202);
    const res = await postJson(app, '/api/v1/auth/sign-in', { token: await lastToken() });
    expect(res.status).toBe(200);
    const cookie = /^(kairos_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    return { cookie, csrf: (await res.json()).csrf as string };
  };
  const withSession = (s: { cookie: string; csrf?: string }, method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { cookie: s.cookie, ...(s.csrf ? { 'x-csrf-token': s.csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const bookDemo = async (start: string) => {
    const res = await postJson(app, '/api/v1/pages/sales/bookings', demoRequest(start));
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const row = await store.db.selectFrom('booking_members').select('member_id').where('booking_id', '=', id).executeTakeFirstOrThrow();
    return { id, member: row.member_id };
  };

  it('answers 202 and the same body for a known and an unknown address, and emails only the known one', async () => {
    const known = await askLink('ana@example.com');
    const unknown = await askLink('stranger@example.com');
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.json()).toEqual(await unknown.json());
    expect(await signInEmails()).toHaveLength(1);
  });

  it('shows a button on GET without using the token, and signs in when the button posts it', async () => {
    await askLink('ana@example.com');
    const token = await lastToken();
    for (let i = 0; i < 2; i++) {
      const page = await app.request(`/admin/sign-in?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('set-cookie')).toBeNull();
      const html = await page.text();
      expect(html).toContain('<form method="post" action="/admin/sign-in">');
      expect(html).toContain(`value="${token}"`);
    }
    const posted = await app.request('/admin/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_URL },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/admin');
    expect(posted.headers.get('set-cookie')).toMatch(/^kairos_session=/);
    expect((await app.request(`/admin/sign-in?token=${token}`)).status).toBe(404);
  });

  it('speaks the browser’s language, the first the catalogues have, and English otherwise', async () => {
    await askLink('ana@example.com');
    const token = await lastToken();
    const read = async (path: string, languages?: string) => (await app.request(path, languages ? { headers: { 'accept-language': languages } } : {})).text();
    const german = await read(`/admin/sign-in?token=${token}`, 'ja;q=1, de-AT;q=0.9, en;q=0.5');
    expect(german).toContain('<html lang="de">');
    expect(german).toContain('<title>Anmelden</title>');
    expect(german).toContain('<button type="submit">Anmelden</button>');
    const french = await read('/admin/sign-in?token=made-up', 'fr-CA,fr;q=0.9');
    expect(french).toContain('<h1>Ce lien ne fonctionne plus</h1>');
    expect(french).toContain('<a href="/admin">Demander un nouveau lien</a>');
    const english = await read('/admin/sign-in?token=made-up', 'ja');
    expect(english).toContain('<html lang="en-US">');
    expect(english).toContain('<h1>This link no longer works</h1>');
  });

  it('signs in from a browser, whose form on this no-referrer page sends Origin: null with Sec-Fetch-Site: same-origin', async () => {
    await askLink('ana@example.com');
    const res = await app.request('/admin/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ token: await lastToken() }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^kairos_session=/);
  });

  it('refuses a form another site posts, as the browser names it in Sec-Fetch-Site whatever the Origin', async () => {
    for (const site of ['cross-site', 'same-site']) {
      await askLink('ana@example.com');
      const res = await app.request('/admin/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': site },
        body: new URLSearchParams({ token: await lastToken() }).toString(),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('refuses the sign-in form posted from another site', async () => {
    await askLink('ana@example.com');
    const res = await app.request('/admin/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ token: await lastToken() }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('sets an HttpOnly, SameSite=Lax, Path=/ cookie, Secure only behind https, and stores only its hash', async () => {
    await askLink('ana@example.com');
    const res = await postJson(app, '/api/v1/auth/sign-in', { token: await lastToken() });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kairos_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const id = /^kairos_session=([^;]+)/.exec(cookie)![1]!;
    expect(await store.db.selectFrom('sessions').select('id_hash').execute()).toEqual([{ id_hash: sha256(id) }]);
    expect(await res.json()).toEqual({ person: { id: 'ana', name: 'Ana Silva', email: 'ana@example.com' }, role: 'member', csrf: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    ({ app } = testApp(store, { publicUrl: 'https://book.example.com' }));
    await askLink('ana@example.com');
    const secure = await postJson(app, '/api/v1/auth/sign-in', { token: await lastToken() });
    expect(secure.headers.get('set-cookie')).toMatch(/; Secure; SameSite=Lax$/);
  });

  it('refuses a used, expired or made-up token with 403 invalid_token', async () => {
    await askLink('ana@example.com');
    const token = await lastToken();
    expect((await postJson(app, '/api/v1/auth/sign-in', { token })).status).toBe(200);
    const again = await postJson(app, '/api/v1/auth/sign-in', { token });
    expect(again.status).toBe(403);
    expect((await again.json()).error.code).toBe('invalid_token');
    await askLink('ana@example.com');
    const late = await lastToken();
    clock.now += 15 * 60_000;
    expect((await postJson(app, '/api/v1/auth/sign-in', { token: late })).status).toBe(403);
    expect((await postJson(app, '/api/v1/auth/sign-in', { token: 'x'.repeat(43) })).status).toBe(403);
  });

  it('shows the session: the person, their role, the CSRF token and every session, the current one marked', async () => {
    const first = await session('bo@example.com');
    clock.now += 60_000;
    const second = await session('bo@example.com');
    const res = await withSession(second, 'GET', '/api/v1/auth/session');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      person: { id: 'bo', name: 'Bo Laurent', email: 'bo@example.com' },
      role: 'member',
      csrf: second.csrf,
      sessions: [
        { createdAt: '2026-11-30T12:00:00Z', lastSeenAt: '2026-11-30T12:00:00Z', current: false },
        { createdAt: '2026-11-30T12:01:00Z', lastSeenAt: '2026-11-30T12:01:00Z', current: true },
      ],
    });
    expect(first.csrf).not.toBe(second.csrf);
    expect((await app.request('/api/v1/auth/session')).status).toBe(401);
  });

  it('lets an admin session read with the cookie alone, and write only with the session’s X-CSRF-Token', async () => {
    await store.db.insertInto('admins').values({ id: 'a1', email: 'boss@example.com', created_at: '2026-11-01T00:00:00.000Z' }).execute();
    const s = await session('boss@example.com');
    expect((await withSession({ cookie: s.cookie }, 'GET', '/api/v1/admin/config')).status).toBe(200);
    const config = await (await admin(app, 'GET', '/api/v1/admin/config')).json();
    for (const csrf of [undefined, 'wrong', (await session('boss@example.com')).csrf]) {
      const res = await withSession({ cookie: s.cookie, ...(csrf ? { csrf } : {}) }, 'PUT', '/api/v1/admin/config', config);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('csrf_failed');
    }
    expect((await withSession(s, 'PUT', '/api/v1/admin/config', config)).status).toBe(200);
  });

  it('refuses a cross-site form post carrying the cookie', async () => {
    await store.db.insertInto('admins').values({ id: 'a1', email: 'boss@example.com', created_at: '2026-11-01T00:00:00.000Z' }).execute();
    const s = await session('boss@example.com');
    const res = await app.request('/api/v1/admin/links', {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'page=sales',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('csrf_failed');
  });

  it('keeps a member session to the member’s own bookings, and off admin-only routes', async () => {
    const booking = await bookDemo('2026-12-01T09:00:00Z');
    const other = booking.member === 'ana' ? 'bo@example.com' : 'ana@example.com';
    const own = booking.member === 'ana' ? 'ana@example.com' : 'bo@example.com';
    const outsider = await session(other);
    expect((await withSession(outsider, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member: 'cy' })).status).toBe(404);
    const forbidden = await withSession(outsider, 'GET', '/api/v1/admin/config');
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe('forbidden');
    expect((await withSession(outsider, 'POST', '/api/v1/admin/members/cy/invite')).status).toBe(403);
    const owner = await session(own);
    expect((await withSession(owner, 'POST', `/api/v1/admin/bookings/${booking.id}/reassign`, { member: 'cy' })).status).not.toBe(404);
    const activity = await store.db.selectFrom('activity').select('actor').where('booking_id', '=', booking.id).where('type', '=', 'reassigned').execute();
    expect(activity.map((a) => a.actor)).toEqual([`member:${booking.member}`]);
  });

  it('signs out this session, or every session of the person', async () => {
    const [a, b, c] = [await session('cy@example.com'), await session('cy@example.com'), await session('cy@example.com')];
    const refused = await withSession({ cookie: a.cookie }, 'POST', '/api/v1/auth/sign-out', {});
    expect(refused.status).toBe(403);
    const out = await withSession(a, 'POST', '/api/v1/auth/sign-out');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^kairos_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/);
    expect((await withSession(a, 'GET', '/api/v1/auth/session')).status).toBe(401);
    expect((await withSession(b, 'GET', '/api/v1/auth/session')).status).toBe(200);
    expect((await withSession(b, 'POST', '/api/v1/auth/sign-out', { everywhere: true })).status).toBe(204);
    expect((await withSession(b, 'GET', '/api/v1/auth/session')).status).toBe(401);
    expect((await withSession(c, 'GET', '/api/v1/admin/bookings')).status).toBe(401);
  });

  it('stops a removed member’s session at their next request', async () => {
    const s = await session('cy@example.com');
    expect((await withSession(s, 'GET', '/api/v1/auth/session')).status).toBe(200);
    await store.db.deleteFrom('members').where('id', '=', 'cy').execute();
    const res = await withSession(s, 'POST', '/api/v1/admin/bookings/x/no-show');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('lets an admin invite a member, who gets the email', async () => {
    const res = await admin(app, 'POST', '/api/v1/admin/members/cy/invite');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ member: 'cy', invited: true });
    expect(JSON.parse((await signInEmails())[0]!.payload).to.email).toBe('cy@example.com');
    expect((await admin(app, 'POST', '/api/v1/admin/members/nobody/invite')).status).toBe(404);
  });

  it('limits links per address and per client IP alike, known or not, with Retry-After', async () => {
    for (const email of ['ana@example.com', 'stranger@example.com']) {
      for (let i = 0; i < 5; i++) expect((await askLink(email)).status).toBe(202);
      const limited = await askLink(email.toUpperCase());
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('900');
      expect((await limited.json()).error.code).toBe('rate_limited');
    }
    expect(await signInEmails()).toHaveLength(5);
    clock.now += 15 * 60_000;
    expect((await askLink('ana@example.com')).status).toBe(202);
    // The same client spraying addresses: 30 in the window, whatever the addresses.
    for (let i = 0; i < 29; i++) expect((await askLink(`n${i}@example.com`)).status).toBe(202);
    expect((await askLink('n99@example.com')).status).toBe(429);
  });

  it('logs no token, link or session id', async () => {
    const lines: string[] = [];
    ({ app } = testApp(store, { log: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) }));
    const s = await session('ana@example.com');
    await askLink('ana@example.com');
    const token = await lastToken();
    await app.request(`/admin/sign-in?token=${token}`);
    await withSession(s, 'GET', '/api/v1/auth/session');
    const logged = lines.join('\n');
    expect(logged).toContain('/admin/sign-in');
    for (const secret of [token, s.cookie.slice('kairos_session='.length), s.csrf]) expect(logged).not.toContain(secret);
  });
});
