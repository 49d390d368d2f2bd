/** Which time zone names Kairos accepts: what the runtime's Intl knows, on the server and in the widget alike. */
/** Zones already accepted: asking Intl costs a fraction of a millisecond, on every booking request. */
const knownZones = new Set<string>();

export function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  if (zone.length === 0) return false;
  // Intl accepts any spelling case, so the set is bounded only by this.
  if (knownZones.size >= 2_000) knownZones.clear();
  knownZones.add(zone);
  return true;
}
