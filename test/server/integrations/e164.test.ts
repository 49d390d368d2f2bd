/** Phone numbers as visitors type them, made E.164 for an SMS gateway (`integrations/sms/e164.ts`). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toE164 } from '../../../server/integrations/sms/e164.js';
import { isPhoneNumber } from '../../../shared/field-rules.js';

describe('toE164', () => {
  it.each([
    ['+33 6 12 34 56 78', undefined, '+33612345678'],
    ['+33612345678', '+1', '+33612345678'],
    ['0033 6 12 34 56 78', undefined, '+33612345678'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['0044 (0) 20 7946 0958', undefined, '+442079460958'],
    ['+49 30/1234567', undefined, '+49301234567'],
    ['+31.20.123.4567', undefined, '+31201234567'],
    ['  +55 11 91234-5678 ', undefined, '+5511912345678'],
    // National numbers, placed by the default country, their trunk prefix dropped.
    ['06 12 34 56 78', '+33', '+33612345678'],
    ['06.12.34.56.78', '+33', '+33612345678'],
    ['030 1234567', '+49', '+49301234567'],
    ['020 7946 0958', '+44', '+442079460958'],
    ['(415) 555-2671', '+1', '+14155552671'],
    ['1 415 555 2671', '+1', '+14155552671'],
    ['011 33 6 12 34 56 78', '+1', '+33612345678'],
    ['8 912 345 67 89', '+7', '+79123456789'],
    ['912 345 67 89', '+7', '+79123456789'],
    // Italy keeps the 0 of its landlines.
    ['06 1234 5678', '+39', '+390612345678'],
    ['312 345 6789', '+39', '+393123456789'],
  ] as [string, string | undefined, string][])('makes %j (default %s) %s', (typed, country, expected) => {
    expect(toE164(typed, country)).toBe(expected);
  });

  it.each([
    ['06 12 34 56 78', undefined, 'a national number without a default country'],
    ['06 12 34 56 78', '33', 'a default country without its +'],
    ['+0 612 345 678', undefined, 'a country code starting with 0'],
    ['+33 6 12', undefined, 'too short'],
    ['+33 6 12 34 56 78 90 12 34', undefined, 'longer than 15 digits'],
    ['+33 6 12 34 56 78 ext 12', undefined, 'letters'],
    ['+33 6 12 34 56 78;', undefined, 'other punctuation'],
    ['00 06 12 34 56 78', '+33', 'an international prefix followed by a 0'],
    ['0612', '+33', 'too short, placed'],
    ['', '+33', 'nothing'],
    ['+', '+33', 'a plus alone'],
    ['6\u0000123456789', '+33', 'a control character'],
  ] as [string, string | undefined, string][])('refuses %j (default %s): %s', (typed, country) => {
    expect(toE164(typed, country)).toBeUndefined();
  });

  it('reads a leading 00 as the international prefix, whatever the spaces say (a limit: `0 06…` is not France)', () => {
    expect(toE164('0 06 12 34 56 78', '+33')).toBe('+612345678');
  });

  it('answers either nothing or a number E.164 allows, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'+0123456789 ().-/x\t'.split('')), maxLength: 30 }), fc.constantFrom(undefined, '+1', '+33', '+39', '+7', '+420'), (typed, country) => {
        const number = toE164(typed, country);
        if (number !== undefined) expect(number).toMatch(/^\+[1-9][0-9]{6,14}$/);
      }),
    );
  });

  it('keeps every digit of an international number, in order, and adds none', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{6,14}$/), fc.array(fc.constantFrom(' ', '-', '.', '/'), { maxLength: 14 }), (digits, separators) => {
        // The separators go between digits, as people write them.
        const typed = `+${[...digits].map((d, i) => d + (separators[i] ?? '')).join('')}`;
        expect(toE164(typed)).toBe(`+${digits}`);
        expect(toE164(`00${digits}`, '+33')).toBe(`+${digits}`);
      }),
    );
  });

  it('places every national French mobile the widget accepts in France', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[67][0-9]{8}$/), (rest) => {
        const typed = `0${rest.slice(0, 1)} ${rest.slice(1, 3)} ${rest.slice(3, 5)} ${rest.slice(5, 7)} ${rest.slice(7)}`;
        expect(isPhoneNumber(typed)).toBe(true);
        expect(toE164(typed, '+33')).toBe(`+33${rest}`);
      }),
    );
  });
});
