/**
 * What the fuzz suites throw at the API: values of every wrong shape, hostile path segments,
 * query strings with repeated keys, JSON bodies with fields replaced, dropped or added (prototype
 * keys included), and bodies that are not JSON at all; NUL and the other control characters in
 * all of them, also inside otherwise valid values. Built on fast-check arbitraries.
 */
import fc from 'fast-check';

/** 1 MiB of text: past the body limit, and far past every field's maximum. */
export const HUGE = 'x'.repeat(1 << 20);

const hostileText = fc.constantFrom(
  '',
  ' ',
  HUGE,
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '\u0000',
  '\uD800',
  '😀👩‍👩‍👧‍👦',
  'ｅｖｅｎｔ',
  'Ω≈ç√∫',
  '<script>alert(1)</script>',
  "'; drop table bookings; --",
  '${7*7}{{7*7}}',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '99999-01-01',
  '2026-12-01T25:00:00Z',
  '2026-12-01T09:00:00',
  '2026-12-01T09:00:00+25:00',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00Z',
  'Europe/Nowhere',
  'Etc/GMT+99',
  'UTC\u0000',
  'zz-ZZZZZZZZZZ',
);

/** A C0 control character, NUL most often: PostgreSQL refuses NUL in any text, SQLite stores it. */
const control = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 31 }) }).map((code) => String.fromCharCode(code));

/** `text` with a control character (one of `characters`) somewhere in it: start, middle or end. */
export function withControl(text: string, characters: fc.Arbitrary<string> = control): fc.Arbitrary<string> {
  return fc.tuple(fc.nat({ max: text.length }), characters).map(([at, c]) => text.slice(0, at) + c + text.slice(at));
}

/** Text with controls in it, on their own or among ordinary characters. */
const controlText = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\t', '\n', '\r\n', 'line\nbreak', '\u0007', '\u001b[31mred', '\u001f', '\u0008', '\u000b\u000c'),
  fc.string({ maxLength: 10 }).chain(withControl),
);

export const junkText = fc.oneof(
  hostileText,
  controlText,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);

function holdsText(value: unknown): boolean {
  if (typeof value === 'string') return true;
  return value !== null && typeof value === 'object' && Object.values(value).some(holdsText);
}

/**
 * `value` with a control character put into one of its strings (a value or an object's key), so
 * that nothing else about it is wrong. A value without any string comes back as it is.
 */
export function tainted(value: unknown, characters: fc.Arbitrary<string> = control): fc.Arbitrary<unknown> {
  if (typeof value === 'string') return withControl(value, characters);
  if (Array.isArray(value)) {
    const texts = value.flatMap((x, i) => (holdsText(x) ? [i] : []));
    if (texts.length === 0) return fc.constant(value);
    return fc.constantFrom(...texts).chain((i) => tainted(value[i], characters).map((v) => value.map((x, j) => (j === i ? v : x))));
  }
  if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) return fc.constant(value);
  const entries = Object.entries(value);
  return fc.nat({ max: entries.length - 1 }).chain((i) => {
    const [key, inner] = entries[i]!;
    const taintKey = withControl(key, characters).map((k) => ownProperties(entries.map(([other, x], j) => [j === i ? k : other, x])));
    if (!holdsText(inner)) return taintKey;
    return fc.oneof(taintKey, tainted(inner, characters).map((v) => ownProperties(entries.map(([k, x], j) => [k, j === i ? v : x]))));
  });
}

/** `base` with a control character in one of its fields' texts: a value, or a key of a record inside one. */
export function withTaintedField(base: Record<string, unknown>, characters: fc.Arbitrary<string> = control): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(base).filter((key) => holdsText(base[key]));
  return fc.constantFrom(...fields).chain((field) => tainted(base[field], characters).map((value) => ownProperties(Object.entries(base).map(([k, v]) => [k, k === field ? value : v]))));
}

/** Any JSON value, objects possibly carrying prototype keys as their own properties. */
export const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    junkText,
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.constantFrom(null, true, false, 0, -1, 2 ** 53, 1e308, -0),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.array(fc.tuple(fc.oneof(junkText, fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value')), { maxLength: 3 }).map(ownProperties),
})).value;

/** An object whose keys are all own, enumerable properties, `__proto__` included (as JSON.parse makes them). */
export function ownProperties(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
}

type Mutation = { kind: 'set'; key: string; value: unknown } | { kind: 'drop'; key: string } | { kind: 'add'; key: string; value: unknown };

/** `base` with one to three fields replaced by junk or by their own value with a control character in it, dropped, or junk fields added. */
export function mutatedBody(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...keys), value: junkValue }),
    fc.constantFrom(...keys).chain((key) => tainted(base[key]).map((value): Mutation => ({ kind: 'set', key, value }))),
    fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
    fc.record({ kind: fc.constant('add' as const), key: fc.oneof(junkText, fc.constantFrom('__proto__', 'constructor', 'isAdmin')), value: junkValue }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const entries = new Map(Object.entries(base));
    for (const m of mutations) {
      if (m.kind === 'drop') entries.delete(m.key);
      else entries.set(m.key, m.value);
    }
    return ownProperties([...entries]);
  });
}

/** A request body as sent: mutated JSON most of the time, otherwise something that is not the JSON asked for. */
export function bodyFor(base: Record<string, unknown>): fc.Arbitrary<string> {
  const valid = JSON.stringify(base);
  return fc.oneof(
    { weight: 6, arbitrary: mutatedBody(base).map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: junkValue.map((value) => JSON.stringify(value) ?? 'undefined') },
    { weight: 1, arbitrary: fc.nat({ max: valid.length - 1 }).map((cut) => valid.slice(0, cut)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"event":}',
        "{'event': 'demo'}",
        'null',
        '[]',
        '1e999',
        '{"a":1,"a":2}',
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
        '['.repeat(5000) + ']'.repeat(5000),
        `{"name":"${HUGE}"}`,
        '\uFEFF{}',
      ),
    },
    { weight: 1, arbitrary: junkText },
  );
}

/** Percent-encoded as UTF-8; lone surrogates (which `encodeURIComponent` rejects) become U+FFFD first. */
function percentEncoded(text: string): string {
  return encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
}

/** A path segment where an id goes: often the real one, otherwise traversal, encodings and junk. */
export function segmentFor(real: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(real) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '..',
        '%2e%2e',
        '..%2F..%2Fetc%2Fpasswd',
        '%2e%2e%2f%2e%2e%2fpackage.json',
        '%00',
        '%',
        '%ZZ',
        '%C0%AE',
        '%E2%82',
        '__proto__',
        'constructor',
        encodeURIComponent('😀'),
        'a'.repeat(5000),
        `${real}%00`,
        `${real};x`,
        '%01',
        '%07',
        '%0A',
        '%0D%0A',
        '%1F',
        `${real}%0A`,
        `${real}%09`,
      ),
    },
    { weight: 1, arbitrary: withControl(real).map(percentEncoded) },
    { weight: 1, arbitrary: junkText.filter((t) => t.length < 5000).map(percentEncoded) },
  );
}

/** A query string over `params` (name → a plausible value): values junked, keys repeated (arrays), unknown keys added. */
export function queryFor(params: Record<string, string>): fc.Arbitrary<string> {
  const names = Object.keys(params);
  const entry = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names).map((name): [string, string] => [name, params[name]!]) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...names), junkText) },
    { weight: 2, arbitrary: fc.constantFrom(...names).chain((name) => withControl(params[name]!).map((value): [string, string] => [name, value])) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...names.map((n) => `${n}[]`), '__proto__', 'constructor[prototype]', 'x'), junkText) },
  );
  return fc.array(entry, { maxLength: 8 }).map((entries) => {
    const query = new URLSearchParams();
    for (const [name, value] of entries) query.append(name, value);
    return query.size ? `?${query}` : '';
  });
}

/** Mostly JSON, sometimes a content type the API does not take. */
export const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json;;;') },
);

/**
 * A start of the team fixture's demo (`fixtures.ts`: 30 minutes, members free 09:00–17:00 UTC)
 * on a December 2026 day from `firstDay` to `lastDay`. Spread over many free slots, valid and
 * tainted booking requests reach the insert instead of stopping at a taken slot.
 */
export function demoStart(firstDay: number, lastDay: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: firstDay, max: lastDay }), fc.integer({ min: 0, max: 15 }))
    .map(([day, half]) => new Date(Date.UTC(2026, 11, day, 9) + half * 30 * 60_000).toISOString().replace('.000Z', 'Z'));
}
