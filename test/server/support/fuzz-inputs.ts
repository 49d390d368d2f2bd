/**
 * What the fuzz suites throw at the API: values of every wrong shape, hostile path segments,
 * query strings with repeated keys, JSON bodies with fields replaced, dropped or added (prototype
 * keys included), and bodies that are not JSON at all. Built on fast-check arbitraries.
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

export const junkText = fc.oneof(hostileText, fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }));

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

/** `base` with one to three fields replaced by junk, dropped, or junk fields added. */
export function mutatedBody(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...keys), value: junkValue }),
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
      ),
    },
    { weight: 1, arbitrary: junkText.filter((t) => t.length < 5000).map(percentEncoded) },
  );
}

/** A query string over `params` (name → a plausible value): values junked, keys repeated (arrays), unknown keys added. */
export function queryFor(params: Record<string, string>): fc.Arbitrary<string> {
  const names = Object.keys(params);
  const entry = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names).map((name): [string, string] => [name, params[name]!]) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...names), junkText) },
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
