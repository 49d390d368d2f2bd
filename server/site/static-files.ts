/**
 * The widget bundle (`/kairos.js`, `/kairos.iife.js` and its lazily loaded locale chunks, from
 * `dist/`) and the demo pages (`demo/*.html`, `/` being `demo/index.html`, with their styles,
 * scripts and images).
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { relative } from 'node:path';

export function staticFiles(opts: { distDir: string; demoDir: string }) {
  const app = new Hono();
  // serveStatic resolves `root` against the working directory.
  const dist = relative(process.cwd(), opts.distDir) || '.';
  const demo = relative(process.cwd(), opts.demoDir) || '.';
  app.use(
    '/*',
    serveStatic({
      root: dist,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=300');
        // Other sites load the bundle as a module script and its locale chunks by `import()`:
        // both are CORS requests, which fail without this header.
        c.header('Access-Control-Allow-Origin', '*');
      },
    }),
  );
  app.get('/', serveStatic({ root: demo, path: 'index.html' }));
  const demoFile = serveStatic({ root: demo, rewriteRequestPath: demoPath });
  app.get('/*', (c, next) => (servedFromDemo.test(demoPath(c.req.path)) ? demoFile(c, next) : next()));
  return app;
}

/** `/popup` is `popup.html`. */
function demoPath(path: string): string {
  return /\.[a-z0-9]+$/i.test(path) ? path : `${path}.html`;
}

/** Pages and what they load; anything else in `demo/` (its `config.json` above all) stays private. */
const servedFromDemo = /\.(html|css|js|svg|png|ico)$/;
