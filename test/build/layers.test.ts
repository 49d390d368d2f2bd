/**
 * The layer rules (`.dependency-cruiser.cjs`), checked by dependency-cruiser: first that the
 * source tree keeps them, then — on a small tree written for the purpose — that each rule
 * catches exactly the imports it forbids and lets through the ones it allows (type-only
 * imports, the engine's weekdays, the notify outbox's connection…), so a rule that quietly
 * stopped matching would fail here instead of letting the tree drift.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the repo's rules over `folders` of `baseDir`; one readable line per violation. */
async function violations(baseDir: string, folders: string[]): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(root, 'tsconfig.json'));
  const { output } = await cruise(folders, { ...options, baseDir }, undefined, { tsConfig });
  return (output as ICruiseResult).summary.violations.map(describeViolation).sort();
}

function describeViolation(v: IViolation): string {
  const cycle = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((step) => step.name)].join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${cycle}`;
}

describe('layer rules', () => {
  it('hold on the source tree', async () => {
    expect(await violations(root, ['server', 'shared', 'widget', 'console', 'bench', 'harness'])).toEqual([]);
  }, 60_000);

  describe('on a tree that breaks each of them once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kairos-layers-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    };

    write('node_modules/zod/package.json', '{"name": "zod", "main": "index.js"}');
    write('node_modules/zod/index.js', 'export const z = {};');
    write('server/config/schema.ts', "import { z } from 'zod';\nexport const schema = z;\nexport type Config = { id: string };");
    write('server/config/weekdays.ts', "export const weekdays = ['mon'];");
    write(
      'server/engine/allowed.ts',
      [
        "import type { Config } from '../config/schema.js';",
        "import { weekdays } from '../config/weekdays.js';",
        "import { other } from './other.js';",
        'export const allowed = (c: Config) => [c, weekdays, other];',
        "export type Refusal = import('../config/schema.js').Config;",
      ].join('\n'),
    );
    write('server/engine/other.ts', 'export const other = 1;');
    write('server/engine/built-in.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;");
    write('server/engine/package.ts', "import { z } from 'zod';\nexport const zz = z;");
    write('server/engine/config-at-runtime.ts', "import { schema } from '../config/schema.js';\nexport const s = schema;");
    write('server/engine/store-type.ts', "import type { Db } from '../store/database.js';\nexport type D = Db;");
    write('server/store/database.ts', 'export type Db = { name: string };');
    write('server/store/connect.ts', 'export const open = () => 1;\nexport type Store = { db: number };');
    write(
      'server/store/repository.ts',
      [
        "import { send } from '../notify/mailer.js';",
        "import type { Feed } from '../integrations/feed.js';",
        'export const read = (f: Feed) => [f, send];',
        'export type Row = { id: string };',
      ].join('\n'),
    );
    write(
      'server/notify/outbox.ts',
      [
        "import { open, type Store } from '../store/connect.js';",
        "import type { Db } from '../store/database.js';",
        "import type { Row } from '../store/repository.js';",
        'export const enqueue = (s: Store, d: Db, r: Row) => [s, d, r, open];',
      ].join('\n'),
    );
    write('server/notify/mailer.ts', 'export const send = () => 1;');
    write('server/notify/view.ts', "import { read } from '../store/repository.js';\nimport { take } from '../booking/take.js';\nexport const v = [read, take];");
    write('server/integrations/feed.ts', "import type { Db } from '../store/database.js';\nexport type Feed = { db: Db };");
    write('server/booking/take.ts', "import { answer } from '../api/answer.js';\nexport const take = answer;");
    write('server/api/answer.ts', 'export const answer = 1;');
    write('server/api/typo.ts', "import { answer } from './answers.js';\nexport const a = answer;");
    write('shared/api-schemas.ts', "import { z } from 'zod';\nexport const bookingSchema = z;\nexport type Booking = { id: string };");
    write('shared/locales.ts', "export const locales = ['en-US'];");
    write('shared/field-rules.ts', "import { z } from 'zod';\nimport { bookingSchema } from './api-schemas.js';\nexport const rules = [z, bookingSchema];");
    write('shared/back.ts', "import { one } from '../widget/one.js';\nexport const back = one;");
    write(
      'widget/allowed.ts',
      [
        "import type { Booking } from '../shared/api-schemas.js';",
        "import { locales } from '../shared/locales.js';",
        'export const ok = (b: Booking) => [b, locales];',
      ].join('\n'),
    );
    write('widget/inline-type.ts', "import { type Booking } from '../shared/api-schemas.js';\nexport type B = Booking;");
    write('widget/schemas.ts', "import { bookingSchema } from '../shared/api-schemas.js';\nexport const s = bookingSchema;");
    write('widget/zod.ts', "import { z } from 'zod';\nexport const zz = z;");
    write('widget/server-type.ts', "import type { Feed } from '../server/integrations/feed.js';\nexport type F = Feed;");
    write('widget/one.ts', "import { two } from './two.js';\nexport const one = () => two;");
    write('widget/two.ts', "import { one } from './one.js';\nexport const two = () => one;");
    write('widget/generated/codes.ts', "import { answer } from '../../server/api/answer.js';\nexport const codes = answer;");
    write('widget/design-tokens.ts', 'export const tokens = 1;');
    write('widget/to-console.ts', "import { screen } from '../console/screen.js';\nexport const s = screen;");
    write('console/screen.ts', "import { tokens } from '../widget/design-tokens.js';\nimport { ok } from '../widget/allowed.js';\nexport const screen = [tokens, ok];");
    write('console/schemas.ts', "import { bookingSchema } from '../shared/api-schemas.js';\nimport type { Feed } from '../server/integrations/feed.js';\nexport const s = bookingSchema;\nexport type F = Feed;");
    write('bench/run.ts', "import { team } from '../test/team.js';\nexport const run = team;");
    write('test/team.ts', 'export const team = 1;');
    write('dist/kairos.js', "import { answer } from '../server/api/answer.js';\nexport default answer;");

    it('reports every forbidden import and nothing else', async () => {
      expect(await violations(dir, ['server', 'shared', 'widget', 'console', 'bench', 'dist'])).toEqual(
        [
          'engine-is-pure: server/engine/built-in.ts → fs',
          'engine-is-pure: server/engine/package.ts → node_modules/zod/index.js',
          'engine-is-pure: server/engine/config-at-runtime.ts → server/config/schema.ts',
          'engine-types-from-config-only: server/engine/store-type.ts → server/store/database.ts',
          'store-below-notify-and-api: server/store/repository.ts → server/notify/mailer.ts',
          'store-below-notify-and-api: server/store/repository.ts → server/integrations/feed.ts',
          'notify-reads-only-its-outbox: server/notify/view.ts → server/store/repository.ts',
          'notify-below-booking: server/notify/view.ts → server/booking/take.ts',
          'integrations-stand-alone: server/integrations/feed.ts → server/store/database.ts',
          'booking-below-api: server/booking/take.ts → server/api/answer.ts',
          'shared-zod-only-in-schemas: shared/field-rules.ts → node_modules/zod/index.js',
          'shared-zod-only-in-schemas: shared/field-rules.ts → shared/api-schemas.ts',
          'shared-not-server-or-widget: shared/back.ts → widget/one.ts',
          'browser-schemas-type-only: widget/schemas.ts → shared/api-schemas.ts',
          'browser-no-zod: widget/zod.ts → node_modules/zod/index.js',
          'browser-not-server: widget/server-type.ts → server/integrations/feed.ts',
          'no-circular: widget/one.ts → widget/two.ts (cycle: widget/one.ts → widget/two.ts → widget/one.ts)',
          'widget-not-console: widget/to-console.ts → console/screen.ts',
          'console-takes-only-tokens-from-widget: console/screen.ts → widget/allowed.ts',
          'browser-schemas-type-only: console/schemas.ts → shared/api-schemas.ts',
          'browser-not-server: console/schemas.ts → server/integrations/feed.ts',
          'bench-not-test: bench/run.ts → test/team.ts',
          'resolvable: server/api/typo.ts → ./answers.js',
        ].sort(),
      );
    }, 60_000);
  });
});
