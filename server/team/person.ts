/**
 * Who signs in: an admin (`admins` table) or a member of the config, named `admin:<id>` or
 * `member:<id>` in tokens and sessions. Always read afresh, so a member removed from the config
 * or an admin removed from the table stops being anyone at once.
 */
import type { Kysely } from 'kysely';
import { memberActor, type Actor } from '../store/activity.js';
import { adminByEmail, emailKey, getAdmin } from '../store/admins.js';
import { configSnapshot } from '../store/config-repository.js';
import type { Database } from '../store/database.js';

export type Role = 'admin' | 'member';

export interface Person {
  /** `admin:<id>` or `member:<id>`. */
  key: string;
  role: Role;
  id: string;
  name: string | null;
  email: string | null;
  locale: string;
}

/** What a person's requests act as: an admin as the admin key, a member as their member key. */
export const actorOf = (person: Person): Actor => (person.role === 'admin' ? 'admin' : memberActor(person.id));

/** The person an email belongs to: an admin first, else the config's first member (by id) with it. */
export async function personByEmail(db: Kysely<Database>, email: string): Promise<Person | undefined> {
  const admin = await adminByEmail(db, email);
  if (admin) return { key: `admin:${admin.id}`, role: 'admin', id: admin.id, name: null, email: admin.email, locale: 'en-US' };
  const wanted = emailKey(email);
  const members = [...(await configSnapshot(db)).members.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const member = members.find((m) => emailKey(m.email) === wanted);
  return member && { key: `member:${member.id}`, role: 'member', id: member.id, name: member.name, email: member.email, locale: member.locale };
}

/** The person `key` names, as they are now; `undefined` once they are gone. */
export async function personOf(db: Kysely<Database>, key: string): Promise<Person | undefined> {
  const [role, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (role === 'admin') {
    const admin = await getAdmin(db, id);
    return admin && { key, role: 'admin', id, name: null, email: admin.email, locale: 'en-US' };
  }
  if (role !== 'member') return undefined;
  const member = (await configSnapshot(db)).members.get(id);
  return member && { key, role: 'member', id, name: member.name, email: member.email, locale: member.locale };
}
