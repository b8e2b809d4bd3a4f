/**
 * Loads the real reports bundled as test fixtures, with their hand-checked truth files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSource } from '../../lib/source';
import { parseReport } from '../../lib/report/parse';
import type { ParsedReport } from '../../lib/report/types';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface Truth {
  file: string;
  format: string;
  meta: Record<string, string | number | null>;
  values: Record<string, number | null>;
  accept?: Record<string, (number | null)[]>;
}

export interface Case {
  dir: string;
  name: string;
  path: string;
  truth: Truth;
}

export function truthCases(): Case[] {
  const out: Case[] = [];
  for (const dir of ['seeds', 'real']) {
    for (const f of readdirSync(join(FIXTURES, dir)).sort()) {
      if (!f.endsWith('.truth.json')) continue;
      const truth = JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as Truth;
      out.push({ dir, name: truth.file, path: join(FIXTURES, dir, truth.file), truth });
    }
  }
  return out;
}

export async function parseFixture(path: string): Promise<ParsedReport> {
  const src = await readSource(new Uint8Array(readFileSync(path)), path);
  return parseReport(src.text, { sourceKind: src.kind });
}

/** The scorer's rule: a null truth accepts null or 0; `accept` lists other right answers. */
export function cellRight(truth: Truth, key: string, got: number | null | undefined): boolean {
  const want = truth.values[key];
  const accepted = truth.accept?.[key] ?? [];
  if (want === null) return got === null || got === 0 || accepted.includes(got ?? null);
  return (typeof got === 'number' && Math.abs(got - want) < 1e-9) || accepted.includes(got ?? null);
}
