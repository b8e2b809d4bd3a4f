/**
 * The one way db/queries reads raw SQL: every row is checked against a column spec at the SQL
 * boundary (no `as T` on raw rows), so a renamed column or a driver returning a count as a string
 * (PostgreSQL's bigint) fails loudly, naming the query, instead of flowing on as the wrong type.
 *
 * SQL is written once with `?` placeholders in the portable subset both SQLite and PostgreSQL
 * accept (no group_concat, no boolean sums, `case when … then 1 else 0 end`).
 */
import type { Db } from '../client';

type Base = 'int' | 'num' | 'text' | 'bool';
export type ColType = Base | `${Base}?`;
export type Spec = Record<string, ColType>;
type TypeOf<T> = T extends `${infer B}?` ? TypeOf<B> | null : T extends 'int' | 'num' ? number : T extends 'text' ? string : T extends 'bool' ? boolean : never;
export type Row<S extends Spec> = { [K in keyof S]: TypeOf<S[K]> };

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function cell(v: unknown, type: ColType, col: string, what: string): unknown {
  const optional = type.endsWith('?');
  if (v === null || v === undefined) {
    if (optional) return null;
    throw new Error(`query ${what}: column ${col} is null, expected ${type}`);
  }
  const base = (optional ? type.slice(0, -1) : type) as Base;
  if (base === 'text') {
    if (typeof v === 'string') return v;
  } else if (base === 'bool') {
    if (typeof v === 'boolean') return v;
    const n = toNumber(v);
    if (n === 0 || n === 1) return n === 1;
  } else {
    const n = toNumber(v);
    if (n !== undefined && (base === 'num' || Number.isInteger(n))) return n;
  }
  throw new Error(`query ${what}: column ${col} holds ${JSON.stringify(v)}, expected ${type}`);
}

export function checkRow<S extends Spec>(raw: unknown, spec: S, what: string): Row<S> {
  if (!raw || typeof raw !== 'object') throw new Error(`query ${what}: not a row`);
  const r = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [col, type] of Object.entries(spec)) out[col] = cell(r[col], type, col, what);
  return out as Row<S>;
}

export type Param = string | number | null;

/** All rows of a query, checked. `what` names the query in errors. */
export async function all<S extends Spec>(db: Db, what: string, query: string, params: Param[], spec: S): Promise<Row<S>[]> {
  const rows: unknown[] = db.$client.prepare(query).all(...params);
  return rows.map((r) => checkRow(r, spec, what));
}

/** The first row of a query, checked, or null. */
export async function one<S extends Spec>(db: Db, what: string, query: string, params: Param[], spec: S): Promise<Row<S> | null> {
  const r: unknown = db.$client.prepare(query).get(...params);
  return r === undefined ? null : checkRow(r, spec, what);
}

/** `?, ?, ?` for a list of n parameters. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

export type Cell = number | string | boolean | null;

/** All rows of a query whose columns are known only at run time (generated aggregates), checked. */
export async function allDynamic(db: Db, what: string, query: string, params: Param[], spec: Spec): Promise<Record<string, Cell>[]> {
  const rows: unknown[] = db.$client.prepare(query).all(...params);
  return rows.map((r) => checkRow(r, spec, what) as Record<string, Cell>);
}
