/**
 * The team the console benchmark (bench/console.ts) runs: 36 members in six zones, five pools
 * (regional sales teams pooled, support round robin, customer success by priority), six event
 * types (one needing approval, one a group workshop, reminders on some), five pages, and a
 * webhook, as a mid-sized company would configure Kairos.
 */
import type { ConfigInput } from '../server/config/schema.js';

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  timezone: string;
  locale: string;
}

const people: [string, string, string][] = [
  ['ana', 'Ana Silva', 'Europe/Lisbon'],
  ['bo', 'Bo Laurent', 'Europe/Paris'],
  ['zoe', 'Zoé Lefèvre', 'Europe/Paris'],
  ['jurgen', 'Jürgen Groß', 'Europe/Berlin'],
  ['malgorzata', 'Małgorzata Wójcik', 'Europe/Warsaw'],
  ['soren', 'Søren Dahl', 'Europe/Copenhagen'],
  ['ines', 'Inês Carvalho', 'Europe/Lisbon'],
  ['lukas', 'Lukas Novák', 'Europe/Prague'],
  ['emma', 'Emma Johnson', 'America/New_York'],
  ['liam', 'Liam O’Brien', 'America/New_York'],
  ['sofia', 'Sofía Martínez', 'America/Mexico_City'],
  ['noah', 'Noah Williams', 'America/Chicago'],
  ['olivia', 'Olivia Brown', 'America/Los_Angeles'],
  ['joao', 'João Pereira', 'America/Sao_Paulo'],
  ['camila', 'Camila Rodríguez', 'America/Bogota'],
  ['ethan', 'Ethan Davis', 'America/Denver'],
  ['priya', 'Priya Raman', 'Asia/Kolkata'],
  ['arjun', 'Arjun Mehta', 'Asia/Kolkata'],
  ['yuki', 'Yuki Tanaka', 'Asia/Tokyo'],
  ['minjun', 'Min-jun Kim', 'Asia/Seoul'],
  ['wei', 'Wei Zhang', 'Asia/Shanghai'],
  ['chloe', 'Chloe Nguyen', 'Australia/Sydney'],
  ['lars', 'Lars Eriksson', 'Europe/Stockholm'],
  ['ayse', 'Ayşe Yılmaz', 'Europe/Istanbul'],
  ['fatima', 'Fatima Zahra', 'Africa/Casablanca'],
  ['kwame', 'Kwame Mensah', 'Africa/Accra'],
  ['elena', 'Elena Popescu', 'Europe/Bucharest'],
  ['matteo', 'Matteo Rossi', 'Europe/Rome'],
  ['lucia', 'Lucía Fernández', 'Europe/Madrid'],
  ['daan', 'Daan de Vries', 'Europe/Amsterdam'],
  ['hannah', 'Hannah Schmidt', 'Europe/Berlin'],
  ['oliver', 'Oliver Smith', 'Europe/London'],
  ['amelia', 'Amelia Jones', 'Europe/London'],
  ['rafael', 'Rafael Souza', 'America/Sao_Paulo'],
  ['nora', 'Nora Haddad', 'Asia/Dubai'],
  ['tom', 'Tom Becker', 'Europe/Vienna'],
];

const localeOf = (zone: string) =>
  zone.startsWith('America/Sao') ? 'pt-BR' : zone === 'Europe/Paris' ? 'fr' : zone === 'Europe/Berlin' || zone === 'Europe/Vienna' ? 'de' : zone === 'Europe/Madrid' || zone === 'America/Mexico_City' || zone === 'America/Bogota' ? 'es' : zone === 'Europe/Amsterdam' ? 'nl' : zone === 'Europe/London' ? 'en-GB' : 'en-US';

export const teamMembers: TeamMember[] = people.map(([id, name, timezone]) => ({ id, name, email: `${id}@kairos-team.example`, timezone, locale: localeOf(timezone) }));

/** Pools by id: the members each draws from. */
export const pools: Record<string, string[]> = {
  'sales-emea': ['ana', 'bo', 'zoe', 'jurgen', 'malgorzata', 'soren', 'ines', 'lukas'],
  'sales-amer': ['emma', 'liam', 'sofia', 'noah', 'olivia', 'joao', 'camila', 'ethan'],
  'sales-apac': ['priya', 'arjun', 'yuki', 'minjun', 'wei', 'chloe'],
  support: ['lars', 'ayse', 'fatima', 'kwame', 'elena', 'matteo', 'lucia', 'daan', 'hannah', 'oliver'],
  success: ['amelia', 'rafael', 'nora', 'tom', 'hannah', 'oliver'],
};

export interface BenchEvent {
  id: string;
  page: string;
  /** A pool the booking draws a member from, or a member who hosts it. */
  host: { pool: string } | { member: string };
  minutes: number;
  requiresApproval: boolean;
  /** Minutes before the start a reminder goes to everyone. */
  reminder?: number;
  location: { type: 'video'; joinUrl: string } | { type: 'phone' } | { type: 'in_person'; address: string };
  /** Share of all bookings. */
  share: number;
}

/** The page entries the data is made of; a sales demo goes to the pool of the customer's region. */
export const benchEvents: BenchEvent[] = [
  { id: 'demo', page: 'sales', host: { pool: 'sales-emea' }, minutes: 30, requiresApproval: false, reminder: 1440, location: { type: 'video', joinUrl: '' }, share: 0.34 },
  { id: 'intro', page: 'sales', host: { pool: 'sales-amer' }, minutes: 15, requiresApproval: false, location: { type: 'phone' }, share: 0.14 },
  { id: 'support-call', page: 'support', host: { pool: 'support' }, minutes: 30, requiresApproval: false, location: { type: 'video', joinUrl: '' }, share: 0.24 },
  { id: 'onboarding', page: 'onboarding', host: { pool: 'success' }, minutes: 45, requiresApproval: false, reminder: 60, location: { type: 'video', joinUrl: '' }, share: 0.12 },
  { id: 'consult', page: 'experts', host: { member: 'priya' }, minutes: 60, requiresApproval: true, reminder: 1440, location: { type: 'video', joinUrl: '' }, share: 0.12 },
  { id: 'workshop', page: 'academy', host: { member: 'matteo' }, minutes: 90, requiresApproval: false, reminder: 1440, location: { type: 'in_person', address: 'Kairos HQ, Rua Augusta 27, 1100-048 Lisboa' }, share: 0.04 },
];

const office: [string, string][] = [['08:30', '12:30'], ['13:30', '18:00']];
const weekly = { mon: office, tue: office, wed: office, thu: office, fri: office };
const title = (en: string, fr: string, de: string) => ({ en, fr, de });
const fields = [
  { id: 'company', type: 'text' as const, label: 'Company', required: true },
  { id: 'country', type: 'text' as const, label: 'Country' },
  { id: 'notes', type: 'textarea' as const, label: 'What would you like to discuss?' },
  { id: 'consent', type: 'consent' as const, label: 'I agree to be contacted about this booking.', required: true },
];

export const eventTitles: Record<string, { en: string; fr: string; de: string }> = {
  demo: title('Product demo', 'Démo produit', 'Produktdemo'),
  intro: title('Intro call', 'Premier appel', 'Erstgespräch'),
  'support-call': title('Support call', 'Appel support', 'Support-Gespräch'),
  onboarding: title('Onboarding session', 'Session d’intégration', 'Onboarding'),
  consult: title('Expert consultation', 'Consultation expert', 'Expertenberatung'),
  workshop: title('Hands-on workshop', 'Atelier pratique', 'Praxis-Workshop'),
};

export const pageTitles: Record<string, { en: string; fr: string; de: string }> = {
  sales: title('Talk to sales', 'Parler aux ventes', 'Vertrieb kontaktieren'),
  support: title('Get support', 'Obtenir de l’aide', 'Support erhalten'),
  onboarding: title('Onboarding', 'Intégration', 'Onboarding'),
  experts: title('Ask an expert', 'Demander à un expert', 'Experten fragen'),
  academy: title('Kairos Academy', 'Académie Kairos', 'Kairos Akademie'),
};

export const WEBHOOK_EVENTS = ['booking.created', 'booking.cancelled', 'booking.rescheduled'] as const;

export function consoleConfig(): ConfigInput {
  const event = (e: BenchEvent) => ({
    id: e.id,
    title: eventTitles[e.id]!,
    durationMinutes: e.minutes,
    slotIntervalMinutes: 15,
    bufferAfterMinutes: 10,
    minNoticeMinutes: 120,
    horizonDays: 180,
    requiresApproval: e.requiresApproval,
    ...(e.id === 'workshop' ? { seats: 8 } : {}),
    location: e.location.type === 'video' ? { type: 'video' as const, provider: 'jitsi' as const } : e.location.type === 'phone' ? { type: 'phone' as const } : { type: 'in_person' as const, address: e.location.address },
    fields,
    reminders: e.reminder ? [{ minutesBefore: e.reminder }] : [],
  });
  const pageOf = (slug: string) => ({
    slug,
    title: pageTitles[slug]!,
    entries: benchEvents.filter((e) => e.page === slug).map((e) => ({ event: e.id, host: e.host })),
    ...(slug === 'sales'
      ? {
          rules: [
            { event: 'demo', when: { field: 'country', in: ['US', 'BR', 'MX'] }, host: { pool: 'sales-amer' } },
            { event: 'demo', when: { field: 'country', in: ['IN', 'JP', 'AU'] }, host: { pool: 'sales-apac' } },
          ],
        }
      : {}),
  });
  return {
    members: teamMembers.map((m) => ({ ...m, weekly })),
    eventTypes: benchEvents.map(event),
    pools: Object.entries(pools).map(([id, members]) => ({
      id,
      method: id === 'support' ? ('round_robin' as const) : id === 'success' ? ('priority' as const) : ('pooled' as const),
      members: members.map((member, i) => ({ member, priority: id === 'success' ? i % 3 : 0 })),
    })),
    pages: Object.keys(pageTitles).map(pageOf),
    webhooks: [{ id: 'crm', url: 'https://crm.kairos-team.example/hooks/kairos', events: [...WEBHOOK_EVENTS], secret: 'whsec_S2Fpcm9zQmVuY2hXZWJob29rU2VjcmV0' }],
  };
}
