/**
 * The customers of the console benchmark, made up from a seeded generator: names from many
 * languages (a few in non-Latin scripts), the emails people really type (name-based, at their
 * company or a mail provider), phones written the way each country writes them, and the form's
 * answers (company, country, free notes).
 */

export type Country = 'FR' | 'DE' | 'PT' | 'ES' | 'PL' | 'GB' | 'US' | 'BR' | 'MX' | 'IN' | 'JP' | 'AU';

export interface Customer {
  name: string;
  email: string;
  phone: string | null;
  country: Country;
  timezone: string;
  locale: string;
  company: string;
  notes: string | null;
}

/** [as written, as in an email address] */
type Name = [string, string];
const latin = (names: string): Name[] => names.split(' ').map((n) => [n.replace(/_/g, ' '), fold(n.replace(/_/g, ''))]);

function fold(text: string): string {
  return text
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/ı/g, 'i')
    .replace(/[’']/g, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

const firstNames: Record<string, Name[]> = {
  FR: latin('Zoé Chloé Hélène François Léa Gaël Céline Jérôme Anaïs Thomas Camille Nicolas Manon Hugo'),
  DE: latin('Jürgen Jörg Björn Lena Lukas Sophie Max Anna Felix Käthe Jonas Mia Leon Hannah'),
  PT: latin('João Inês Gonçalo Beatriz Tiago Mariana Duarte Leonor'),
  ES: latin('José María Lucía Álvaro Sofía Javier Carmen Íñigo Nuria Pablo'),
  PL: latin('Małgorzata Łukasz Wojciech Agnieszka Paweł Zofia Krzysztof Ewa'),
  GB: latin('Oliver Amelia George Isla Harry Emily Jack Poppy Siobhán Eóin'),
  US: latin('Emma Liam Olivia Noah Ava Ethan Madison Jacob Abigail Michael Chloe Daniel'),
  BR: latin('Ana Lucas Júlia Gabriel Letícia Matheus Luíza Rafael Bruna Thiago'),
  MX: latin('Ximena Santiago Valentina Mateo Regina Diego Renata Emiliano'),
  IN: latin('Priya Rahul Ananya Arjun Kavya Vikram Aditi Rohan Sneha Karthik'),
  JP: latin('Yuki Haruto Aoi Sota Hina Ren Yui Daiki'),
  AU: latin('Charlotte Jack Mia William Matilda Lachlan Ruby Cooper'),
};

const lastNames: Record<string, Name[]> = {
  FR: latin('Dubois Lefèvre Martin Bernard Moreau Laurent Girard Rousseau Fontaine Mercier Bézier'),
  DE: latin('Müller Schmidt Groß Schäfer Weiß Becker Hoffmann Köhler Krüger Schröder'),
  PT: latin('Silva Gonçalves Conceição Magalhães Sousa Brandão Araújo'),
  ES: latin('García Fernández Núñez Martínez López Sánchez Pérez Muñoz Iglesias'),
  PL: latin('Kowalski Wiśniewska Nowak Wójcik Kamińska Lewandowski Zieliński Szymańska'),
  GB: latin('Smith Jones Taylor O’Connor Davies Evans Wright Thompson MacLeod'),
  US: latin('Johnson Williams Brown Miller Davis Garcia Rodriguez Wilson Anderson Moore'),
  BR: latin('Santos Oliveira Souza Lima Pereira Ferreira Alves Ribeiro Carvalho'),
  MX: latin('Hernández González Ramírez Flores Torres Rivera Gómez Díaz'),
  IN: latin('Sharma Patel Iyer Reddy Gupta Nair Krishnan Banerjee Menon'),
  JP: latin('Tanaka Suzuki Takahashi Watanabe Itō Yamamoto Nakamura Kobayashi'),
  AU: latin('Nguyen Walker Mitchell Kelly Robinson Campbell Murphy Sullivan'),
};

/** Customers who write their name in their own script; their address is romanised. */
const nativeScript: Record<string, [Name, Name][]> = {
  JP: [[['花子', 'hanako'], ['佐藤', 'sato']], [['健', 'ken'], ['山田', 'yamada']], [['美咲', 'misaki'], ['高橋', 'takahashi']]],
  IN: [[['प्रिया', 'priya'], ['शर्मा', 'sharma']], [['அருண்', 'arun'], ['குமார்', 'kumar']]],
  PL: [[['Ольга', 'olga'], ['Иванова', 'ivanova']], [['Дмитрий', 'dmitri'], ['Петров', 'petrov']]],
  DE: [[['Δημήτρης', 'dimitris'], ['Παπαδόπουλος', 'papadopoulos']], [['Ayşe', 'ayse'], ['Öztürk', 'ozturk']]],
  AU: [[['娜', 'na'], ['李', 'li']], [['伟', 'wei'], ['王', 'wang']], [['지우', 'jiwoo'], ['김', 'kim']]],
};

const countryFacts: Record<Country, { zone: string; locale: string; phone: (d: () => string) => string; providers: string[] }> = {
  FR: { zone: 'Europe/Paris', locale: 'fr', phone: (d) => `+33 6 ${d()}${d()} ${d()}${d()} ${d()}${d()} ${d()}${d()}`, providers: ['orange.fr', 'gmail.com', 'free.fr'] },
  DE: { zone: 'Europe/Berlin', locale: 'de', phone: (d) => `+49 30 ${d()}${d()}${d()}${d()}${d()}${d()}${d()}`, providers: ['web.de', 'gmx.de', 'gmail.com'] },
  PT: { zone: 'Europe/Lisbon', locale: 'pt-BR', phone: (d) => `+351 91${d()} ${d()}${d()}${d()} ${d()}${d()}${d()}`, providers: ['sapo.pt', 'gmail.com'] },
  ES: { zone: 'Europe/Madrid', locale: 'es', phone: (d) => `+34 6${d()}${d()} ${d()}${d()} ${d()}${d()} ${d()}${d()}`, providers: ['gmail.com', 'hotmail.es'] },
  PL: { zone: 'Europe/Warsaw', locale: 'en-GB', phone: (d) => `+48 5${d()}${d()} ${d()}${d()}${d()} ${d()}${d()}${d()}`, providers: ['wp.pl', 'onet.pl', 'gmail.com'] },
  GB: { zone: 'Europe/London', locale: 'en-GB', phone: (d) => `+44 20 7${d()}${d()}${d()} ${d()}${d()}${d()}${d()}`, providers: ['btinternet.com', 'gmail.com', 'outlook.com'] },
  US: { zone: 'America/New_York', locale: 'en-US', phone: (d) => `(${d()}${d()}${d()}) 555-${d()}${d()}${d()}${d()}`, providers: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'] },
  BR: { zone: 'America/Sao_Paulo', locale: 'pt-BR', phone: (d) => `+55 11 9${d()}${d()}${d()}${d()}-${d()}${d()}${d()}${d()}`, providers: ['uol.com.br', 'gmail.com'] },
  MX: { zone: 'America/Mexico_City', locale: 'es', phone: (d) => `+52 55 ${d()}${d()}${d()}${d()} ${d()}${d()}${d()}${d()}`, providers: ['gmail.com', 'hotmail.com'] },
  IN: { zone: 'Asia/Kolkata', locale: 'en-GB', phone: (d) => `+91 9${d()}${d()}${d()}${d()} ${d()}${d()}${d()}${d()}${d()}`, providers: ['gmail.com', 'rediffmail.com'] },
  JP: { zone: 'Asia/Tokyo', locale: 'en-US', phone: (d) => `+81 3-${d()}${d()}${d()}${d()}-${d()}${d()}${d()}${d()}`, providers: ['yahoo.co.jp', 'gmail.com'] },
  AU: { zone: 'Australia/Sydney', locale: 'en-GB', phone: (d) => `+61 2 ${d()}${d()}${d()}${d()} ${d()}${d()}${d()}${d()}`, providers: ['bigpond.com', 'gmail.com'] },
};

export const regions: Record<'emea' | 'amer' | 'apac', Country[]> = {
  emea: ['FR', 'DE', 'PT', 'ES', 'PL', 'GB'],
  amer: ['US', 'BR', 'MX'],
  apac: ['IN', 'JP', 'AU'],
};

const companyHeads = ('Acme Globex Initech Umbrella Hooli Vandelay Soylent Tyrell Cyberdyne Wonka Aperture Nakatomi Oceanic Dunder Bluth Gringotts ' +
  'Müller Schäfer Lumière Nordlys Fjord Kraków Sakura Ganesha Andino Atlântico Alpenglühen Château Zürcher Pão Tequila Koala Maple Lotus').split(' ');
const syllables = 'nor vik tel dra sol mar kin bel ar zen lum tor vel qua rin sta pol ner dex fin'.split(' ');
/** Customers come from this many companies, a few big ones booking often and most of them rarely. */
const COMPANIES = 3_000;

/** The first word of the `index`-th company's name: a known head, then names made of syllables. */
export function companyWord(index: number): string {
  if (index < companyHeads.length) return companyHeads[index]!;
  const [a, b, c] = [index % 20, Math.floor(index / 20) % 20, Math.floor(index / 400) % 20];
  const word = syllables[a]! + syllables[b]! + (index % 3 ? '' : syllables[c]!);
  return word[0]!.toUpperCase() + word.slice(1);
}
const companyTails = 'GmbH SA Ltd Inc. BV AB Ltda Logistics Labs Consulting Maschinenbau Systems Health Bank Studio Foods Energia Seguros'.split(' ');

/** The company of three customers only: what a search for a rare word finds. */
export const RARE_COMPANY = 'Quokkaworks';

const notesParts = {
  openers: ['We are evaluating scheduling tools for', 'Looking for a better way to book', 'Our team needs help with', 'Question about', 'Follow-up on our call about', 'Interested in'],
  topics: ['round robin assignment', 'the CalDAV sync', 'GDPR and data retention', 'pricing for 40 seats', 'embedding the widget on our Shopify store', 'webhooks into Salesforce', 'approval workflows', 'time zones for our distributed team', 'group workshops', 'the reminder emails', 'SSO and onboarding', 'migrating from Calendly'],
  closers: ['', ' Thanks!', ' Merci beaucoup.', ' Vielen Dank im Voraus.', ' Obrigado.', ' ¡Gracias!', ' Please call me in the afternoon.', ' We are a team of 12 in Lisbon and Kraków.'],
};

export function customerMaker(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const digit = () => String(Math.floor(random() * 10));
  return (country: Country, rare: boolean): Customer => {
    const facts = countryFacts[country];
    const native = nativeScript[country];
    const [first, last] = native && random() < 0.08 ? pick(native) : [pick(firstNames[country]!), pick(lastNames[country]!)];
    const company = `${rare ? RARE_COMPANY : companyWord(Math.floor(COMPANIES * random() ** 2))} ${pick(companyTails)}`;
    const atCompany = random() < 0.6;
    const domain = atCompany ? `${fold(company.split(' ')[0]!)}.example.${country === 'GB' ? 'co.uk' : country === 'US' ? 'com' : country.toLowerCase()}` : pick(facts.providers);
    const local = random() < 0.7 ? `${first[1]}.${last[1]}` : random() < 0.5 ? `${first[1][0]}${last[1]}` : `${first[1]}${last[1]}${Math.floor(random() * 100)}`;
    const notes = random() < 0.55 ? `${pick(notesParts.openers)} ${pick(notesParts.topics)}.${pick(notesParts.closers)}` : null;
    return {
      name: `${first[0]} ${last[0]}`,
      email: `${local}@${domain}`,
      phone: random() < 0.6 ? facts.phone(digit) : null,
      country,
      timezone: facts.zone,
      locale: facts.locale,
      company,
      notes,
    };
  };
}
