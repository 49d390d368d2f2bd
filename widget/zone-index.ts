/**
 * The time-zone picker's index, loaded only when the picker opens (its own chunk, `zone-index.js`
 * beside the bundle, imported by URL as the locale chunks are: the script-tag bundle cannot split).
 * It imports nothing, so the chunk stands alone.
 *
 * Intl knows ~420 IANA zones but visitors think in "Pacific Time", "IST", "UTC+5:30" or a city.
 * Zones are grouped by their generic name and offsets (winter, summer and now), so "Pacific Time"
 * is one row showing Los Angeles, Vancouver and Tijuana; names come from Intl in the visitor's
 * language, so nothing here is translated. The tables below add only what Intl cannot say: which
 * cities are the main ones, which country a zone serves, and the abbreviations people type.
 */

export interface ZoneGroup {
  /** The zone a choice of this row sets: its main city's. */
  zone: string;
  /** Every IANA zone of the row (`zone` first). */
  zones: string[];
  /** "Pacific Time", in the visitor's language. */
  name: string;
  /** Current offset in minutes east of UTC. */
  minutes: number;
  /** City names, main ones first. */
  cities: string[];
  /** Region codes the row's main zones serve. */
  regions: string[];
  /** Lower-case words the search matches by prefix. */
  words: string[];
  /** Upper-case abbreviations the search matches whole. */
  abbreviations: string[];
}

/**
 * Main zones by country, most-populated city first; a country's first zone is what a visitor from
 * there most likely wants. `~` stands for `America/`, `^` for `Europe/`, `*` for `Asia/`.
 */
const mainZones = `US ~New_York ~Chicago ~Denver ~Phoenix ~Los_Angeles ~Anchorage Pacific/Honolulu
CA ~Toronto ~Vancouver ~Edmonton ~Winnipeg ~Halifax ~St_Johns ~Regina
MX ~Mexico_City ~Tijuana ~Monterrey ~Cancun ~Hermosillo
BR ~Sao_Paulo ~Manaus ~Fortaleza ~Recife ~Bahia ~Belem ~Noronha
AR ~Argentina/Buenos_Aires ~Argentina/Cordoba
CL ~Santiago
CO ~Bogota
PE ~Lima
VE ~Caracas
EC ~Guayaquil
BO ~La_Paz
PY ~Asuncion
UY ~Montevideo
CR ~Costa_Rica
PA ~Panama
GT ~Guatemala
CU ~Havana
DO ~Santo_Domingo
PR ~Puerto_Rico
JM ~Jamaica
GB ^London
IE ^Dublin
PT ^Lisbon Atlantic/Azores Atlantic/Madeira
DE ^Berlin
FR ^Paris
IT ^Rome
ES ^Madrid Atlantic/Canary
NL ^Amsterdam
BE ^Brussels
CH ^Zurich
AT ^Vienna
PL ^Warsaw
SE ^Stockholm
NO ^Oslo
DK ^Copenhagen
CZ ^Prague
HU ^Budapest
SK ^Bratislava
HR ^Zagreb
RS ^Belgrade
SI ^Ljubljana
LU ^Luxembourg
IS Atlantic/Reykjavik
GR ^Athens
RO ^Bucharest
BG ^Sofia
UA ^Kyiv
FI ^Helsinki
LT ^Vilnius
LV ^Riga
EE ^Tallinn
BY ^Minsk
RU ^Moscow *Yekaterinburg *Novosibirsk *Krasnoyarsk *Irkutsk *Vladivostok ^Kaliningrad ^Samara
TR ^Istanbul
IL *Jerusalem
EG Africa/Cairo
MA Africa/Casablanca
NG Africa/Lagos
GH Africa/Accra
KE Africa/Nairobi
ET Africa/Addis_Ababa
ZA Africa/Johannesburg
DZ Africa/Algiers
TN Africa/Tunis
SN Africa/Dakar
CI Africa/Abidjan
CD Africa/Kinshasa Africa/Lubumbashi
AO Africa/Luanda
TZ Africa/Dar_es_Salaam
SA *Riyadh
AE *Dubai
QA *Qatar
IR *Tehran
IQ *Baghdad
PK *Karachi
AF *Kabul
IN *Kolkata
LK *Colombo
NP *Kathmandu
BD *Dhaka
MM *Yangon
TH *Bangkok
VN *Ho_Chi_Minh
ID *Jakarta *Makassar *Jayapura
MY *Kuala_Lumpur
SG *Singapore
PH *Manila
CN *Shanghai
HK *Hong_Kong
TW *Taipei
KR *Seoul
JP *Tokyo
KZ *Almaty
UZ *Tashkent
AU Australia/Sydney Australia/Melbourne Australia/Brisbane Australia/Perth Australia/Adelaide Australia/Darwin Australia/Hobart
NZ Pacific/Auckland
FJ Pacific/Fiji`;

/** Abbreviations people type, and a zone each stands for (several where one is ambiguous: IST). */
const abbreviations = `EST EDT ET=~New_York; CST CDT CT=~Chicago,*Shanghai; MST MDT MT=~Denver,~Phoenix;
PST PDT PT=~Los_Angeles; AKST AKDT=~Anchorage; HST=Pacific/Honolulu; AST ADT=~Halifax; NST NDT=~St_Johns;
GMT UTC UCT Z=UTC; GMT BST=^London; IST=*Kolkata,^Dublin,*Jerusalem; WET WEST=^Lisbon; CET CEST MEZ MESZ=^Paris;
EET EEST=^Athens; MSK=^Moscow; TRT=^Istanbul; SAST=Africa/Johannesburg; WAT=Africa/Lagos; CAT=Africa/Maputo;
EAT=Africa/Nairobi; GST=*Dubai; PKT=*Karachi; NPT=*Kathmandu; ICT=*Bangkok; WIB=*Jakarta; SGT=*Singapore;
HKT=*Hong_Kong; PHT=*Manila; JST=*Tokyo; KST=*Seoul; AEST AEDT=Australia/Sydney; ACST ACDT=Australia/Adelaide;
AWST=Australia/Perth; NZST NZDT=Pacific/Auckland; BRT=~Sao_Paulo; ART=~Argentina/Buenos_Aires; CLT=~Santiago;
COT=~Bogota; PET=~Lima`;

const expand = (zone: string) => zone.replace(/^[~^*]/, (c) => ({ '~': 'America/', '^': 'Europe/', '*': 'Asia/' })[c]!);

/** Zone → [region, rank]: the earlier in its country's line, the more main the city. */
const regionOf = new Map<string, [string, number]>();
/** The order of every main zone in the table, for "main cities first". */
const mainRank = new Map<string, number>();
for (const line of mainZones.split('\n')) {
  const [region, ...zones] = line.split(' ');
  zones.forEach((z, i) => {
    regionOf.set(expand(z), [region!, i]);
    mainRank.set(expand(z), mainRank.size);
  });
}

const abbreviationsOf = new Map<string, string[]>();
for (const entry of abbreviations.split(';')) {
  const [names, zones] = entry.trim().split('=');
  for (const zone of zones!.split(',')) abbreviationsOf.set(expand(zone), [...(abbreviationsOf.get(expand(zone)) ?? []), ...names!.split(' ')]);
}

function offsetMinutes(format: Intl.DateTimeFormat, at: number): number {
  const text = format.formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
  const m = /([+-])(\d+)(?::(\d+))?/.exec(text);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

const zoneName = (locale: string, zone: string, at: number) =>
  new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;

/** "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export const cityOf = (zone: string) => zone.split('/').pop()!.replace(/_/g, ' ');

const words = (text: string) => text.toLowerCase().split(/[\s/(),.'’-]+/).filter(Boolean);

/** Per zone and day: its English name and offsets, the same whatever the visitor's language. */
let known: { day: number; zones: Map<string, [english: string, key: string, minutes: number]> } | undefined;
let built: { key: string; groups: ZoneGroup[] } | undefined;

/**
 * The rows of the picker for `zones` (Intl's list, under their current names) in `locale` at `now`.
 * Names are asked at `now`: a zone's name has changed over time (Kyiv was on Moscow time in 1970).
 * ~420 × 2 formatters take about 100 ms, once, when the picker first opens; another locale asks
 * only for its names of the rows.
 */
export function zoneGroups(zones: string[], now: number, locale: string): ZoneGroup[] {
  const day = Math.floor(now / 86_400_000);
  if (built?.key === `${locale}|${day}`) return built.groups;
  if (known?.day !== day) known = { day, zones: new Map() };
  const year = new Date(now).getUTCFullYear();
  const january = Date.UTC(year, 0, 15);
  const july = Date.UTC(year, 6, 15);
  const regionNames = new Intl.DisplayNames(locale, { type: 'region' });
  const englishRegions = new Intl.DisplayNames('en', { type: 'region' });
  const byKey = new Map<string, ZoneGroup>();
  for (const zone of new Set(zones.includes('UTC') ? zones : [...zones, 'UTC'])) {
    let facts = known.zones.get(zone);
    if (!facts) {
      const offsets = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
      const minutes = offsetMinutes(offsets, now);
      const english = zoneName('en-US', zone, now);
      facts = [english, `${english}|${offsetMinutes(offsets, january)}|${offsetMinutes(offsets, july)}|${minutes}`, minutes];
      known.zones.set(zone, facts);
    }
    const [english, groupKey, minutes] = facts;
    let group = byKey.get(groupKey);
    if (!group) {
      group = { zone, zones: [], name: english, minutes, cities: [], regions: [], words: words(english), abbreviations: [] };
      byKey.set(groupKey, group);
    }
    group.zones.push(zone);
    const region = regionOf.get(zone)?.[0];
    if (region && !group.regions.includes(region)) {
      group.regions.push(region);
      group.words.push(...words(`${regionNames.of(region)} ${englishRegions.of(region)}`));
    }
    group.abbreviations.push(...(abbreviationsOf.get(zone) ?? []));
    // The middle of `America/Indiana/Knox` is a place too.
    group.words.push(...words(zone.split('/').slice(1).join(' ').replace(/_/g, ' ')));
  }
  const rank = (zone: string) => mainRank.get(zone) ?? Infinity;
  const groups = [...byKey.values()];
  for (const group of groups) {
    group.zones.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    group.zone = group.zones[0]!;
    group.cities = group.zones.filter((z) => z.includes('/') && !z.startsWith('Etc/')).map(cityOf);
    if (locale !== 'en-US') {
      group.name = zoneName(locale, group.zone, now);
      group.words.push(...words(group.name));
    }
  }
  groups.sort((a, b) => a.minutes - b.minutes || rank(a.zone) - rank(b.zone) || a.name.localeCompare(b.name));
  built = { key: `${locale}|${day}`, groups };
  return groups;
}

/** "+5:30", "UTC-8", "GMT+01:00", "−3" → minutes east of UTC; `undefined` for anything else. */
export function parseOffset(query: string): number | undefined {
  const m = /^(?:utc|gmt)?\s*([+\-−])\s*(\d{1,2})(?:[:.h]?(\d{2}))?$/i.exec(query.trim());
  if (!m) return undefined;
  return (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/**
 * The rows matching `query`, best first: an abbreviation typed whole or an offset finds its zones;
 * otherwise every word must begin a word of the row (name, city, country), and a row where words
 * match whole ("India") comes before one where they only begin a word ("Indiana"). Rows of the
 * visitor's likely `regions` come first among equals.
 */
export function searchZones(groups: ZoneGroup[], query: string, regions: string[], current: string): ZoneGroup[] {
  const likely = (g: ZoneGroup) => (g.zones.includes(current) ? 2 : g.regions.some((r) => regions.includes(r)) ? 1 : 0);
  const q = query.trim();
  let scored: [ZoneGroup, number][];
  const offset = parseOffset(q);
  if (!q) scored = groups.map((g) => [g, 0]);
  else if (offset !== undefined) scored = groups.filter((g) => g.minutes === offset).map((g) => [g, 0]);
  else {
    const wanted = words(q);
    const abbreviation = q.toUpperCase();
    // "EST" typed whole means Eastern Time, not Estonia or Creston.
    const named = groups.filter((g) => g.abbreviations.includes(abbreviation));
    scored = named.map((g) => [g, 0]);
    for (const g of named.length ? [] : groups) {
      let score = 0;
      for (const w of wanted) {
        const exact = g.words.includes(w);
        if (!exact && !g.words.some((word) => word.startsWith(w))) {
          score = -1;
          break;
        }
        score += exact ? 2 : 1;
      }
      if (score > 0) scored.push([g, score]);
    }
  }
  return scored.sort(([a, x], [b, y]) => y - x || likely(b) - likely(a)).map(([g]) => g);
}
