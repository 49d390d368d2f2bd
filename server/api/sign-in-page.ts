/**
 * `/admin/sign-in?token=…`, where a sign-in link lands. GET only shows a button: mail scanners
 * fetch every link in an email, and a GET that used the token would spend it before its person
 * clicked. The button posts the token back here (a plain form, no script), which uses it,
 * sets the session cookie and sends the browser on to the console at `/admin`.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Refusal } from '../booking/refusal.js';
import { sourceLocale, translator, type Translate } from '../notify/catalogue.js';
import { escapeHtml } from '../notify/email.js';
import { inlineSources, tokenPageHeaders } from '../site/page-headers.js';
import { readerLocale } from '../site/reader-locale.js';
import { checkSignInLink } from '../team/check-sign-in-link.js';
import { signIn } from '../team/sign-in.js';
import { signInRequestSchema } from '../../shared/api-schemas.js';
import type { ApiDeps } from './api-deps.js';
import { startBrowserSession } from './auth-routes.js';

const style = 'body{margin:0;padding:3rem 1rem;font-family:system-ui,sans-serif;background:#f8fafc;color:#1b1f24}main{max-width:28rem;margin:0 auto;padding:2rem;background:#fff;border-radius:8px}label,input,button{display:block;width:100%;box-sizing:border-box;font:inherit}input{margin:.25rem 0 1rem;padding:.5rem}button{padding:.6rem;border:0;border-radius:6px;background:#2f5bea;color:#fff;cursor:pointer}';

function page(t: Translate, lang: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(t('signInPage.title'))}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const expired = (t: Translate) =>
  `<h1>${escapeHtml(t('signInPage.expired.heading'))}</h1><p>${escapeHtml(t('signInPage.expired.body'))}</p><p><a href="/admin">${escapeHtml(t('signInPage.expired.again'))}</a></p>`;

function form(t: Translate, token: string, newAdmin: boolean): string {
  const email = newAdmin
    ? `<p>${escapeHtml(t('signInPage.newAdmin'))}</p><label for="email">${escapeHtml(t('signInPage.email'))}</label><input id="email" name="email" type="email" required autocomplete="email">`
    : '';
  return `<h1>${escapeHtml(t('signInPage.title'))}</h1>
<form method="post" action="/admin/sign-in">
<input type="hidden" name="token" value="${escapeHtml(token)}">
${email}<button type="submit">${escapeHtml(t('signInPage.title'))}</button>
</form>`;
}

export function signInPage(deps: ApiDeps) {
  const app = new Hono();
  const origin = new URL(deps.publicUrl).origin;
  // The same style on every page, whatever its language: the policy allows it by its hash.
  app.use('*', tokenPageHeaders(inlineSources(page(translator(sourceLocale), sourceLocale, ''))));
  const reader = (c: Context) => {
    const locale = readerLocale(c);
    const t = translator(locale);
    return { locale, t, html: (body: string, status: 200 | 403 | 404 | 413 | 422 = 200) => c.html(page(t, locale, body), status) };
  };

  app.get('/', async (c) => {
    const { t, html } = reader(c);
    const token = c.req.query('token') ?? '';
    const kind = token ? await checkSignInLink(deps, { token, now: deps.now() }) : undefined;
    return kind ? html(form(t, token, kind === 'new-admin')) : html(expired(t), 404);
  });

  app.post(
    '/',
    bodyLimit({ maxSize: 4096, onError: (c) => reader(c).html(expired(reader(c).t), 413) }),
    async (c: Context) => {
      const { t, html } = reader(c);
      // A form on another site may not sign anyone in.
      if (!postedFromHere(c, origin)) return html(expired(t), 403);
      const form = await c.req.parseBody();
      const parsed = signInRequestSchema.safeParse({ token: form.token, ...(form.email ? { email: form.email } : {}) });
      if (!parsed.success) return html(`<h1>${escapeHtml(t('signInPage.badEmail.heading'))}</h1><p>${escapeHtml(t('signInPage.badEmail.body'))}</p>`, 422);
      try {
        startBrowserSession(c, deps.publicUrl, await signIn(deps, { ...parsed.data, now: deps.now() }));
      } catch (error) {
        if (error instanceof Refusal) return html(expired(t), 403);
        throw error;
      }
      return c.redirect('/admin', 303);
    },
  );
  return app;
}

/**
 * Whether the browser says the form came from this site. Browsers send `Sec-Fetch-Site`; the
 * `Origin` of a form posted from a page whose policy is `no-referrer` (this one) is `null`, so
 * `Origin` decides only where `Sec-Fetch-Site` is missing (older browsers, scripts).
 */
function postedFromHere(c: Context, origin: string): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const from = c.req.header('origin');
  return from === undefined || from === origin;
}
