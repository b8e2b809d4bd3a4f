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
  }, 60_000);

  it('fails only the file a dying thread was parsing; the files it held go to its replacement', async () => {
    const pool = createParsePool(1, { worker: new URL('./helpers/crashing-parse-worker.mjs', import.meta.url) });
    pools.push(pool);
    const names = ['a.txt', 'b.txt', 'crash.txt', 'c.txt', 'd.txt', 'e.txt'];
    const out = await Promise.all(names.map((n) => pool.parse(new TextEncoder().encode(`text of ${n}`), n)));
    expect(out[2]).toEqual({ ok: false, reason: 'parser thread failed: exit code 3' });
    for (const i of [0, 1, 3, 4, 5]) expect(out[i]).toEqual({ ok: true, kind: 'text', report: `text of ${names[i]}` });
  });
});
