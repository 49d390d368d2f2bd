/**
 * The Kairos process (`npm start`): opens the store, imports the config, settles the admin key,
 * serves the app, runs the outbox worker and the retention job; shuts down gracefully on
 * SIGINT/SIGTERM.
 * `startServer` is the same thing for tests and benchmarks (port 0, no signal handlers).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { settleAdminKey } from './api/admin-key.js';
import { configSchema } from './config/schema.js';
import { meetingHandler } from './booking/set-up-meeting.js';
import { calendarHandler, ownBookingEvent } from './booking/write-calendars.js';
import { crmHandler } from './booking/log-to-crm.js';
import { crmProviders } from './integrations/crm/providers.js';
import { textHandler } from './booking/send-text.js';
import { messageChannel } from './integrations/sms/channels.js';
import { CalendarBusy } from './integrations/calendar-busy.js';
import { conferencingProviders } from './integrations/conferencing/providers.js';
import { providerCalendars } from './integrations/calendar-write/provider-calendars.js';
import { providerBusyReaders } from './integrations/provider-busy.js';
import { startOutboxWorker } from './notify/index.js';
import { createApp, DEFAULT_RATE_LIMIT } from './app.js';
import { answerClientErrors } from './process/client-error.js';
import { gracefulClose } from './process/graceful-close.js';
import { kairosLogger } from './process/logger.js';
import { startRetentionJob } from './process/retention-job.js';
import { projectRoot } from './project-root.js';
import { configSnapshot, importConfig, isConfigEmpty, webhookDirectory } from './store/config-repository.js';
import { openStore, type Store } from './store/connect.js';
import { serverSecret } from './store/settings.js';
import { firstAdminLink } from './team/first-admin-link.js';

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number;
  hostname?: string;
  databaseUrl?: string;
  /** PostgreSQL schema to work in (tests use a fresh one per run). */
  schema?: string;
  /** Defaults to `http://localhost:<port>`. */
  publicUrl?: string;
  smtpUrl?: string;
  mailFrom?: string;
  outboxDir?: string;
  adminKey?: string;
  /** A config file imported at start; without it `demo/config.json` is imported into an empty database. */
  configFile?: string;
  rateLimit?: number;
  /** Reverse proxies in front whose `X-Forwarded-For` entries name the client (default 0). */
  trustedProxies?: number;
  /** Run the outbox worker (default true). */
  worker?: boolean;
  /** Build the widget when `dist/` has none (default false; `npm start` turns it on). */
  buildWidget?: boolean;
  log?: Logger;
  /** The clock; the real one unless a test pins it. */
  now?: () => number;
  /**
   * The conferencing providers' and CRMs' settings (`KAIROS_ZOOM_*`, `KAIROS_HUBSPOT_*`, …, README
   * "Video meetings" and "CRM"): `npm start` passes the environment; without them only Jitsi is
   * set up, and no CRM. Google's and Microsoft's also serve calendar write-back and busy time.
   * `timeoutMs` per provider call.
   */
  conferencing?: { env: Record<string, string | undefined>; timeoutMs?: number };
  /** The SMS gateway's settings (`KAIROS_TWILIO_*`, README "SMS"): `npm start` passes the environment; without them texts are not sent. */
  sms?: { env: Record<string, string | undefined>; timeoutMs?: number };
}

export interface RunningServer {
  url: string;
  /** Where people reach it: `KAIROS_PUBLIC_URL`, else `http://localhost:<port>`. */
  publicUrl: string;
  port: number;
  store: Store;
  /** Set only when this start generated the admin key. */
  generatedAdminKey?: string;
  /** Set while the team has no admin: a one-time link that makes one (`team/first-admin-link.ts`). */
  firstAdminLink?: string;
  close(): Promise<void>;
}

const root = fileURLToPath(projectRoot);
const demoConfig = fileURLToPath(new URL('demo/config.json', projectRoot));

/** The bundles `npm run build` makes: the widget's, and the team console's. */
const bundles = ['dist/kairos.js', 'dist/kairos.iife.js', 'dist/console/console.js'];

function buildWidgetIfMissing(log: Logger) {
  const missing = bundles.filter((bundle) => !existsSync(`${root}${bundle}`));
  if (!missing.length) return;
  log.info(`${missing.join(', ')} missing: building the widget and the console once (npm run build)`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) log.error('the build failed; the widget or the console will be missing');
}

async function loadConfigFile(store: Store, file: string, now: number) {
  const parsed = configSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid config: ${parsed.error.message}`);
  await importConfig(store.db, parsed.data, now);
}

/**
 * Says where the key sealing the config's secrets comes from — loudly when it is a key file this
 * start made — and which stored secrets it cannot open (README "Secrets").
 */
async function reportSecretKeys(store: Store, log: Logger): Promise<void> {
  const source = store.secretKeySource;
  if (source.kind === 'file') {
    const where = { keyFile: source.file };
    if (source.generated) {
      log.warn(where, `KAIROS_SECRET_KEYS is not set: made the key that seals the stored secrets (calendar passwords, webhook secrets, the server secret) in ${source.file}. Back it up, apart from the database's backups (their secrets do not open without it) and set KAIROS_SECRET_KEYS in production (README "Secrets")`);
    } else {
      log.info(where, `the config's secrets are sealed with the key in ${source.file} (KAIROS_SECRET_KEYS is not set)`);
    }
    if (store.dialect === 'postgres') log.warn(where, 'on PostgreSQL every process must seal with the same key: set KAIROS_SECRET_KEYS on each of them');
  }
  for (const problem of (await configSnapshot(store.db)).unreadableSecrets) log.error({ problem }, 'a stored secret does not open with this server\'s keys; set it again, or start with the key that sealed it');
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? kairosLogger();
  const now = options.now ?? Date.now;
  if (options.buildWidget) buildWidgetIfMissing(log);
  const store = await openStore(options.databaseUrl ?? 'sqlite:./data/kairos.db', options.schema ? { schema: options.schema } : {});
  await reportSecretKeys(store, log);
  if (options.configFile) await loadConfigFile(store, options.configFile, now());
  else if (await isConfigEmpty(store.db)) {
    await loadConfigFile(store, demoConfig, now());
    log.info('empty database: imported demo/config.json');
  }
  const adminKey = await settleAdminKey(store.db, options.adminKey);
  const { secret, replaced } = await serverSecret(store.db);
  if (replaced) log.error({ problem: replaced }, 'made a new server secret: personal links made before no longer open. If another process runs with other keys, give every process the same KAIROS_SECRET_KEYS');

  // The app needs the public URL, which needs the port: listen first, then build the app.
  let app: ReturnType<typeof createApp> | undefined;
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: (request, env) => (app ? app.fetch(request, env) : new Response('starting', { status: 503 })),
        port: options.port ?? 8787,
        hostname: options.hostname ?? '127.0.0.1',
      },
      () => resolve(s),
    );
  });
  const closeServer = gracefulClose(server as Server);
  // Live streams never end by themselves: shutting down ends them first, or closing would wait on them.
  const closing = new AbortController();
  answerClientErrors(server as Server);
  const port = (server.address() as AddressInfo).port;
  const publicUrl = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  // One set for the outbox's calls and the admin API's reads, so they share their access tokens.
  const crm = crmProviders(options.conferencing?.env ?? {}, { now, ...(options.conferencing?.timeoutMs ? { timeoutMs: options.conferencing.timeoutMs } : {}) });
  app = createApp({
    store,
    publicUrl,
    secret,
    crm,
    adminKeyHash: adminKey.hash,
    // Google and Microsoft 365 busy time with the same credentials as their meetings and write-back.
    calendar: new CalendarBusy({ log, ownEvent: ownBookingEvent(publicUrl), providers: providerBusyReaders(options.conferencing?.env ?? {}, { now }) }),
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    now,
    log,
    closing: closing.signal,
  });
  const worker =
    options.worker === false
      ? undefined
      : startOutboxWorker({
          store,
          webhooks: webhookDirectory(store.db),
          ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
          outboxDir: options.outboxDir ?? './data/outbox',
          mailFrom: options.mailFrom ?? 'Kairos <bookings@localhost>',
          publicUrl,
          now,
          log,
          meetings: meetingHandler({
            store,
            publicUrl,
            providers: conferencingProviders(options.conferencing?.env ?? {}, { now, ...(options.conferencing?.timeoutMs ? { timeoutMs: options.conferencing.timeoutMs } : {}) }),
          }),
          calendars: calendarHandler({ store, publicUrl, providers: providerCalendars(options.conferencing?.env ?? {}, { now }) }),
          crm: crmHandler({ store, providers: crm }),
          texts: textHandler({ store, channel: messageChannel(options.sms?.env ?? {}, options.sms?.timeoutMs ? { timeoutMs: options.sms.timeoutMs } : {}) }),
        });
  // Whatever `worker` says: that option is the outbox's, and erasures fall due all the same.
  const retention = startRetentionJob({ store, now, log });
  log.info({ url: publicUrl, database: store.dialect }, 'kairos listening');
  const adminLink = await firstAdminLink({ store, publicUrl }, now());

  let shutdown: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    publicUrl,
    port,
    store,
    ...(adminKey.generated ? { generatedAdminKey: adminKey.generated } : {}),
    ...(adminLink ? { firstAdminLink: adminLink } : {}),
    close() {
      shutdown ??= (async () => {
        closing.abort();
        await closeServer();
        await worker?.stop();
        await retention.stop();
        await store.close();
      })();
      return shutdown;
    },
  };
}

/**
 * A whole-number setting such as `KAIROS_RATE_LIMIT`. Anything else stops the start: read as a
 * number, a typo would be NaN and quietly lift the limit.
 */
export function wholeNumberSetting(name: string, text: string, meaning: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new Error(`${name} must be a whole number of ${meaning}, not "${text}"`);
  return Number(text);
}

async function main() {
  const env = process.env;
  const log = kairosLogger({ level: env.LOG_LEVEL ?? 'info' });
  const running = await startServer({
    port: env.PORT ? Number(env.PORT) : 8787,
    hostname: env.HOST ?? '0.0.0.0',
    databaseUrl: env.KAIROS_DATABASE_URL ?? 'sqlite:./data/kairos.db',
    ...(env.KAIROS_PUBLIC_URL ? { publicUrl: env.KAIROS_PUBLIC_URL } : {}),
    ...(env.KAIROS_SMTP_URL ? { smtpUrl: env.KAIROS_SMTP_URL } : {}),
    ...(env.KAIROS_MAIL_FROM ? { mailFrom: env.KAIROS_MAIL_FROM } : {}),
    ...(env.KAIROS_ADMIN_KEY ? { adminKey: env.KAIROS_ADMIN_KEY } : {}),
    ...(env.KAIROS_CONFIG ? { configFile: env.KAIROS_CONFIG } : {}),
    ...(env.KAIROS_RATE_LIMIT
      ? { rateLimit: wholeNumberSetting('KAIROS_RATE_LIMIT', env.KAIROS_RATE_LIMIT, 'booking requests per minute (0 turns the limit off)') }
      : {}),
    ...(env.KAIROS_TRUSTED_PROXIES
      ? { trustedProxies: wholeNumberSetting('KAIROS_TRUSTED_PROXIES', env.KAIROS_TRUSTED_PROXIES, 'reverse proxies in front of the server') }
      : {}),
    buildWidget: true,
    conferencing: { env },
    sms: { env },
    log,
  });
  console.log(
    [
      '',
      `  Kairos is running at ${running.publicUrl}`,
      `    the demo pages:   ${running.publicUrl}/`,
      `    the team console: ${running.publicUrl}/admin`,
      `    the API docs:     ${running.publicUrl}/api/docs`,
      '',
    ].join('\n'),
  );
  if (running.generatedAdminKey) {
    console.log(`\n  Admin key (shown once, stored hashed): ${running.generatedAdminKey}\n`);
  }
  if (running.firstAdminLink) {
    console.log(`  No admin yet. Sign in as the first admin within 15 minutes (works once; npm run admin-link for another):\n  ${running.firstAdminLink}\n`);
  }
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
