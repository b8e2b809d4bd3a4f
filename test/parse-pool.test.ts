/**
 * The parser threads of an import (db/parse-pool.ts): the same results as parsing inline, for
 * every real fixture, with files handed to each thread ahead; and a thread that dies fails only
 * the file it was parsing — the files it held behind it are parsed by its replacement (a stand-in
 * thread that exits on one file).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { collectFiles, parseFileBytes } from '../db/import';
import { createParsePool, type ParsePool } from '../db/parse-pool';
import { computeCrossYear } from '../db/crossyear';
import { openDb } from '../db/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sql } from 'drizzle-orm';
import { col } from '../db/rows';
import { FIXTURES } from './helpers/fixtures';
import { join } from 'node:path';

const pools: ParsePool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

async function fixtureFiles(): Promise<string[]> {
  return (await collectFiles([join(FIXTURES, 'seeds'), join(FIXTURES, 'real')])).files;
}

describe('parse pool', () => {
  it('parses every real fixture as the inline parser does', async () => {
    const files = await fixtureFiles();
    const pool = createParsePool(2);
    pools.push(pool);
    const threaded = await Promise.all(files.map((f) => pool.parse(readFileSync(f), f)));
    for (let i = 0; i < files.length; i++) {
      const inline = await parseFileBytes(readFileSync(files[i]), files[i]);
      expect(threaded[i].ok, files[i]).toBe(true);
      expect(JSON.stringify(threaded[i])).toBe(JSON.stringify(inline));
    }
  });

  it('fails only the file a dying thread was parsing; the files it held go to its replacement', async () => {
    const pool = createParsePool(1, { worker: new URL('./helpers/crashing-parse-worker.mjs', import.meta.url) });
    pools.push(pool);
    const names = ['a.txt', 'b.txt', 'crash.txt', 'c.txt', 'd.txt', 'e.txt'];
    const out = await Promise.all(names.map((n) => pool.parse(new TextEncoder().encode(`text of ${n}`), n)));
    expect(out[2]).toEqual({ ok: false, reason: 'parser thread failed: exit code 3' });
    for (const i of [0, 1, 3, 4, 5]) expect(out[i]).toEqual({ ok: true, kind: 'text', report: `text of ${names[i]}` });
  });

  it('computes cross-year findings in a thread, reading the database by URL, as inline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-pool-'));
    try {
      const url = `file:${join(dir, 'x.db')}`;
      const db = await openDb(url);
      const { importFiles } = await import('../db/import');
      // The 平潭 series (2019, 2023, 2024, 2025) among the real fixtures: two consecutive pairs with findings.
      await importFiles(db, [...(await fixtureFiles()), join(FIXTURES, 'meta', '012_pingtan-2024.txt')]);
      const bodies = (
        await db.all(sql`select agency_id as id from reports where agency_id is not null group by agency_id having count(*) > 1`, { id: col.number })
      ).map((r) => r.id);
      expect(bodies.length).toBeGreaterThan(0);
      const pool = createParsePool(2);
      pools.push(pool);
      const threaded = await pool.crossYear(url, bodies);
      const inline = await computeCrossYear(db, bodies);
      expect(threaded.findings.length).toBeGreaterThan(0);
      expect(threaded).toEqual(inline);
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
