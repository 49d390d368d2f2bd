/**
 * The team console's page: `/admin` and every path under it (but the sign-in page, which is the
 * server's own). One small HTML document that loads the console bundle (`/console/console.js`,
 * built into `dist/console/`); the console reads the session itself and shows the sign-in form
 * to anyone not signed in, so the page is the same for everyone and holds nothing private.
 */
import { Hono } from 'hono';
import { inlineSources, tokenPageHeaders } from './page-headers.js';

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Kairos</title>
<script type="module" src="/console/console.js"></script>
<style>body{margin:0}</style>
</head>
<body>
<kairos-console></kairos-console>
</body>
</html>
`;

export function consolePage() {
  const app = new Hono();
  // As a token page's: nothing cached, so Back after signing out shows no signed-in screen.
  const headers = tokenPageHeaders(inlineSources(page));
  app.get('/admin', headers, (c) => c.html(page));
  app.get('/admin/*', headers, (c) => c.html(page));
  return app;
}
