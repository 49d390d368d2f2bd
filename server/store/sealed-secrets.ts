/**
 * Secrets the config holds (CalDAV passwords, webhook signing secrets) are stored sealed: AES-256-GCM
 * with a random 96-bit IV, its 128-bit tag, and the id of the key that sealed them, so a database
 * file, a dump or a backup reveals none of them without the key, which lives outside the database
 * (`secret-keys.ts`, README "Secrets").
 *
 * A sealed value reads `sealed:v1:<key id>:<base64url of iv | tag | ciphertext>`. The key id is the
 * first 8 hex digits of the key's SHA-256: it names the key among several (rotation: the first key
 * of a ring seals, every key of it opens) and says nothing about it.
 *
 * Each secret is sealed for its place (`context`: the calendar's or the webhook's URL), as GCM's
 * additional data: a sealed password copied into a calendar at another address, or left in place
 * under a URL changed in the database, no longer opens — so whoever can write rows but has no key
 * cannot send a member's password to an address of their choosing.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export interface SecretKey {
  id: string;
  key: Buffer;
}

/** The keys a process holds: `sealing` seals every new secret; each of `opening` (sealing's included) opens. */
export interface SecretKeys {
  sealing: SecretKey;
  opening: ReadonlyMap<string, Buffer>;
}

/** Why a sealed value did not open. Its message names the key id, never the secret or the key. */
export class SecretUnreadable extends Error {
  override name = 'SecretUnreadable';
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * A ring from keys as base64 (standard or url-safe) of 32 bytes each, the first sealing. `origin`
 * names where they came from in an error (`KAIROS_SECRET_KEYS`), never a key itself.
 */
export function secretKeysFrom(encoded: readonly string[], origin: string): SecretKeys {
  const keys = encoded.map((text, i) => {
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`${origin}: key ${i + 1} is not ${KEY_BYTES} bytes of base64 (openssl rand -base64 32 makes one)`);
    return { id: keyId(key), key };
  });
  if (keys.length === 0) throw new Error(`${origin}: no key`);
  return { sealing: keys[0]!, opening: new Map(keys.map((k) => [k.id, k.key])) };
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** The id of the key that sealed `value`, or undefined when it is not a sealed value. */
export function sealedWith(value: string): string | undefined {
  return isSealed(value) ? value.slice(PREFIX.length).split(':', 1)[0] : undefined;
}

export function seal(keys: SecretKeys, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.sealing.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${keys.sealing.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The secret `sealed` holds; throws `SecretUnreadable` when it is not sealed, its key is not held, or it was altered. */
export function openSealed(keys: SecretKeys, sealed: string, context: string): string {
  if (!isSealed(sealed)) throw new SecretUnreadable('not a sealed value');
  const [id, payload = ''] = sealed.slice(PREFIX.length).split(':');
  const key = keys.opening.get(id!);
  if (!key) throw new SecretUnreadable(`sealed with key ${id}, which this server does not hold (KAIROS_SECRET_KEYS)`);
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadable(`sealed value (key ${id}) is cut short`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadable(`sealed value (key ${id}) does not open: it was altered, or moved from the place it was sealed for`);
  }
}
