/**
 * A fresh, uniquely named PostgreSQL schema per run, dropped afterwards; or the reason the
 * PostgreSQL suites cannot run here (then they are skipped with that reason printed).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.KAIROS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `undefined` when PostgreSQL answers; otherwise why it does not. */
export async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await withClient((client) => client.query('select 1'));
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${POSTGRES_URL} is unreachable: ${(error as Error).message}`;
  }
}

/** Creates the schema up front, so processes starting together do not race to create it. */
export async function createPostgresSchema(prefix: string): Promise<PostgresSchema> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient((client) => client.query(`create schema "${schema}"`));
  return {
    url: POSTGRES_URL,
    schema,
    drop: () => withClient((client) => client.query(`drop schema if exists "${schema}" cascade`)).then(() => undefined),
  };
}
