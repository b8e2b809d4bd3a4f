/**
 * Row shapes: what a raw SQL query returns, checked and converted at the boundary instead of cast
 * with `as T`. Each database returns its own representation (PostgreSQL gives `count(*)` as a
 * bigint string, SQLite flags as 0/1, both JSON as text); a shape turns them into one JS type and
 * throws a clear error when a column is missing (e.g. an unquoted camelCase alias, which
 * PostgreSQL folds to lower case) or holds the wrong kind of value.
 *
 *   const rows = await db.all(sql`select id, year from reports`, { id: col.number, year: col.numberOrNull });
 *   //    ^? { id: number; year: number | null }[]
 */
export type Column<T> = (value: unknown, name: string) => T;
export type Shape = Record<string, Column<unknown>>;
export type Row<S extends Shape> = { [K in keyof S]: S[K] extends Column<infer T> ? T : never };

function fail(name: string, expected: string, value: unknown): never {
  const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value);
  throw new TypeError(
    `query row: column "${name}" should be ${expected}, got ${value === undefined ? 'no such column' : `${typeof value} ${shown}`}`,
  );
}

function toNumber(v: unknown, name: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  // PostgreSQL's bigint (count, sum of integers) and numeric arrive as strings.
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return fail(name, 'a number', v);
}

function nullable<T>(c: Column<T>): Column<T | null> {
  return (v, name) => (v === null ? null : v === undefined ? fail(name, 'a value or null', v) : c(v, name));
}

const number: Column<number> = toNumber;
const text: Column<string> = (v, name) => (typeof v === 'string' ? v : fail(name, 'text', v));
const flag: Column<boolean> = (v, name) => {
  if (v === 1 || v === true || v === '1') return true;
  if (v === 0 || v === false || v === '0') return false;
  return fail(name, 'a flag (0/1)', v);
};
const json =
  <T>(): Column<T> =>
  (v, name) => {
    if (typeof v !== 'string') return fail(name, 'JSON text', v);
    return JSON.parse(v) as T;
  };

/** Column kinds for row shapes. */
export const col = {
  number,
  numberOrNull: nullable(number),
  text,
  textOrNull: nullable(text),
  flag,
  /** JSON stored as text, parsed. The type parameter is what the writer stored (the store's own data). */
  json: <T>() => json<T>(),
  jsonOrNull: <T>() => nullable(json<T>()),
  /** One of the given strings. */
  oneOf:
    <const T extends readonly string[]>(values: T): Column<T[number]> =>
    (v, name) =>
      typeof v === 'string' && values.includes(v) ? (v as T[number]) : fail(name, `one of ${values.join(', ')}`, v),
  /** A comma-separated list of integers (group_concat / string_agg), or null. */
  idList: nullable((v, name): number[] => (typeof v === 'string' ? v.split(',').map(Number) : fail(name, 'a list of ids', v))),
};

/** Checks and converts one raw row against a shape (only the shape's columns are kept). */
export function parseRow<S extends Shape>(raw: Record<string, unknown>, shape: S): Row<S> {
  const out: Record<string, unknown> = {};
  for (const k in shape) out[k] = shape[k](raw[k], k);
  return out as Row<S>;
}
