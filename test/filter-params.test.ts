/**
 * The one set of URL parameter names every page reads (lib/url/params.ts): r regions, a agencies,
 * y years; /quality's old region/year still work (the pages redirect them to the new names).
 */
import { describe, expect, test } from 'vitest';
import { filterQuery, parseFilterParams, parseYears, usesOldNames } from '../lib/url/params';

describe('filter parameters', () => {
  test('regions, agencies and years under the shared names; junk dropped', () => {
    expect(parseFilterParams(new URLSearchParams('r=371300~bad~3713000~371300&a=12~1e20~0&y=2023-2021'))).toEqual({
      regions: ['371300'],
      agencies: [12],
      years: [2021, 2022, 2023],
    });
    expect(parseFilterParams({})).toEqual({ regions: [], agencies: [], years: null });
  });
  test('the old names of /quality are read as aliases and flagged for a redirect', () => {
    const old = { region: '320800', year: '2024' };
    expect(parseFilterParams(old)).toEqual({ regions: ['320800'], agencies: [], years: [2024] });
    expect(usesOldNames(old)).toBe(true);
    expect(usesOldNames({ r: '320800', y: '2024' })).toBe(false);
    // The new name wins when both are given.
    expect(parseFilterParams({ r: '110000', region: '320800' }).regions).toEqual(['110000']);
  });
  test('a filter and extra parameters back to a query string', () => {
    expect(filterQuery({ regions: ['320800'], years: [2024] }, { rule: 't3.balance', m: null })).toBe('r=320800&y=2024&rule=t3.balance');
    expect(filterQuery({ years: [2021, 2022, 2023] })).toBe('y=2021-2023');
    expect(parseYears('1999~2101~20x3')).toBeNull();
  });
});
