/**
 * LEGACY — the old second way of reading SQL (text with `?` placeholders and a compact column
 * spec), kept only for db/queries/audit.ts while another branch rewrites that file. Write new
 * reads as `db.all(sql`…`, { col: col.number, … })` (docs/data-layer.md); once audit.ts is
 * converted, delete this file.
 */
import type { Db } from '../driver';
import { fragment } from '../dialect';
import { col, type Column, type Shape } from '../rows';

type Base = 'int' | 'num' | 'text' | 'bool';
export type ColType = Base | `${Base}?`;
export type Spec = Record<string, ColType>;
type TypeOf<T> = T extends `${infer B}?`
  ? TypeOf<B> | null
  : T extends 'int' | 'num'
    ? number
    : T extends 'text'
      ? string
      : T extends 'bool'
        ? boolean
        : never;
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

function untypedShape(spec: Spec): Shape {
  return Object.fromEntries(Object.entries(spec).map(([k, t]) => [k, COLUMN[t]]));
}

async function run(db: Db, what: string, query: string, params: Param[], spec: Spec): Promise<Record<string, Cell>[]> {
  try {
    return (await db.all(fragment(query, params), untypedShape(spec))) as Record<string, Cell>[];
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
