/**
 * The widget's size budgets (README, "Benchmarks"), checked on a fresh build of the sources: the script-tag
 * bundle carries Lit and the en-US texts and nothing else, and every other locale arrives as a
 * small chunk of the widget's own messages. Budgets are in KiB (1 kB = 1,024 bytes), gzip -9.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS, buildWidget, measureWidget, type WidgetSizes } from '../../bench/widget-size.js';
import { minifyCssLiterals } from '../../vite.config.js';

/** A message key of the server's email and SMS catalogue, as it appears in a built module. */
const EMAIL_KEY = /["'`](email|sms)\.[\w.]+["'`]\s*:/;

let outDir: string;
let sizes: WidgetSizes;
let iife: string;
let es: string;
let chunks: Record<string, string>;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'kairos-bundle-size-'));
  buildWidget(outDir);
  sizes = measureWidget(outDir);
  iife = readFileSync(join(outDir, 'kairos.iife.js'), 'utf8');
  es = readFileSync(join(outDir, 'kairos.js'), 'utf8');
  chunks = Object.fromEntries(
    readdirSync(join(outDir, 'locales')).map((file) => [file.replace(/\.js$/, ''), readFileSync(join(outDir, 'locales', file), 'utf8')]),
  );
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The texts of a locale chunk that the en-US source does not share (plain messages, no placeholders). */
function ownTexts(chunk: string): string[] {
  const texts = [...chunk.matchAll(/"[\w.-]+":`([^`]*)`/g)].map((m) => m[1]).filter((text) => text.length >= 12 && !text.includes('${'));
  return texts.filter((text) => !es.includes(text));
}

describe('the widget build', () => {
  it('emits the six translated locales as chunks', () => {
    expect(Object.keys(chunks).sort()).toEqual(['de', 'en-GB', 'es', 'fr', 'nl', 'pt-BR']);
  });

  it(`keeps kairos.iife.js within ${BUDGETS.iifeGzipBytes} bytes gzipped, Lit and the en-US texts included`, () => {
    expect(iife).toContain('customElements.define');
    expect(iife).toContain('kairos-booking');
    expect(sizes.iifeGzipBytes).toBeLessThanOrEqual(BUDGETS.iifeGzipBytes);
  });

  it('ships the widget’s CSS without its comments and indentation', () => {
    for (const bundle of [iife, es]) {
      expect(bundle).toContain(':host{');
      expect(bundle).not.toContain('A popup\'s host is just its launcher');
      expect(bundle).not.toMatch(/\n\s+\.step,/);
    }
  });

  it('minifies a css`` literal without touching its strings, its ${…} or the space of a descendant selector', () => {
    const source = "const a = css`\n  /* why */\n  :host {\n    ${tokens}\n    font: 15px/1.45 var(--f, 'Segoe UI', sans-serif);\n  }\n  .step :focus-visible > b, i { outline: 3px solid; }\n`;";
    expect(minifyCssLiterals(source)).toBe(
      "const a = css`:host{${tokens}font:15px/1.45 var(--f,'Segoe UI',sans-serif);}.step :focus-visible>b,i{outline:3px solid;}`;",
    );
  });

  it(`keeps each locale chunk within ${BUDGETS.localeGzipBytes} bytes gzipped`, () => {
    for (const [locale, gzip] of Object.entries(sizes.localeGzipBytes)) {
      expect({ locale, gzip, withinBudget: gzip <= BUDGETS.localeGzipBytes }).toEqual({ locale, gzip, withinBudget: true });
    }
  });

  it('emits the time-zone picker’s index as a lazy chunk that imports nothing', () => {
    expect(Object.keys(sizes.chunkGzipBytes)).toContain('zone-index');
    const index = readFileSync(join(outDir, 'zone-index.js'), 'utf8');
    expect(index).toContain('Pacific/Honolulu');
    expect(index).not.toMatch(/(^|[;}\s])import\s*[{\w*'"]/);
    // Both bundles fetch it by URL when the picker opens; neither carries its tables.
    expect(iife).toContain('zone-index.js');
    expect(iife).not.toContain('Pacific/Honolulu');
    expect(es).not.toContain('Pacific/Honolulu');
  });

  it(`keeps each lazy chunk within ${BUDGETS.chunkGzipBytes} bytes gzipped`, () => {
    for (const [chunk, gzip] of Object.entries(sizes.chunkGzipBytes)) {
      expect({ chunk, gzip, withinBudget: gzip <= BUDGETS.chunkGzipBytes }).toEqual({ chunk, gzip, withinBudget: true });
    }
  });

  it('leaves the other locales’ texts out of kairos.iife.js, to be loaded by URL', () => {
    expect(ownTexts(chunks.fr).length).toBeGreaterThan(10);
    for (const [locale, chunk] of Object.entries(chunks)) {
      expect({ locale, inlined: ownTexts(chunk).filter((text) => iife.includes(text)) }).toEqual({ locale, inlined: [] });
    }
  });

  it('carries nothing of the team console', () => {
    for (const code of [iife, es, ...Object.values(chunks)]) expect(code).not.toContain('kairos-console');
  });

  it('ships no email messages to visitors', () => {
    for (const [locale, chunk] of Object.entries(chunks)) {
      expect({ locale, email: EMAIL_KEY.test(chunk) }).toEqual({ locale, email: false });
    }
    expect(EMAIL_KEY.test(iife)).toBe(false);
    expect(EMAIL_KEY.test(es)).toBe(false);
  });
});
