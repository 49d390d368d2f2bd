/**
 * The order people read lists of the config's things in (members, pools, pages, event types):
 * by name as a reader sorts it — case and accents aside, numbers by value — then by id, so that
 * two things of the same name keep one order.
 */
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function byName<T extends { id: string; name: string }>(a: T, b: T): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
