/**
 * The roll-up levels, described once for code and SQL (lib/region/rollup-levels.ts): a county's
 * code names its province and city by prefix, and the SQL form gives the same codes as the code form.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROLLUP_LEVELS, rollupCode, rollupCodeSql } from '../lib/region/rollup-levels';
import { regionByCode } from '../lib/region/gazetteer';

describe('roll-up levels', () => {
  it('sums 淮安市洪泽区 (320813) under the country, 江苏省, 淮安市 and itself', () => {
    const codes = ROLLUP_LEVELS.map((l) => rollupCode('320813', l.digits));
    expect(codes).toEqual(['000000', '320000', '320800', '320813']);
    expect(codes.slice(1).map((c) => regionByCode(c)?.name)).toEqual(['江苏省', '淮安市', '洪泽区']);
  });

  it('gives the same codes in SQL as in code', () => {
    const db = new Database(':memory:');
    for (const code of ['320813', '350128', '110105', '659004']) {
      for (const { digits } of ROLLUP_LEVELS) {
        const row = db.prepare(`select ${rollupCodeSql('c', digits)} as code from (select ? as c)`).get(code) as { code: string };
        expect(row.code).toBe(rollupCode(code, digits));
      }
    }
    db.close();
  });
});
