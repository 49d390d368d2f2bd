/**
 * Large JSON answers gzipped for clients that accept it. A month of slots for a big pooled team
 * runs past 100 kB of repetitive JSON and shrinks about tenfold, which the widget's visitor on a
 * phone feels more than the millisecond it costs here. Small answers go as they are: they would
 * gain nothing, and the booking path stays on the adapter's fast path.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context, TypedResponse } from 'hono';

const gzipAsync = promisify(gzip);
/** Below this, an answer fits a few packets either way. */
const THRESHOLD = 8 * 1024;

/** Whether `Accept-Encoding` allows gzip: by its own entry if it has one, else by `*`. */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    weights.set(coding!.trim(), q === undefined ? 1 : Number(q.slice(2)));
  }
  return (weights.get('gzip') ?? weights.get('*') ?? 0) > 0;
}

/** `c.json(value, 200)`, gzipped when large and accepted: typed as what it carries, for the route's response schema. */
export async function compressedJson<T>(c: Context, value: T): Promise<TypedResponse<T, 200, 'json'>> {
  const text = JSON.stringify(value);
  c.header('Vary', 'Accept-Encoding', { append: true });
  const response =
    text.length < THRESHOLD || !acceptsGzip(c.req.header('Accept-Encoding'))
      ? c.body(text, 200, { 'Content-Type': 'application/json' })
      : c.body(new Uint8Array(await gzipAsync(text)), 200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
  return response as unknown as TypedResponse<T, 200, 'json'>;
}
