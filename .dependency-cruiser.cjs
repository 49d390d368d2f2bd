/**
 * The layer rules of Kairos, checked in `npm test` by test/build/layers.test.ts (or by hand:
 * `npx depcruise server shared widget bench`). Arrows point one way:
 * api → booking → {engine, store, notify, integrations}; the widget and `shared/` never reach
 * the server. Type-only imports are cruised too (`tsPreCompilationDeps`), so each rule says
 * whether they count: a type costs nothing at run time, but a layer that names another's types
 * still knows about it.
 */

/** Type-level imports: `import type`, `export type … from`, and `import('…').T` in a type. */
const typeLevel = ['type-only', 'type-import'];
/** Imports that exist at run time. */
const runtime = { dependencyTypesNot: typeLevel };
const zod = '(^|/)node_modules/(zod|@hono/zod-openapi)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment:
        'server/engine/ is plain functions over plain data: at run time it imports only itself and the ' +
        'zod-free weekdays of server/config/ — no store, no Node built-ins, no npm packages.',
      severity: 'error',
      from: { path: '^server/engine/' },
      to: { pathNot: ['^server/engine/', '^server/config/weekdays\\.ts$'], ...runtime },
    },
    {
      name: 'engine-types-from-config-only',
      comment: 'server/engine/ may name the config\'s types, and nothing else from outside itself.',
      severity: 'error',
      from: { path: '^server/engine/' },
      to: { pathNot: ['^server/engine/', '^server/config/'], dependencyTypes: typeLevel },
    },
    {
      name: 'store-below-notify-and-api',
      comment:
        'server/store/ reads and writes tables; telling anyone (notify), answering (api), deciding ' +
        '(booking) and calendars (integrations) are above it.',
      severity: 'error',
      from: { path: '^server/store/' },
      to: { path: '^server/(notify|api|booking|team|integrations)/' },
    },
    {
      name: 'notify-below-booking',
      comment: 'server/notify/ delivers the outbox; use cases and routes call it, never the reverse.',
      severity: 'error',
      from: { path: '^server/notify/' },
      to: { path: '^server/(api|booking|team|integrations)/' },
    },
    {
      name: 'notify-reads-only-its-outbox',
      comment:
        'server/notify/ runs no booking SQL: from server/store/ it takes types, and the connection ' +
        '(connect.ts, database.ts) to read and write its own outbox rows.',
      severity: 'error',
      from: { path: '^server/notify/' },
      to: { path: '^server/store/', pathNot: '^server/store/(connect|database)\\.ts$', ...runtime },
    },
    {
      name: 'integrations-stand-alone',
      comment: 'server/integrations/ talks to the outside world and knows nothing of the store, notify, api or use cases.',
      severity: 'error',
      from: { path: '^server/integrations/' },
      to: { path: '^server/(store|notify|api|booking|team)/' },
    },
    {
      name: 'booking-below-api',
      comment: 'The use cases (server/booking/, and server/team/ for the people who run the team) know nothing of HTTP.',
      severity: 'error',
      from: { path: '^server/(booking|team)/' },
      to: { path: '^server/api/' },
    },
    {
      name: 'browser-not-server',
      comment: 'The widget and the console run in browsers: nothing of server/ may end up in their bundles.',
      severity: 'error',
      from: { path: '^(widget|console)/' },
      to: { path: '^server/' },
    },
    {
      name: 'widget-not-console',
      comment: 'Nothing of the team console reaches the widget bundle every visitor downloads.',
      severity: 'error',
      from: { path: '^widget/' },
      to: { path: '^console/' },
    },
    {
      name: 'console-takes-only-tokens-from-widget',
      comment: 'The console shares the widget\'s design tokens, and nothing else of it.',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: '^widget/', pathNot: '^widget/design-tokens\\.ts$' },
    },
    {
      name: 'browser-schemas-type-only',
      comment:
        'The widget takes the API\'s types from shared/*-schemas.ts, never the zod schemas themselves: ' +
        'every kilobyte of the bundle is paid by every visitor.',
      severity: 'error',
      from: { path: '^(widget|console)/' },
      to: { path: '^shared/.*-schemas\\.ts$', ...runtime },
    },
    {
      name: 'browser-no-zod',
      comment: 'No zod in the widget or console bundles.',
      severity: 'error',
      from: { path: '^(widget|console)/' },
      to: { path: zod, ...runtime },
    },
    {
      name: 'shared-zod-only-in-schemas',
      comment:
        'In shared/, zod lives only in *-schemas.ts, so every other shared module is zod-free and the ' +
        'widget may import it.',
      severity: 'error',
      from: { path: '^shared/', pathNot: '-schemas\\.ts$' },
      to: { path: [zod, '^shared/.*-schemas\\.ts$'], ...runtime },
    },
    {
      name: 'shared-not-server-or-widget',
      comment: 'shared/ is what both sides import; it imports neither.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|widget|console)/' },
    },
    {
      name: 'bench-not-test',
      comment: 'Benchmarks stand on their own: test/ is free to change under them.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'harness-serves-both',
      comment: 'harness/ drives a real Kairos for the tests and the bench alike: it imports neither.',
      severity: 'error',
      from: { path: '^harness/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'resolvable',
      comment: 'An import the cruiser cannot follow to a file is one no rule above can judge.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      comment: 'A cycle of modules is one concept split over several files, or layers pointing both ways.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^widget/generated/', '^console/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Node's own resolution of packages' `exports` (`hono/http-exception`, `zod/v4`…), so every
    // import lands on a real file and the rules above see it.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
};
