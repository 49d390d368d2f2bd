/**
 * Which time zone names Kairos accepts, and the one name it keeps for each: what the runtime's
 * Intl knows, on the server and in the widget alike. Intl takes any spelling case and the IANA
 * links (`US/Pacific`), and resolves each to one name (`America/Los_Angeles`); keeping that name
 * means one zone is stored, compared and echoed one way, whoever sent it.
 */

/**
 * ICU (and so `Intl`) still calls some zones by names IANA has since replaced: a visitor in India
 * is detected as `Asia/Calcutta`, and one searching "Kyiv" finds only `Europe/Kiev`. Kairos shows,
 * sends and stores the current names; every engine accepts both.
 */
const renamed: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Europe/Kiev': 'Europe/Kyiv',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Coral_Harbour': 'America/Atikokan',
};

/** The current IANA name of a zone as Intl names it. */
export const currentZoneName = (zone: string): string => renamed[zone] ?? zone;

/** Names already resolved: asking Intl costs a fraction of a millisecond, on every booking request. */
const resolved = new Map<string, string>();

/** The canonical name of `zone` (Intl's, renamed as IANA now has it), or `undefined` when Intl knows no such zone. */
export function canonicalTimeZone(zone: string): string | undefined {
  const known = resolved.get(zone);
  if (known !== undefined) return known;
  if (zone.length === 0) return undefined;
  let name: string;
  try {
    name = currentZoneName(new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);
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
