/**
 * A small, strict reader for the XLIFF 1.2 that `lit-localize extract` writes: `<trans-unit>`s
 * with a `<source>` and an optional `<target>`, whose text may hold `<x equiv-text="${…}"/>`
 * placeholders. Anything else inside a text is an error, so a broken catalogue fails loudly at
 * start rather than sending a half-translated email.
 */

/** A message as text runs and placeholders; a placeholder is its `${expression}`. */
export type MessageParts = (string | { placeholder: string })[];

export interface TransUnit {
  id: string;
  source: MessageParts;
  target?: MessageParts;
}

const unitPattern = /<trans-unit\b([^>]*)>([\s\S]*?)<\/trans-unit>/g;
const textPattern = (tag: string) => new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`);

export function parseXliff(xml: string, file = 'catalogue'): TransUnit[] {
  const units: TransUnit[] = [];
  for (const [, attributes, body] of xml.matchAll(unitPattern)) {
    const id = attribute(attributes, 'id');
    if (!id) throw new Error(`${file}: a trans-unit has no id`);
    const source = body.match(textPattern('source'));
    if (!source) throw new Error(`${file}: trans-unit ${id} has no source`);
    const target = body.match(textPattern('target'));
    units.push({
      id,
      source: parseText(source[1], `${file} ${id} source`),
      ...(target ? { target: parseText(target[1], `${file} ${id} target`) } : {}),
    });
  }
  return units;
}

function parseText(text: string, where: string): MessageParts {
  const parts: MessageParts = [];
  let rest = text;
  while (rest.length > 0) {
    const tag = rest.indexOf('<');
    if (tag === -1) {
      parts.push(decode(rest, where));
      break;
    }
    if (tag > 0) parts.push(decode(rest.slice(0, tag), where));
    const element = rest.slice(tag).match(/^<x\b([^>]*?)\/>/);
    if (!element) throw new Error(`${where}: unexpected markup ${rest.slice(tag, tag + 30)}`);
    const equiv = attribute(element[1], 'equiv-text');
    if (!equiv || !/^\$\{[\s\S]+\}$/.test(equiv)) throw new Error(`${where}: placeholder without \${…} equiv-text`);
    parts.push({ placeholder: equiv });
    rest = rest.slice(tag + element[0].length);
  }
  return parts;
}

function attribute(attributes: string, name: string): string | undefined {
  const match = attributes.match(new RegExp(`\\s${name}="([^"]*)"`));
  return match ? decode(match[1], name) : undefined;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string, where: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const char = entities[name];
    if (char === undefined) throw new Error(`${where}: unknown entity ${whole}`);
    return char;
  });
}
