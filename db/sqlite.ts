/**
 * The SQLite driver behind `Db` (better-sqlite3). Statements are rendered from drizzle `sql`
 * objects and prepared once per SQL text. A write transaction runs its generator synchronously
 * inside BEGIN IMMEDIATE … COMMIT: nothing else can interleave, a throw rolls everything back,
 * and a second writer (another import) waits on the busy timeout instead of failing.
 */
import Database from 'better-sqlite3';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeTx, shownPath, writable, type Db, type Statement, type Step, type Work } from './driver';
import { Query } from './query';
import { migrateSqlite, pendingSqliteMigrations } from './migrate';
import { parseRow } from './rows';

const dialect = new SQLiteSyncDialect();

/** How long a writer waits for another process's write transaction before giving up. */
export const BUSY_TIMEOUT_MS = 60_000;

export function openSqlite(path: string): Db {
  const memory = path === ':memory:';
  const exists = !memory && existsSync(path) && statSync(path).size > 0;
  const where = `SQLite ${memory ? ':memory:' : shownPath(path)}`;
  // Read-only when this process may not write the file or the folder (journal and WAL files live there).
  const readOnly = !memory && exists && (!writable(path) || !writable(dirname(path)));
  let client: Database.Database;
  if (readOnly) {
    client = new Database(path, { readonly: true, fileMustExist: true });
    try {
      // A WAL database needs its -shm file, which a read-only folder cannot hold.
      client.pragma('schema_version');
    } catch (e) {
      client.close();
      const code = (e as { code?: string }).code ?? '';
      if (/READONLY|CANTOPEN/.test(code)) {
        throw new Error(
          `${where}: the database is read-only and in WAL mode, which SQLite can only read with write access to its folder; ` +
            `make ${shownPath(dirname(path)) || 'the folder'} writable, or convert it once with "pragma journal_mode = delete" to serve it read-only`,
        );
      }
      throw e;
    }
    const pending = pendingSqliteMigrations(client);
    if (pending > 0) {
      client.close();
      throw new Error(`${where}: the database is read-only and needs ${pending} schema migration(s); open it once with write access to upgrade it`);
    }
  } else {
    client = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    // 8 KB pages for a new database (SQLite's default is 4 KB): a stored report writes ~20 KB
    // across a dozen B-trees, and fewer, larger pages cut the import's time per report by ~6 %.
    // An existing database keeps its page size (changing it needs a VACUUM).
    if (!exists) client.pragma('page_size = 8192');
    client.pragma('journal_mode = WAL');
    client.pragma('synchronous = NORMAL');
    client.pragma('foreign_keys = ON');
    migrateSqlite(client);
  }

  const statements = new Map<string, Database.Statement>();
  const prepare = (q: Statement) => {
    const { sql: text, params } = Query.is(q) ? { sql: q.text, params: q.params } : dialect.sqlToQuery(q);
    let st = statements.get(text);
    if (!st) {
      // Dynamic IN lists make many distinct texts: keep the cache bounded.
      if (statements.size > 2000) statements.clear();
      statements.set(text, (st = client.prepare(text)));
    }
    return { st, params: params as unknown[] };
  };
  const exec = (step: Step): unknown => {
    const { st, params } = prepare(step.query);
    if (step.mode === 'run' || !st.reader) return step.mode === 'run' ? st.run(...params).changes : (st.run(...params), []);
    return st.all(...params);
  };
  const tx = makeTx('sqlite');

  const db: Db = {
    dialect: 'sqlite',
    where,
    readOnly,
    created: !exists,
    sqlite: client,
    async all(q, shape) {
      const { st, params } = prepare(q);
      return (st.all(...params) as Record<string, unknown>[]).map((r) => parseRow(r, shape));
    },
    async one(q, shape) {
      const { st, params } = prepare(q);
      const r = st.get(...params) as Record<string, unknown> | undefined;
      return r ? parseRow(r, shape) : undefined;
    },
    async run(q) {
      if (readOnly) throw new Error(`${where} is read-only: nothing can be written`);
      const { st, params } = prepare(q);
      return st.run(...params).changes;
    },
    async write<T>(work: Work<T>): Promise<T> {
      if (readOnly) throw new Error(`${where} is read-only: nothing can be written`);
      return client
        .transaction(() => {
          const g = work(tx);
          let r = g.next();
          while (!r.done) {
            let out: unknown;
            try {
              out = exec(r.value);
            } catch (e) {
              // Into the work, which may recover (rollback to a savepoint); uncaught, it ends the transaction.
              r = g.throw(e);
              continue;
            }
            r = g.next(out);
          }
          return r.value;
        })
        .immediate();
    },
    async close() {
      if (client.open) client.close();
    },
  };
  return db;
}
