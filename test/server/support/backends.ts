/**
 * The databases the server suites run on: SQLite always, PostgreSQL at 127.0.0.1:5432 when it
 * answers (a fresh schema per store, dropped afterwards). When it does not, the PostgreSQL
 * suites are left out with the reason printed — never silently.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../../server/store/connect.js';

export const PG_URL = process.env.KAIROS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty store; `file` asks SQLite for a file database instead of memory. */
  open(options?: { file?: boolean; poolSize?: number }): Promise<Store>;
}

async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const cleanups: (() => Promise<void>)[] = [];

/** Closes every store opened here and removes its schema or directory. */
export async function disposeStores(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}

const sqlite: Backend = {
  name: 'sqlite',
  async open(options = {}) {
    if (!options.file) {
      const store = await openStore('sqlite::memory:');
      cleanups.push(() => store.close());
      return store;
    }
    const dir = mkdtempSync(join(tmpdir(), 'kairos-test-'));
    const store = await openStore(`sqlite:${join(dir, 'kairos.db')}`);
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return store;
  },
};

const postgres: Backend = {
  name: 'postgres',
  async open(options = {}) {
    const schema = `kairos_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const store = await openStore(PG_URL, { schema, poolSize: options.poolSize ?? 10 });
    cleanups.push(async () => {
      await store.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    });
    return store;
  },
};

const unreachable = await postgresUnreachable();
if (unreachable) console.warn(`PostgreSQL suites skipped: ${PG_URL} is unreachable (${unreachable})`);

export const backends: Backend[] = unreachable ? [sqlite] : [sqlite, postgres];
