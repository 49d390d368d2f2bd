/** The SQLite statement cache: each query text is compiled once, and the cache stays bounded. */
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from '../../../server/store/statement-cache.js';

function countingDatabase() {
  const database = new SQLite(':memory:');
  const prepared: string[] = [];
  const counting = {
    close: () => database.close(),
    prepare(sql: string) {
      prepared.push(sql);
      return database.prepare(sql);
    },
  };
  return { counting, prepared };
}

describe('statement cache', () => {
  it('compiles a query text once however often it runs', () => {
    const { counting, prepared } = countingDatabase();
    const db = cachingStatements(counting);
    for (let i = 0; i < 3; i++) expect(db.prepare('select ? as n').all([i])).toEqual([{ n: i }]);
    expect(prepared).toEqual(['select ? as n']);
  });

  it('keeps at most its capacity, dropping the least recently used text', () => {
    const { counting, prepared } = countingDatabase();
    const db = cachingStatements(counting, 2);
    db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 1');
    db.prepare('select 3');
    db.prepare('select 1');
    db.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
  });

  it('keeps a statement working after the schema it reads changes', () => {
    const { counting } = countingDatabase();
    const db = cachingStatements(counting);
    db.prepare('create table t (a integer)').run([]);
    db.prepare('insert into t values (1)').run([]);
    expect(db.prepare('select * from t').all([])).toEqual([{ a: 1 }]);
    db.prepare('alter table t add column b integer').run([]);
    expect(db.prepare('select * from t').all([])).toEqual([{ a: 1, b: null }]);
  });
});
