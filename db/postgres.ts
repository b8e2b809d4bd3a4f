/**
 * The PostgreSQL driver behind `Db` (node-postgres). Reads go through the pool; a write
 * transaction takes one connection, BEGIN, the writers' advisory lock (so two imports store in
 * turn, as on SQLite, and "already stored by the other writer" is seen, not collided with), runs
 * its generator, and COMMITs — or ROLLBACKs on any throw.
 *
 * Writes are pipelined: a statement the work does not wait for (`tx.send`: detail inserts,
 * savepoints, log rows) is written to the connection at once and the work goes on; the next
 * statement it waits for is answered after them, with the first error among them if one failed.
 * An import then waits for the server about 3 times per report instead of about 14.
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { makeTx, shownPgUrl, type Db, type Statement, type Work } from './driver';
import { Query, toPgText } from './query';
import { migratePostgres, PG_WRITE_LOCK } from './migrate';
import { parseRow } from './rows';

const dialect = new PgDialect();

function render(q: Statement): { text: string; values: unknown[] } {
  if (Query.is(q)) return { text: toPgText(q.text), values: q.params as unknown[] };
  const { sql: text, params } = dialect.sqlToQuery(q);
  return { text, values: params as unknown[] };
}

/** Names of the prepared write statements, by SQL text; bounded (texts with id lists vary). */
const prepared = new Map<string, string>();
const MAX_PREPARED = 500;

/**
 * A statement sent without waiting (inserts, savepoints): prepared under a name, once per
 * connection, when its text is one of the few the write path repeats (the server parses it once).
 * Lookups are not: in a 20,000-report import the generic plan a prepared statement switches to
 * made the counting rule's lookup 2.6 times slower (and forcing custom plans instead made the
 * report_values insert 3.5 times slower).
 */
function renderSent(q: Statement): pg.QueryConfig {
  const r = render(q);
  if (!Query.is(q)) return r;
  let name = prepared.get(r.text);
  if (name === undefined && prepared.size < MAX_PREPARED) prepared.set(r.text, (name = `w${prepared.size}`));
  return name === undefined ? r : { ...r, name };
}

export async function openPostgres(url: string): Promise<Db> {
  const where = `PostgreSQL ${shownPgUrl(url)}`;
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // Write transactions: pipelined connections (node-postgres sends each query at once, each with its own Sync).
  const writers = new pg.Pool({ connectionString: url, max: 2, pipeline: true } as pg.PoolConfig);
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  writers.on('error', () => {});
  let created: boolean;
  try {
    created = (await pool.query("select to_regclass('public.reports') is null as fresh")).rows[0].fresh === true;
    await migratePostgres(pool);
  } catch (e) {
    await pool.end().catch(() => {});
    await writers.end().catch(() => {});
    throw new Error(`${where}: ${(e as Error).message}`);
  }
  const tx = makeTx('postgres');
  return {
    dialect: 'postgres',
    where,
    readOnly: false,
    created,
    pgPool: pool,
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
      const client = await writers.connect();
      // Statements sent without waiting (tx.send), not yet answered.
      let sent: Promise<unknown>[] = [];
      const send = (query: string | pg.QueryConfig, values?: unknown[]) => {
        const p = client.query(query, values);
        p.catch(() => {}); // seen by the next wait
        sent.push(p);
      };
      /** Waits for the sent statements and then `last`: its result, or the first error among them. */
      const settle = async (last?: Promise<pg.QueryResult>) => {
        const all = await Promise.allSettled(last ? [...sent, last] : sent);
        sent = [];
        const failed = all.find((x) => x.status === 'rejected');
        if (failed) throw failed.reason;
        return last ? (all[all.length - 1] as PromiseFulfilledResult<pg.QueryResult>).value : undefined;
      };
      try {
        send('begin');
        send('select pg_advisory_xact_lock($1)', [PG_WRITE_LOCK]);
        const g = work(tx);
        let r = g.next();
        while (!r.done) {
          const step = r.value;
          if (step.noWait) {
            send(renderSent(step.query));
            r = g.next(undefined);
            continue;
          }
          let res: pg.QueryResult;
          try {
            res = (await settle(client.query(render(step.query))))!;
          } catch (e) {
            // Into the work, which may recover (rollback to a savepoint); uncaught, it ends the transaction.
            r = g.throw(e);
            continue;
          }
          r = g.next(step.mode === 'run' ? (res.rowCount ?? 0) : res.rows);
        }
        // A failed statement makes COMMIT answer ROLLBACK without an error: the sends are checked first.
        await settle();
        await client.query('commit');
        return r.value;
      } catch (e) {
        await Promise.allSettled(sent);
        await client.query('rollback').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await Promise.all([pool.end(), writers.end()]);
    },
  };
}
