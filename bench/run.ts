/**
 * `npm run bench [-- engine|server|floor|widget|console]`: runs the benchmark parts, prints their
 * figures and merges them into bench/results.json (a part that is run replaces only its own key).
 * Without arguments, every part but `console`, which seeds 100,000 bookings into both stores and
 * takes minutes: it runs only when named.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const parts = ['engine', 'server', 'floor', 'widget', 'console'] as const;
type Part = (typeof parts)[number];
const byDefault: Part[] = ['engine', 'server', 'floor', 'widget'];

const asked = process.argv.slice(2).filter((a): a is Part => (parts as readonly string[]).includes(a));
const chosen: Part[] = asked.length ? asked : byDefault;
const file = fileURLToPath(new URL('./results.json', import.meta.url));
const results: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};

results.machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
results.date = new Date().toISOString();

for (const part of chosen) {
  const { run } = (await import(`./${part}.ts`)) as { run: () => Promise<unknown> };
  console.log(`\n## ${part}`);
  results[part] = await run();
}

writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwritten to ${file}`);
