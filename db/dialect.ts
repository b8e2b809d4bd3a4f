/**
 * The few SQL pieces that differ between SQLite and PostgreSQL, and a bridge from SQL text with
 * `?` placeholders to drizzle's `sql` (which renders `?` or `$n` per database).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Dialect } from './driver';

/** SQL text with `?` placeholders and its parameters, as a drizzle `sql` object. */
export function fragment(text: string, params: readonly unknown[] = []): SQL {
  const parts = text.split('?');
  if (parts.length - 1 !== params.length) throw new Error(`fragment: ${parts.length - 1} placeholders, ${params.length} parameters`);
  return sql.join(parts.map((p, i) => (i < params.length ? sql`${sql.raw(p)}${params[i]}` : sql.raw(p))));
}

/**
 * A one-column table `(id)` of the given integer ids, passed as ONE parameter (no limit on how
 * many): SQLite json_each over a JSON array, PostgreSQL unnest of an int array.
 */
export function idTable(dialect: Dialect, ids: readonly number[]): SQL {
  return dialect === 'postgres'
    ? sql`(select unnest(cast(${JSON.stringify(ids).replace('[', '{').replace(/]$/, '}')} as integer[])) as id)`
    : sql`(select value as id from json_each(${JSON.stringify(ids)}))`;
}
