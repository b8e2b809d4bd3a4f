/**
 * Issue 11.5: numeric search parameters are validated into a safe range (`/reports?p=1e17` gave
 * HTTP 500: SQLite refuses an OFFSET beyond 64 bits). The pages use these helpers; the HTTP
 * behaviour is tested against the production build in test/e2e/hostile.e2e.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { parseCompareState } from '../../lib/charts/state';
import { intParam, parseIntInRange, RANGES } from '../../lib/url/params';

const JUNK = [
  '1e17',
  '1e20',
  'Infinity',
  '-Infinity',
  'NaN',
  '-1',
  'abc',
  '',
  ' 1',
  '1 ',
  '+1',
  '0x10',
  '1.5',
  '１',
  '99999999999999999999',
  '9007199254740993',
];

describe('numeric URL parameters', () => {
  test('junk never yields a number', () => {
    for (const raw of JUNK) expect(parseIntInRange(raw, RANGES.page), raw).toBeNull();
    expect(parseIntInRange(null, RANGES.page)).toBeNull();
    expect(parseIntInRange(undefined, RANGES.page)).toBeNull();
  });

  test('plain integers inside the range pass, the bounds included', () => {
    expect(parseIntInRange('0', RANGES.page)).toBe(0);
    expect(parseIntInRange('7', RANGES.page)).toBe(7);
    expect(parseIntInRange('100000', RANGES.page)).toBe(100_000);
    expect(parseIntInRange('100001', RANGES.page)).toBeNull();
    expect(parseIntInRange('0', RANGES.id)).toBeNull();
    expect(parseIntInRange('2147483647', RANGES.id)).toBe(2147483647);
    expect(parseIntInRange('2147483648', RANGES.id)).toBeNull();
    expect(parseIntInRange('-3', { min: -5, max: 5 })).toBe(-3);
    expect(parseIntInRange('-6', { min: -5, max: 5 })).toBeNull();
  });

  test('intParam reads the first value and falls back', () => {
    expect(intParam({ p: '1e17' }, 'p', RANGES.page, 0)).toBe(0);
    expect(intParam({ p: ['3', '9'] }, 'p', RANGES.page, 0)).toBe(3);
    expect(intParam(new URLSearchParams('p=Infinity'), 'p', RANGES.page, 0)).toBe(0);
    expect(intParam({}, 'a', RANGES.id, null)).toBeNull();
  });

  test('the compare state keeps only agency ids in range', () => {
    expect(parseCompareState({ a: '12~1e20~99999999999999999999~-1~0~7' }).agencies).toEqual([12, 7]);
  });
});
