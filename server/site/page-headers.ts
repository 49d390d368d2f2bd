/**
 * The security headers of every HTML page the server serves, by kind, through Hono's
 * `secureHeaders`. Each page's Content-Security-Policy admits what that page runs and nothing
 * else: the widget bundle and the API on this origin, and the page's own inline `<script>` and
 * `<style>` blocks by their SHA-256. No page may be framed (a framed manage page is a cancel button
 * under someone else's clickjacking overlay) and none sends a Referer: a page's URL may carry a
 * manage token, an invite or the visitor's prefilled name and email.
 *
 * - token pages (`/manage/{id}?token=…`, and `/book/{page}` where personal links point) are
 *   never stored by a cache (`Cache-Control: no-store`);
 * - demo pages get their inline blocks' hashes from the file as it is now;
 * - the API reference runs no script at all.
 *
 * The widget bundle and the API are not pages: their headers (CORS above all) stay their own.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface InlineSources {
  scripts: string[];
  styles: string[];
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The CSP sources that admit a page's inline blocks (`<script src>` is not inline). */
export function inlineSources(html: string): InlineSources {
  const blocks = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'gi'))].map((match) => sha256(match[1]!));
  return { scripts: blocks('script'), styles: blocks('style') };
}

type Sources = (string | ((c: Context) => string))[];

function pageHeaders(csp: { scriptSrc?: Sources; styleSrc: Sources }): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      ...(csp.scriptSrc ? { scriptSrc: csp.scriptSrc, connectSrc: ["'self'"] } : {}),
      styleSrc: csp.styleSrc,
      imgSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    // Whether the site is HTTPS-only is for the TLS proxy in front to declare: this server speaks plain HTTP.
    strictTransportSecurity: false,
  });
}

/** A page whose URL carries a token: `inline` is what its template writes inline. */
export function tokenPageHeaders(inline: InlineSources): MiddlewareHandler {
  const headers = pageHeaders({ scriptSrc: ["'self'", ...inline.scripts], styleSrc: ["'self'", ...inline.styles] });
  return (c, next) => {
    // Set before the page is made, so the page's own response carries it.
    c.header('Cache-Control', 'no-store');
    return headers(c, next);
  };
}

/** A static page whose file `fileOf(c)` names (undefined: no such page); its hashes follow the file's edits. */
export function staticPageHeaders(fileOf: (c: Context) => string | undefined): MiddlewareHandler {
  const read = new Map<string, { mtimeMs: number; inline: InlineSources }>();
  const inlineOf = (c: Context): InlineSources => {
    const file = fileOf(c);
    const stats = file ? statSync(file, { throwIfNoEntry: false }) : undefined;
    if (!file || !stats?.isFile()) return { scripts: [], styles: [] };
    let entry = read.get(file);
    if (entry?.mtimeMs !== stats.mtimeMs) {
      entry = { mtimeMs: stats.mtimeMs, inline: inlineSources(readFileSync(file, 'utf8')) };
      read.set(file, entry);
    }
    return entry.inline;
  };
  return pageHeaders({
    scriptSrc: ["'self'", (c) => inlineOf(c).scripts.join(' ')],
    styleSrc: ["'self'", (c) => inlineOf(c).styles.join(' ')],
  });
}

/** The API reference: plain HTML with its own inline styles, and no script. */
export const referencePageHeaders: MiddlewareHandler = pageHeaders({ styleSrc: ["'unsafe-inline'"] });
