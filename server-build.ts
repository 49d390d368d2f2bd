/**
 * `npm start` serves compiled JavaScript: this bundles `server/main.ts` and what it imports into
 * `build/server.js` with esbuild, unless the bundle is newer than everything it was built from.
 * Tests and development run the TypeScript directly (tsx); the served process does not carry a
 * TypeScript compiler, and takes only the parts of its dependencies it uses (date-fns alone
 * costs ~20 MiB when loaded whole).
 *
 * The start script then runs `node --max-semi-space-size=2 --v8-pool-size=2 --heap-growing-percent=50
 * build/server.js`: V8's young generation stays at 2 × 2 MiB instead of growing to 2 × 16 MiB
 * (once grown it is kept while idle: at 2 × 4 MiB the idle process held 104 MiB, at 2 × 2 MiB
 * 97), V8 runs two helper threads (GC, compiling) instead of four, each with its own stack and
 * malloc arena, and the old generation may grow by half (not up to fourfold) past what its last
 * full collection kept. They keep a serving process small; their CPU cost per booking is
 * measured by `npm run bench -- server` against the previous flags (README, Benchmarks).
 *
 * Run directly (`tsx server-build.ts`) it builds if needed; the benchmark imports `buildServer`.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('./', import.meta.url));
/** One folder below the root, as `server/main.ts` is (see `server/project-root.ts`). */
export const serverBundle = `${root}build/server.js`;
/** What the last build read, from esbuild's metafile: any of them changing makes the bundle stale. */
const inputsFile = `${root}build/server.inputs.json`;

function isFresh(): boolean {
  if (!existsSync(serverBundle) || !existsSync(inputsFile)) return false;
  const built = statSync(serverBundle).mtimeMs;
  const inputs = [...(JSON.parse(readFileSync(inputsFile, 'utf8')) as string[]), 'server-build.ts', 'package-lock.json'];
  return inputs.every((input) => {
    const stats = statSync(`${root}${input}`, { throwIfNoEntry: false });
    return stats !== undefined && stats.mtimeMs <= built;
  });
}

/** Builds `build/server.js` when it could be stale; answers whether it built. */
export async function buildServer(): Promise<boolean> {
  if (isFresh()) return false;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['server/main.ts'],
    outfile: serverBundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // better-sqlite3 loads its native addon from beside its own files, pino runs its transports
    // from worker files beside its own code, and pg-native is an optional driver not installed.
    external: ['better-sqlite3', 'pino', 'pg-native'],
    // Bundled CommonJS dependencies call `require` for Node's built-ins; an ES module has none.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    // Whitespace and syntax only: names stay readable in stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  mkdirSync(`${root}build`, { recursive: true });
  writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  if (await buildServer()) console.log(`built ${serverBundle.slice(root.length)} in ${Math.round(performance.now() - started)} ms`);
}
