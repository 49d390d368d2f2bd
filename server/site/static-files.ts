/**
 * The widget bundle (`/kairos.js`, `/kairos.iife.js` and its lazily loaded locale chunks, from
 * `dist/`) and the demo pages (`demo/*.html`, `/` being `demo/index.html`, with their styles,
 * scripts and images).
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { relative, resolve, sep } from 'node:path';
import { isOneLine } from '../../shared/field-rules.js';
import { staticPageHeaders } from './page-headers.js';

export function staticFiles(opts: { distDir: string; demoDir: string }) {
  const app = new Hono();
  // serveStatic resolves `root` against the working directory.
  const dist = relative(process.cwd(), opts.distDir) || '.';
  const demo = relative(process.cwd(), opts.demoDir) || '.';
  const bundle = serveStatic({ root: dist });
  app.use('/*', async (c, next) => {
    // serveStatic answers a Response when the file is there, else what `next` gave.
    const found = await bundle(c, next);
    if (found instanceof Response) {
      found.headers.set('Cache-Control', 'public, max-age=300');
      // Other sites load the bundle as a module script and its locale chunks by `import()`:
      // both are CORS requests, which fail without this header.
      found.headers.set('Access-Control-Allow-Origin', '*');
    }
    return found;
  });
  const demoPageHeaders = staticPageHeaders((c) => demoPageFile(opts.demoDir, c));
  app.get('/', demoPageHeaders, serveStatic({ root: demo, path: 'index.html' }));
  const demoFile = serveStatic({ root: demo, rewriteRequestPath: demoPath });
  app.get(
    '/*',
    (c, next) => (demoPageFile(opts.demoDir, c) ? demoPageHeaders(c, next) : next()),
    (c, next) => (servedFromDemo.test(demoPath(c.req.path)) ? demoFile(c, next) : next()),
  );
  return app;
}

/** `/popup` is `popup.html`. */
function demoPath(path: string): string {
  return /\.[a-z0-9]+$/i.test(path) ? path : `${path}.html`;
}

/** The demo page `c` asks for, as a file inside `demoDir`; undefined for anything else. */
function demoPageFile(demoDir: string, c: Context): string | undefined {
  let path: string;
  try {
    path = decodeURI(c.req.path === '/' ? '/index.html' : demoPath(c.req.path));
  } catch {
    return undefined;
  }
  // A NUL in a path makes the file system throw rather than say "no such file".
  if (!isOneLine(path)) return undefined;
  const file = resolve(demoDir, `.${path}`);
  return file.startsWith(resolve(demoDir) + sep) && file.endsWith('.html') ? file : undefined;
}

/** Pages and what they load; anything else in `demo/` (its `config.json` above all) stays private. */
const servedFromDemo = /\.(html|css|js|svg|png|ico)$/;
