/**
 * A phone number as a visitor typed it, made E.164 (`+` and up to 15 digits, country code first)
 * for an SMS gateway, without a numbering-plan database: the widget accepts national formats
 * (`shared/field-rules.ts`), so the server has to place them in a country.
 *
 * What it does, in order:
 * - drops spaces and the punctuation people write numbers with: `( ) . - /`, and a `(0)` written
 *   after the country code (`+44 (0)20 7946 0958`);
 * - an international number stays as it is: `+…`, or `00…` (the international prefix of most
 *   of the world), or `011…` where the default country is `+1` (North America's);
 * - a national number takes the default country code (`sms.defaultCountryCode`), dropping the
 *   trunk prefix: a leading `0` in most countries, `1` in North America (`+1`), `8` in Russia
 *   and Kazakhstan (`+7`); Italy (`+39`) keeps its leading `0`, which belongs to the number;
 * - the result must be `+`, a first digit that is not 0, and 7 to 15 digits in all (ITU-T E.164).
 *
 * What it does not: check that a country code exists, or that a number has its country's
 * length, or is a mobile that can receive texts. Those the gateway judges (Twilio's 21211, 21614),
 * and its refusal is final for the text. A national number with no default country configured is
 * not guessed at.
 */

/** `+` and 1 to 3 digits, the first not 0: what `defaultCountryCode` takes. */
export const countryCodePattern = /^\+[1-9][0-9]{0,2}$/;

const e164 = /^\+[1-9][0-9]{6,14}$/;

/** Trunk prefixes other than `0`, by country code; `''`: none to drop. */
const trunkPrefix: Record<string, string> = { '+1': '1', '+7': '8', '+39': '' };

/** The number in E.164, or `undefined` when it cannot be made one. */
export function toE164(typed: string, defaultCountryCode?: string): string | undefined {
  let text = typed.trim();
  if (/^(\+|00)/.test(text)) text = text.replace(/\(\s*0\s*\)/g, '');
  text = text.replace(/[\s().\-/]/g, '');
  if (!/^\+?[0-9]+$/.test(text)) return undefined;
  let number: string;
  if (text.startsWith('+')) number = text;
  else if (text.startsWith('00')) number = `+${text.slice(2)}`;
  else if (defaultCountryCode === '+1' && text.startsWith('011')) number = `+${text.slice(3)}`;
  else {
    if (!defaultCountryCode || !countryCodePattern.test(defaultCountryCode)) return undefined;
    const trunk = trunkPrefix[defaultCountryCode] ?? '0';
    const national = trunk !== '' && text.startsWith(trunk) ? text.slice(trunk.length) : text;
    // A national number that still starts with 0 after its trunk was dropped was written wrong
    // (`0033…`, a prefix typed twice), except in Italy, where the 0 is part of the number.
    if (national.startsWith('0') && trunk !== '') return undefined;
    number = `${defaultCountryCode}${national}`;
  }
  return e164.test(number) ? number : undefined;
}
