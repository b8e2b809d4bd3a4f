/**
 * The one way db/queries reads raw SQL: SQL text with `?` placeholders (db/dialect.ts `fragment`
 * renders them per database) and a compact column spec, checked and converted at the SQL boundary
 * by the shapes of db/rows.ts (no `as T` on raw rows): a renamed column or a driver returning a
 * count as a string (PostgreSQL's bigint) is handled or fails loudly, naming the query.
 *
 * SQL is written once in the subset both SQLite and PostgreSQL accept: snake_case aliases, no
 * group_concat, no boolean sums (`case when … then 1 else 0 end`), typed parameters in select lists.
 */
import type { Db } from '../client';
import { fragment } from '../dialect';
import { col, type Column, type Shape } from '../rows';

type Base = 'int' | 'num' | 'text' | 'bool';
export type ColType = Base | `${Base}?`;
export type Spec = Record<string, ColType>;
type TypeOf<T> = T extends `${infer B}?` ? TypeOf<B> | null : T extends 'int' | 'num' ? number : T extends 'text' ? string : T extends 'bool' ? boolean : never;
export type Row<S extends Spec> = { [K in keyof S]: TypeOf<S[K]> };
export type Param = string | number | null;
export type Cell = number | string | boolean | null;

const COLUMN: Record<ColType, Column<unknown>> = {
  int: col.number,
  num: col.number,
  text: col.text,
  bool: col.flag,
  'int?': col.numberOrNull,
  'num?': col.numberOrNull,
  'text?': col.textOrNull,
  'bool?': (v, name) => (v === null ? null : col.flag(v, name)),
};

function shapeOf(spec: Spec): Shape {
  return Object.fromEntries(Object.entries(spec).map(([k, t]) => [k, COLUMN[t]]));
}

async function run(db: Db, what: string, query: string, params: Param[], spec: Spec): Promise<Record<string, Cell>[]> {
  try {
    return (await db.all(fragment(query, params), shapeOf(spec))) as Record<string, Cell>[];
  } catch (e) {
    throw new Error(`query ${what}: ${(e as Error).message}`, { cause: e });
  }
}

/** All rows of a query, checked. `what` names the query in errors. */
export async function all<S extends Spec>(db: Db, what: string, query: string, params: Param[], spec: S): Promise<Row<S>[]> {
  return (await run(db, what, query, params, spec)) as Row<S>[];
}

/** The first row of a query, checked, or null. */
export async function one<S extends Spec>(db: Db, what: string, query: string, params: Param[], spec: S): Promise<Row<S> | null> {
  return ((await run(db, what, query, params, spec))[0] as Row<S> | undefined) ?? null;
}

/** All rows of a query whose columns are known only at run time (generated aggregates), checked. */
export async function allDynamic(db: Db, what: string, query: string, params: Param[], spec: Spec): Promise<Record<string, Cell>[]> {
  return run(db, what, query, params, spec);
}

/** `?, ?, ?` for a list of n parameters. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
