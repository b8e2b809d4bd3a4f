/**
 * The one exception to "SQL is drizzle's `sql` template" (docs/data-layer.md): a light template
 * for the bulk import path only (db/store.ts, db/import.ts, the writes of db/crossyear.ts).
 * `q\`insert … values (${a}, ${b})\`` is SQL text with `?` placeholders and its parameters, built
 * without drizzle's `sql` machinery. Measured (2,000 stored reports, main-thread CPU, three runs
 * each, alternated): 1.73 ms per report with `q`, 2.01 ms with the same statements built by
 * drizzle's `sql` (+16 %, the multi-row inserts still not through drizzle). Nested `q` fragments are
 * spliced; `verbatim(text)` inserts trusted SQL text (table and column names). The PostgreSQL
 * driver turns `?` into `$1, $2…`, so the text must hold no other `?`.
 */
/*
 * Recognized by a registered symbol, not `instanceof`: Next bundles this module once for pages and
 * once for route handlers, while the database connection (which renders queries) is one per
 * process (db/client.ts) — a route's Query is not an instance of the page bundle's class.
 */
const QUERY = Symbol.for('gongkai.query');
const VERBATIM = Symbol.for('gongkai.verbatim');

export class Query {
  readonly [QUERY] = true;
  constructor(
    readonly text: string,
    readonly params: readonly unknown[],
  ) {}

  /** Whether `x` is a Query, made by any copy of this module. */
  static is(x: unknown): x is Query {
    return typeof x === 'object' && x !== null && (x as { [QUERY]?: boolean })[QUERY] === true;
  }
}

class Verbatim {
  readonly [VERBATIM] = true;
  constructor(readonly text: string) {}

  static is(x: unknown): x is Verbatim {
    return typeof x === 'object' && x !== null && (x as { [VERBATIM]?: boolean })[VERBATIM] === true;
  }
}

/** Trusted SQL text (identifiers, SQL built from constants), inserted as is. */
export const verbatim = (text: string) => new Verbatim(text);

export function q(strings: TemplateStringsArray, ...values: unknown[]): Query {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((v, i) => {
    if (Query.is(v)) {
      text += v.text;
      params.push(...v.params);
    } else if (Verbatim.is(v)) text += v.text;
    else {
      text += '?';
      params.push(v ?? null);
    }
    text += strings[i + 1];
  });
  return new Query(text, params);
}

/** Queries joined by a separator (`, ` by default). */
export function joinQueries(parts: Query[], separator = ', '): Query {
  return new Query(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params),
  );
}

const numbered = new Map<string, string>();

/** `?` placeholders → PostgreSQL's `$1, $2…` (cached per text). */
export function toPgText(text: string): string {
  let t = numbered.get(text);
  if (t === undefined) {
    let n = 0;
    t = text.replace(/\?/g, () => `$${++n}`);
    if (numbered.size > 5000) numbered.clear();
    numbered.set(text, t);
  }
  return t;
}

const insertTexts = new Map<string, string>();
/**
 * `insert into t (cols) values (?, …), (?, …)…` for n rows of `width` columns, built once per
 * table, columns and size: a multi-row insert costs one statement instead of n.
 */
export function multiRowInsert(table: string, cols: string, width: number, n: number): string {
  const key = `${table}(${cols}):${n}`;
  let t = insertTexts.get(key);
  if (!t) {
    const one = `(${new Array(width).fill('?').join(', ')})`;
    insertTexts.set(key, (t = `insert into ${table} (${cols}) values ${new Array(n).fill(one).join(', ')}`));
  }
  return t;
}
