/**
 * The PostgreSQL driver behind `Db` (node-postgres). Reads go through the pool; a write
 * transaction takes one connection, BEGIN, the writers' advisory lock (so two imports store in
 * turn, as on SQLite, and "already stored by the other writer" is seen, not collided with), runs
 * its generator with an await per statement, and COMMITs — or ROLLBACKs on any throw.
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { makeTx, shownPgUrl, type Db, type Work } from './client';
import { migratePostgres, PG_WRITE_LOCK } from './migrate';
import { parseRow } from './rows';

const dialect = new PgDialect();

function render(q: SQL): { text: string; values: unknown[] } {
  const { sql: text, params } = dialect.sqlToQuery(q);
  return { text, values: params as unknown[] };
}

export async function openPostgres(url: string): Promise<Db> {
  const where = `PostgreSQL ${shownPgUrl(url)}`;
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  let created: boolean;
  try {
    created = (await pool.query("select to_regclass('public.reports') is null as fresh")).rows[0].fresh === true;
    await migratePostgres(pool);
  } catch (e) {
    await pool.end().catch(() => {});
    throw new Error(`${where}: ${(e as Error).message}`);
  }
  const tx = makeTx('postgres');
  return {
    dialect: 'postgres',
    where,
    readOnly: false,
    created,
    async all(q, shape) {
      const r = await pool.query(render(q));
      return r.rows.map((row: Record<string, unknown>) => parseRow(row, shape));
    },
    async one(q, shape) {
      const r = await pool.query(render(q));
      return r.rows.length ? parseRow(r.rows[0] as Record<string, unknown>, shape) : undefined;
    },
    async run(q) {
      return (await pool.query(render(q))).rowCount ?? 0;
    },
    async write<T>(work: Work<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('select pg_advisory_xact_lock($1)', [PG_WRITE_LOCK]);
        const g = work(tx);
        let r = g.next();
        while (!r.done) {
          const res = await client.query(render(r.value.query));
          r = g.next(r.value.mode === 'run' ? (res.rowCount ?? 0) : res.rows);
        }
        await client.query('commit');
        return r.value;
      } catch (e) {
        await client.query('rollback').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
