/**
 * Sealing the config's secrets (`sealed-secrets.ts`): AES-256-GCM round trips, any altered byte
 * refused, a wrong key or place refused with a message that names no secret; where keys come from
 * (`secret-keys.ts`); rotation (a new first key seals, the old ones still open, and the store seals
 * again under the new one when it opens); and migration 0025, which seals what was stored in the clear.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configSnapshot } from '../../../server/store/config-repository.js';
import { openStore } from '../../../server/store/connect.js';
import { migrate } from '../../../server/store/migrations.js';
import { serverSecret } from '../../../server/store/settings.js';
import { isSealed, keyId, openSealed, seal, sealedWith, secretKeysFrom, SecretUnreadable } from '../../../server/store/sealed-secrets.js';
import { forgetSecretKeys, keyFileFor, loadSecretKeys, useSecretKeys } from '../../../server/store/secret-keys.js';
import { createPostgresSchema } from '../../../harness/postgres-schema.js';
import { backends, disposeStores } from '../support/backends.js';
import { seed, teamConfig } from '../support/fixtures.js';

afterAll(disposeStores);

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const ringA = secretKeysFrom([keyA], 'test');
const PLACE = 'calendar https://dav.example.com/ana/';

describe('sealing a secret', () => {
  it('opens what it sealed, and seals the same secret differently each time', () => {
    const first = seal(ringA, 'pässwörd with ünicode', PLACE);
    const second = seal(ringA, 'pässwörd with ünicode', PLACE);
    expect(first).toMatch(/^sealed:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('pässwörd');
    expect(sealedWith(first)).toBe(keyId(Buffer.from(keyA, 'base64')));
    expect(openSealed(ringA, first, PLACE)).toBe('pässwörd with ünicode');
    expect(openSealed(ringA, second, PLACE)).toBe('pässwörd with ünicode');
    expect(openSealed(ringA, seal(ringA, '', PLACE), PLACE)).toBe('');
  });

  it('refuses a sealed value with any one byte altered, with an error that names no secret', () => {
    const sealed = seal(ringA, 'the-password', PLACE);
    const [head, payload] = [sealed.slice(0, sealed.lastIndexOf(':') + 1), sealed.slice(sealed.lastIndexOf(':') + 1)];
    const bytes = Buffer.from(payload, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] = altered[i]! ^ 0x01;
      const attempt = () => openSealed(ringA, head + altered.toString('base64url'), PLACE);
      expect(attempt).toThrow(SecretUnreadable);
      expect(attempt).toThrow(/does not open: it was altered/);
    }
    expect(() => openSealed(ringA, head + payload.slice(0, 10), PLACE)).toThrow(/cut short/);
  });

  it('refuses a secret moved to another place (another calendar address) than it was sealed for', () => {
    const sealed = seal(ringA, 'the-password', PLACE);
    expect(() => openSealed(ringA, sealed, 'calendar https://evil.example.net/')).toThrow(/moved from the place it was sealed for/);
  });

  it('refuses a value sealed by a key the ring does not hold, naming the key id and not the key', () => {
    const sealed = seal(secretKeysFrom([keyB], 'test'), 'the-password', PLACE);
    const id = keyId(Buffer.from(keyB, 'base64'));
    expect(() => openSealed(ringA, sealed, PLACE)).toThrow(`sealed with key ${id}, which this server does not hold`);
    try {
      openSealed(ringA, sealed, PLACE);
    } catch (error) {
      expect(String(error)).not.toContain(keyB);
      expect(String(error)).not.toContain('the-password');
    }
    expect(() => openSealed(ringA, 'plain text', PLACE)).toThrow('not a sealed value');
    expect(isSealed('plain text')).toBe(false);
  });

  it('rotates: a ring whose first key is new seals with it and still opens what the old key sealed', () => {
    const old = seal(ringA, 'sealed-before', PLACE);
    const rotated = secretKeysFrom([keyB, keyA], 'test');
    expect(openSealed(rotated, old, PLACE)).toBe('sealed-before');
    const fresh = seal(rotated, 'sealed-after', PLACE);
    expect(sealedWith(fresh)).toBe(keyId(Buffer.from(keyB, 'base64')));
    expect(() => openSealed(ringA, fresh, PLACE)).toThrow(SecretUnreadable);
  });

  it('takes only keys of 32 bytes, and says which one is wrong without showing it', () => {
    expect(() => secretKeysFrom([keyA, 'c2hvcnQ='], 'KAIROS_SECRET_KEYS')).toThrow('KAIROS_SECRET_KEYS: key 2 is not 32 bytes of base64');
    expect(() => secretKeysFrom([], 'KAIROS_SECRET_KEYS')).toThrow('no key');
    // Url-safe base64 is taken too.
    expect(secretKeysFrom([Buffer.from(keyA, 'base64').toString('base64url')], 'x').sealing.id).toBe(ringA.sealing.id);
  });
});

describe('where the keys come from', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kairos-keys-'));
    dirs.push(dir);
    return dir;
  };

  it('takes KAIROS_SECRET_KEYS, the first sealing, or KAIROS_SECRET_KEY, and refuses both at once', () => {
    const listed = loadSecretKeys({ KAIROS_SECRET_KEYS: `${keyB}, ${keyA}` }, '/nonexistent/secret.key');
    expect(listed.source).toEqual({ kind: 'environment' });
    expect(listed.keys.sealing.id).toBe(keyId(Buffer.from(keyB, 'base64')));
    expect([...listed.keys.opening.keys()]).toHaveLength(2);
    expect(loadSecretKeys({ KAIROS_SECRET_KEY: keyA }, undefined).keys.sealing.id).toBe(ringA.sealing.id);
    expect(() => loadSecretKeys({ KAIROS_SECRET_KEY: keyA, KAIROS_SECRET_KEYS: keyB }, undefined)).toThrow('not both');
  });

  it('makes a key file readable by its owner only on first start, and reads the same key after', () => {
    const file = join(tempDir(), 'data', 'secret.key');
    const first = loadSecretKeys({}, file);
    expect(first.source).toEqual({ kind: 'file', file, generated: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const second = loadSecretKeys({}, file);
    expect(second.source).toEqual({ kind: 'file', file, generated: false });
    expect(second.keys.sealing.id).toBe(first.keys.sealing.id);
  });

  it('keeps the key file beside the SQLite file, in ./data for PostgreSQL, and none for a database in memory', () => {
    expect(keyFileFor('sqlite:/var/lib/kairos/kairos.db')).toBe('/var/lib/kairos/secret.key');
    expect(keyFileFor('sqlite:./data/kairos.db')).toBe('data/secret.key');
    expect(keyFileFor('postgres://kairos@db/kairos')).toBe('data/secret.key');
    expect(keyFileFor('sqlite::memory:')).toBeUndefined();
  });

  it('opens a SQLite file again after a restart with the key file it made beside it', async () => {
    const dir = tempDir();
    const url = `sqlite:${join(dir, 'kairos.db')}`;
    const config = teamConfig();
    config.members![0]!.calendars = [{ type: 'caldav', url: 'https://dav.example.com/ana/', password: 'kept-across-restarts' }];
    const first = await openStore(url, { env: {} });
    expect(first.secretKeySource).toEqual({ kind: 'file', file: join(dir, 'secret.key'), generated: true });
    await seed(first, config);
    await first.close();
    forgetSecretKeys();
    const again = await openStore(url, { env: {} });
    expect(again.secretKeySource).toMatchObject({ kind: 'file', generated: false });
    expect((await configSnapshot(again.db)).members.get('ana')!.calendars[0]).toMatchObject({ password: 'kept-across-restarts' });
    await again.close();
    // Closed, SQLite has folded its write-ahead log into the file: every byte of the database is there.
    expect(readFileSync(join(dir, 'kairos.db')).includes('kept-across-restarts')).toBe(false);
    expect(readFileSync(join(dir, 'kairos.db')).includes('sealed:v1:')).toBe(true);
  });
});

describe.each(backends.map((b) => [b.name, b] as const))('stored secrets on %s', (_name, backend) => {
  const config = () => {
    const c = teamConfig();
    c.members![0]!.calendars = [{ type: 'caldav', url: 'https://dav.example.com/ana/', username: 'ana', password: 'plain-from-0024' }];
    c.webhooks = [{ id: 'crm', url: 'https://hooks.example.com/k', events: ['booking.created'], secret: 'whsec_cGxhaW4tZnJvbS0wMDI0' }];
    return c;
  };
  const raw = async (db: Awaited<ReturnType<typeof backend.open>>['db']) => JSON.stringify([...(await db.selectFrom('members').select('data').execute()), ...(await db.selectFrom('webhooks').select('data').execute())]);
  afterEach(() => {
    forgetSecretKeys();
    useSecretKeys(secretKeysFrom([keyA], 'test'));
  });

  it('migration 0025 seals the secrets an earlier version stored in the clear, the server secret of personal links too', async () => {
    const store = await backend.open();
    await seed(store, config());
    // The rows as versions before 0025 wrote them: the secrets in the clear, 0025 not yet run.
    for (const table of ['members', 'webhooks'] as const) {
      for (const row of await store.db.selectFrom(table).select(['id', 'data']).execute()) {
        const doc = JSON.parse(row.data);
        if (table === 'webhooks') doc.secret = 'whsec_cGxhaW4tZnJvbS0wMDI0';
        else doc.calendars = doc.calendars.map((c: { password?: string }) => (c.password ? { ...c, password: 'plain-from-0024' } : c));
        await store.db.updateTable(table).set({ data: JSON.stringify(doc) }).where('id', '=', row.id).execute();
      }
    }
    await store.db.insertInto('settings').values({ key: 'server_secret', value: 'server-secret-from-0024' }).execute();
    expect(await raw(store.db)).toContain('plain-from-0024');
    await sql`delete from kysely_migration where name = '0025_sealed_secrets'`.execute(store.db);
    await migrate(store.db, store.dialect === 'postgres' ? ((await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]!.s) : undefined);
    const after = await raw(store.db);
    expect(after).not.toContain('plain-from-0024');
    expect(after).not.toContain('cGxhaW4tZnJvbS0wMDI0');
    const setting = await store.db.selectFrom('settings').select('value').where('key', '=', 'server_secret').executeTakeFirstOrThrow();
    expect(setting.value).toMatch(/^sealed:v1:/);
    expect(await serverSecret(store.db)).toEqual({ secret: 'server-secret-from-0024' });
    expect(after.match(/sealed:v1:/g)).toHaveLength(2);
    const snapshot = await configSnapshot(store.db);
    expect(snapshot.members.get('ana')!.calendars[0]).toMatchObject({ password: 'plain-from-0024' });
    expect(snapshot.webhooks.get('crm')!.webhook.secret).toBe('whsec_cGxhaW4tZnJvbS0wMDI0');
  });

  it('keeps the server secret of personal links sealed and the same across calls, and replaces one that does not open, saying why', async () => {
    const store = await backend.open();
    const { secret } = await serverSecret(store.db);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await serverSecret(store.db)).toEqual({ secret });
    const row = await store.db.selectFrom('settings').select('value').where('key', '=', 'server_secret').executeTakeFirstOrThrow();
    expect(row.value).toMatch(/^sealed:v1:/);
    expect(row.value).not.toContain(secret);
    forgetSecretKeys();
    useSecretKeys(secretKeysFrom([keyB], 'test'));
    const replaced = await serverSecret(store.db);
    expect(replaced.replaced).toMatch(/^the server secret \(settings "server_secret"\) sealed with key [0-9a-f]{8}, which this server does not hold/);
    expect(replaced.secret).not.toBe(secret);
    expect(await serverSecret(store.db)).toEqual({ secret: replaced.secret });
  });

  it('seals again under the new first key when the store opens with a rotated ring, and the old key can then go', async () => {
    const idA = keyId(Buffer.from(keyA, 'base64'));
    const idB = keyId(Buffer.from(keyB, 'base64'));
    // The same database opened twice, as two starts of the server: a file for SQLite, a schema for PostgreSQL.
    const pgSchema = backend.name === 'postgres' ? await createPostgresSchema('kairos_rotation') : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'kairos-rotation-'));
    const open = (env: Record<string, string>) =>
      pgSchema ? openStore(pgSchema.url, { schema: pgSchema.schema, env }) : openStore(`sqlite:${join(dir, 'kairos.db')}`, { env });
    try {
      const first = await open({ KAIROS_SECRET_KEY: keyA });
      await seed(first, config());
      const personalLinks = (await serverSecret(first.db)).secret;
      expect((await raw(first.db)).match(new RegExp(`sealed:v1:${idA}:`, 'g'))).toHaveLength(2);
      await first.close();

      forgetSecretKeys();
      const rotated = await open({ KAIROS_SECRET_KEYS: `${keyB},${keyA}` });
      const after = await raw(rotated.db);
      expect(after).not.toContain(`sealed:v1:${idA}:`);
      expect(after.match(new RegExp(`sealed:v1:${idB}:`, 'g'))).toHaveLength(2);
      expect((await rotated.db.selectFrom('settings').select('value').where('key', '=', 'server_secret').executeTakeFirstOrThrow()).value).toMatch(new RegExp(`^sealed:v1:${idB}:`));
      await rotated.close();

      // The next start, with B alone, reads everything.
      forgetSecretKeys();
      const last = await open({ KAIROS_SECRET_KEY: keyB });
      const snapshot = await configSnapshot(last.db);
      expect(snapshot.unreadableSecrets).toEqual([]);
      expect(snapshot.members.get('ana')!.calendars[0]).toMatchObject({ password: 'plain-from-0024' });
      expect(snapshot.webhooks.get('crm')!.webhook.secret).toBe('whsec_cGxhaW4tZnJvbS0wMDI0');
      expect(await serverSecret(last.db)).toEqual({ secret: personalLinks });
      await last.close();
    } finally {
      await pgSchema?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
