// The widget's browser suites, in Debian's Chromium. TypeScript goes through esbuild; `/api/`
// requests go to a real Kairos server (in-memory SQLite, the fixture team), started on first use.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import pino from 'pino';
import { register } from 'tsx/esm/api';

register();

/**
 * The server's clock stands at midnight UTC of the day the suites run: the widget opens on today,
 * and every suite finds all of today's times free however late in the day it runs (earlier
 * suites book some of them).
 */
const midnight = Math.floor(Date.now() / 86_400_000) * 86_400_000;

let running;
const kairos = () =>
  (running ??= import('./server/main.ts').then(({ startServer }) =>
    startServer({
      port: 0,
      hostname: '127.0.0.1',
      databaseUrl: 'sqlite::memory:',
      configFile: 'test/widget/fixtures/team.json',
      rateLimit: 0,
      adminKey: 'widget-test-admin-key',
      worker: false,
      now: () => midnight,
      log: pino({ level: 'silent' }),
    }),
  ));

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Same-origin `/api/` for the page under test, answered by the real server. */
async function apiProxy(ctx, next) {
  if (!ctx.path.startsWith('/api/')) return next();
  const server = await kairos();
  const response = await fetch(server.url + ctx.url, {
    method: ctx.method,
    headers: { 'content-type': ctx.get('content-type') || 'application/json', authorization: ctx.get('authorization') },
    body: ctx.method === 'GET' || ctx.method === 'HEAD' ? undefined : await readBody(ctx.req),
  });
  ctx.status = response.status;
  ctx.set('content-type', response.headers.get('content-type') ?? 'application/json');
  ctx.body = Buffer.from(await response.arrayBuffer());
}

/**
 * The widget loads `locales/<locale>.js` and `zone-index.js` beside itself; in source form the
 * locales live in `generated/` and the zone index is TypeScript.
 */
function localeChunks(ctx, next) {
  ctx.url = ctx.url
    .replace(/^\/widget\/locales\/([\w-]+)\.js/, '/widget/generated/locales/$1.js')
    .replace(/^\/widget\/zone-index\.js/, '/widget/zone-index.ts');
  return next();
}

export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  middleware: [apiProxy, localeChunks],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }),
    {
      name: 'kairos-server',
      async serverStop() {
        if (running) await (await running).close();
      },
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  ],
};
