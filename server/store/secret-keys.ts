/**
 * Where the keys that seal the config's secrets come from (README "Secrets"), and the ring this
 * process uses.
 *
 * - `KAIROS_SECRET_KEYS` (or `KAIROS_SECRET_KEY` for one): base64 keys of 32 bytes, comma-separated,
 *   the first sealing, every one opening. This is the production setting: the key never sits beside
 *   the data it protects.
 * - Without it, a key file: `secret.key` in the data directory (beside the SQLite file; `./data/`
 *   for PostgreSQL), made on first start with mode 0600 so `npm install && npm start` works. It
 *   keeps the secrets out of the database and out of dumps of it, but a copy of the whole data
 *   directory carries both, and every process on one PostgreSQL must share it: the server says so
 *   loudly at start.
 * - An in-memory SQLite database gets a key that lives as long as the process, like its data.
 *
 * Keeping the key in the database itself was ruled out: it would protect against nothing a copy
 * of the database does not also carry.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KEY_BYTES, secretKeysFrom, type SecretKeys } from './sealed-secrets.js';

export type KeySource = { kind: 'environment' } | { kind: 'file'; file: string; generated: boolean } | { kind: 'process' };

/** The key file a database URL goes with: beside the SQLite file, `./data/` otherwise; none for `sqlite::memory:`. */
export function keyFileFor(databaseUrl: string): string | undefined {
  if (databaseUrl === 'sqlite::memory:') return undefined;
  if (databaseUrl.startsWith('sqlite:')) return join(dirname(databaseUrl.slice('sqlite:'.length)), 'secret.key');
  return join('data', 'secret.key');
}

/** The ring the environment gives, else the key file's (made if missing), else a key for this process only. */
export function loadSecretKeys(env: Record<string, string | undefined>, keyFile: string | undefined): { keys: SecretKeys; source: KeySource } {
  if (env.KAIROS_SECRET_KEYS && env.KAIROS_SECRET_KEY) throw new Error('set KAIROS_SECRET_KEYS or KAIROS_SECRET_KEY, not both');
  const listed = env.KAIROS_SECRET_KEYS ?? env.KAIROS_SECRET_KEY;
  if (listed) {
    const origin = env.KAIROS_SECRET_KEYS ? 'KAIROS_SECRET_KEYS' : 'KAIROS_SECRET_KEY';
    return { keys: secretKeysFrom(listed.split(',').filter((k) => k.trim()), origin), source: { kind: 'environment' } };
  }
  if (!keyFile) return { keys: processKeys(), source: { kind: 'process' } };
  const generated = makeKeyFile(keyFile);
  return { keys: secretKeysFrom([readFileSync(keyFile, 'utf8')], keyFile), source: { kind: 'file', file: keyFile, generated } };
}

/**
 * Writes a new key to `file` unless one is there; whether this call made it. Written to a file of
 * its own, then linked into place, so a process starting at the same moment never reads half a key
 * and the first key made is the one both keep.
 */
function makeKeyFile(file: string): boolean {
  mkdirSync(dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600 });
  try {
    linkSync(draft, file);
    chmodSync(file, 0o600);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

let processRing: SecretKeys | undefined;
const processKeys = () => (processRing ??= secretKeysFrom([randomBytes(KEY_BYTES).toString('base64')], 'process key'));

let ring: SecretKeys | undefined;

/**
 * Makes `keys` this process's ring: they seal from now on. Keys of an earlier ring still open, so a
 * process that opened several stores (tests, the bench) reads what each sealed.
 */
export function useSecretKeys(keys: SecretKeys): void {
  ring = { sealing: keys.sealing, opening: new Map([...(ring?.opening ?? []), ...keys.opening]) };
}

/** Forgets every key (tests of a key gone missing). */
export function forgetSecretKeys(): void {
  ring = undefined;
}

/**
 * The process's ring: the one `openStore` set from the environment or the key file. A database
 * reached without `openStore` (a test's own connection) gets a key for this process only.
 */
export function secretKeys(): SecretKeys {
  ring ??= processKeys();
  return ring;
}
