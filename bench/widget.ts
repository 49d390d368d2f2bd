/**
 * `npm run bench -- widget`: builds the widget into a temporary directory (dist/ is left alone)
 * and reports what a visitor downloads — the ES entry, the script-tag IIFE and each locale chunk,
 * raw and gzipped at level 9, and the chunks loaded lazily — against the budgets in README's "Benchmarks"; and the team
 * console's first load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUDGETS, buildConsole, buildWidget, measureConsole, measureWidget, type ConsoleSizes, type WidgetSizes } from './widget-size.js';

export async function run(): Promise<WidgetSizes & { console: ConsoleSizes }> {
  const outDir = mkdtempSync(join(tmpdir(), 'kairos-bench-widget-'));
  try {
    buildWidget(outDir);
    const sizes = measureWidget(outDir);
    const row = (file: string, raw: number, gzip: number, budget?: number) =>
      `${file.padEnd(20)} ${String(raw).padStart(9)} ${String(gzip).padStart(9)} ${(budget === undefined ? '' : `${budget} ${gzip <= budget ? 'ok' : 'OVER'}`).padStart(12)}`;
    console.log(`${'file'.padEnd(20)} ${'bytes'.padStart(9)} ${'gzip -9'.padStart(9)} ${'budget'.padStart(12)}`);
    console.log(row('kairos.iife.js', sizes.iifeBytes, sizes.iifeGzipBytes, BUDGETS.iifeGzipBytes));
    console.log(row('kairos.js', sizes.esBytes, sizes.esGzipBytes));
    for (const [locale, gzip] of Object.entries(sizes.localeGzipBytes)) {
      console.log(row(`locales/${locale}.js`, sizes.localeBytes[locale], gzip, BUDGETS.localeGzipBytes));
    }
    for (const [name, gzip] of Object.entries(sizes.chunkGzipBytes)) {
      console.log(row(`${name}.js (lazy)`, sizes.chunkBytes[name], gzip, BUDGETS.chunkGzipBytes));
    }
    buildConsole(join(outDir, 'console'));
    const team = measureConsole(join(outDir, 'console'));
    console.log(row(`console first load`, team.firstLoadBytes, team.firstLoadGzipBytes, BUDGETS.consoleFirstLoadGzipBytes));
    for (const [locale, gzip] of Object.entries(team.localeGzipBytes)) console.log(row(`console ${locale}`, 0, gzip));
    return { ...sizes, console: team };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
