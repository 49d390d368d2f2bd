/**
 * Which time zone names Kairos accepts, and the one name it keeps for each: what the runtime's
 * Intl knows, on the server and in the widget alike. Intl takes any spelling case and the IANA
 * links (`US/Pacific`), and resolves each to its canonical name (`America/Los_Angeles`); keeping
 * that name means one zone is stored, compared and echoed one way, whoever sent it.
 */
/** Names already resolved: asking Intl costs a fraction of a millisecond, on every booking request. */
const resolved = new Map<string, string>();

/** The canonical name of `zone` as Intl resolves it, or `undefined` when Intl knows no such zone. */
export function canonicalTimeZone(zone: string): string | undefined {
  const known = resolved.get(zone);
  if (known !== undefined) return known;
  if (zone.length === 0) return undefined;
  let name: string;
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  // Intl accepts any spelling case, so the map is bounded only by this.
  if (resolved.size >= 2_000) resolved.clear();
  resolved.set(zone, name);
  return name;
}

export function isTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}
