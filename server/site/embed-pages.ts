/**
 * Small HTML pages that embed the widget on the server's own origin: the manage page linked
 * from confirmation emails (`/manage/{id}?token=…`) and a plain booking page per page slug
 * (`/book/{page}`, where personal links point). Every attribute value is HTML-escaped.
 */
import { Hono } from 'hono';
import { translator } from '../notify/catalogue.js';
import { escapeHtml } from '../notify/email.js';
import { inlineSources, tokenPageHeaders } from './page-headers.js';
import { readerLocale } from './reader-locale.js';

function embed(locale: string, title: string, element: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>body{margin:0;padding:2rem 1rem;font-family:system-ui,sans-serif;background:#f8fafc}main{max-width:48rem;margin:0 auto}</style>
</head>
<body>
<main>
<script type="module" src="/kairos.js"></script>
${element}
</main>
</body>
</html>
`;
}

export function embedPages() {
  const app = new Hono();
  // Both carry a token in their URL: the manage token, or a personal link's token.
  const headers = tokenPageHeaders(inlineSources(embed('', '', '')));
  app.use('/manage/*', headers);
  app.use('/book/*', headers);
  app.get('/manage/:id', (c) => {
    const id = escapeHtml(c.req.param('id'));
    const token = escapeHtml(c.req.query('token') ?? '');
    const locale = readerLocale(c);
    return c.html(embed(locale, translator(locale)('embedPage.manage'), `<kairos-booking booking-id="${id}" token="${token}"></kairos-booking>`));
  });
  app.get('/book/:page', (c) => {
    const page = escapeHtml(c.req.param('page'));
    const event = c.req.query('event');
    const locale = readerLocale(c);
    return c.html(embed(locale, translator(locale)('embedPage.book'), `<kairos-booking page="${page}"${event ? ` event="${escapeHtml(event)}"` : ''}></kairos-booking>`));
  });
  return app;
}
