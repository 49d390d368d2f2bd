/**
 * The widget's weight as visitors download it: builds the two vite passes of `npm run build`
 * into a directory of our choosing and measures every file raw and gzipped (level 9, node:zlib).
 * Shared by `npm run bench -- widget` and the budget test (test/build/bundle-size.test.ts), so
 * the figures in bench/results.json are the ones the budgets are checked against.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const vite = join(root, 'node_modules/vite/bin/vite.js');

/**
 * Issue 4: the script-tag bundle with Lit and the en-US texts, and each lazily loaded locale.
 * Issue 10: the team console's first load (its entry and what the entry imports statically).
 */
/** Issue 9: each lazily loaded chunk of the widget beside them (the time-zone picker's index, …). */
export const BUDGETS = { iifeGzipBytes: 25 * 1024, localeGzipBytes: 4 * 1024, chunkGzipBytes: 6 * 1024, consoleFirstLoadGzipBytes: 60 * 1024 } as const;

export interface WidgetSizes {
  iifeBytes: number;
  iifeGzipBytes: number;
  esBytes: number;
  esGzipBytes: number;
  localeBytes: Record<string, number>;
  localeGzipBytes: Record<string, number>;
  /** Lazily loaded chunks beside the bundle (`zone-index`, …), loaded by both bundles when needed. */
  chunkBytes: Record<string, number>;
  chunkGzipBytes: Record<string, number>;
}

/** `vite build` then `vite build --mode iife`, both into `outDir`, as `npm run build` does into dist/. */
export function buildWidget(outDir: string): void {
  // The IIFE pass keeps what the ES pass wrote (its config sets `emptyOutDir: false`).
  for (const pass of [['--emptyOutDir'], ['--mode', 'iife']]) {
    // NODE_ENV as a plain `npm run build` sees it: a test runner's `test` would change what vite bundles.
    const result = spawnSync(process.execPath, [vite, 'build', ...pass, '--outDir', outDir, '--logLevel', 'warn'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`vite build ${pass.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  }
}

export function gzipBytes(content: Buffer | string): number {
  return gzipSync(content, { level: 9 }).length;
}

/** `vite build --mode console` into `outDir`, as `npm run build` does into dist/console/. */
export function buildConsole(outDir: string): void {
  const result = spawnSync(process.execPath, [vite, 'build', '--mode', 'console', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build --mode console failed:\n${result.stdout}${result.stderr}`);
}

export interface ConsoleSizes {
  /** `console.js` and the chunks it imports statically: what a browser must fetch before the console shows. */
  firstLoadFiles: string[];
  firstLoadBytes: number;
  firstLoadGzipBytes: number;
  /** Each locale's chunk, loaded only for that language. */
  localeGzipBytes: Record<string, number>;
}

/** Sizes of a built console directory: its first load followed through static imports, and each locale chunk. */
export function measureConsole(outDir: string): ConsoleSizes {
  const read = (file: string) => readFileSync(join(outDir, file));
  const staticImports = (code: string) => [...code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g)].map((m) => m[1]!);
  const firstLoad = new Set<string>();
  const visit = (file: string) => {
    if (firstLoad.has(file)) return;
    firstLoad.add(file);
    for (const next of staticImports(read(file).toString('utf8'))) visit(next);
  };
  visit('console.js');
  const files = [...firstLoad];
  // Chunks are named `<locale>-<hash>.js`, and a hash may hold a `-` too.
  const localeOf = (file: string) => /^(de|en-GB|es|fr|nl|pt-BR)-[\w-]+\.js$/.exec(file)?.[1];
  const locales = readdirSync(outDir).filter((file) => localeOf(file));
  return {
    firstLoadFiles: files,
    firstLoadBytes: files.reduce((sum, file) => sum + read(file).length, 0),
    firstLoadGzipBytes: files.reduce((sum, file) => sum + gzipBytes(read(file)), 0),
    localeGzipBytes: Object.fromEntries(locales.map((file) => [localeOf(file)!, gzipBytes(read(file))])),
  };
}

/** Sizes of a built widget directory; locales keyed by their code (`fr`, `pt-BR`, …). */
export function measureWidget(outDir: string): WidgetSizes {
  const iife = readFileSync(join(outDir, 'kairos.iife.js'));
  const es = readFileSync(join(outDir, 'kairos.js'));
  const locales = readdirSync(join(outDir, 'locales'))
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => [file.replace(/\.js$/, ''), readFileSync(join(outDir, 'locales', file))] as const);
  const chunks = readdirSync(outDir)
    .filter((file) => file.endsWith('.js') && !file.startsWith('kairos.'))
    .sort()
    .map((file) => [file.replace(/\.js$/, ''), readFileSync(join(outDir, file))] as const);
  return {
    iifeBytes: iife.length,
    iifeGzipBytes: gzipBytes(iife),
    esBytes: es.length,
    esGzipBytes: gzipBytes(es),
    localeBytes: Object.fromEntries(locales.map(([locale, content]) => [locale, content.length])),
    localeGzipBytes: Object.fromEntries(locales.map(([locale, content]) => [locale, gzipBytes(content)])),
    chunkBytes: Object.fromEntries(chunks.map(([name, content]) => [name, content.length])),
    chunkGzipBytes: Object.fromEntries(chunks.map(([name, content]) => [name, gzipBytes(content)])),
  };
}
