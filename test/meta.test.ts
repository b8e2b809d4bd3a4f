/**
 * Metadata of real reports against their hand-checked truth files, and the gazetteer.
 */
import { describe, expect, it } from 'vitest';
import { ancestry, findRegionsByName, regionPath } from '../lib/region/gazetteer';
import { extractMeta } from '../lib/report/meta';
import { normalizeText } from '../lib/text/normalize';
import { parseFixture, truthCases } from './helpers/fixtures';

describe('metadata of every truth file', () => {
  for (const c of truthCases()) {
    it(`${c.dir}/${c.name}: agency, region, year, publication date`, async () => {
      const { meta } = await parseFixture(c.path);
      const t = c.truth.meta;
      expect(meta.agency).toBe(t.agency);
      expect(meta.region_code).toBe(t.region_code);
      expect(meta.region).toBe(t.region);
      expect(meta.year).toBe(t.year);
      expect(meta.published).toBe(t.published);
      if (t.town_code) expect(meta.town_code).toBe(t.town_code);
      // 平潭综合实验区 is administered at prefecture level although its region is 平潭县.
      if (!String(t.agency).includes('实验区')) expect(meta.level).toBe(t.level);
    });
  }
});

describe('metadata rules', () => {
  it('takes the statistics year from the title before loose mentions in the body (seed 000 says 2021 in a 2022 report)', () => {
    const m = extractMeta(normalizeText('建瓯市人民政府办公室2022年度政府信息公开工作年度报告\n2021年,我办收到申请9件。2021年…\n'));
    expect(m.year).toBe(2022);
    expect(m.region_code).toBe('350783');
    expect(m.kind).toBe('office');
  });
  it('uses the 统计期限 when there is no title', () => {
    const m = extractMeta(normalizeText('本年度报告中所列数据统计期限从2023年1月1日至2023年12月31日止。2024年将继续…2024年…2024年\n'));
    expect(m.year).toBe(2023);
  });
  it('resolves a township under its county (彰武县彰武镇 → 210922, town 210922100)', () => {
    const m = extractMeta(normalizeText('彰武县彰武镇2022年政府信息公开工作年度报告\n'));
    expect(m.agency).toBe('彰武县彰武镇人民政府');
    expect(m.region_code).toBe('210922');
    expect(m.town_code).toBe('210922100');
    expect(m.level).toBe('township');
  });
  it('calls a department a department', () => {
    const m = extractMeta(normalizeText('淮安市生态环境局2023年政府信息公开工作年度报告\n'));
    expect(m.agency).toBe('淮安市生态环境局');
    expect(m.level).toBe('department');
    expect(m.region_code).toBe('320800');
  });
  it('leaves an ambiguous county name unresolved rather than guessing', () => {
    expect(findRegionsByName('朝阳区').length).toBeGreaterThan(1);
    const m = extractMeta(normalizeText('朝阳区人民政府2023年政府信息公开工作年度报告\n'));
    expect(m.region_code).toBeNull();
  });
});

describe('gazetteer', () => {
  it('gives full paths and parents', () => {
    expect(regionPath('210922')).toBe('辽宁省阜新市彰武县');
    expect(regionPath('350783')).toBe('福建省南平市建瓯市');
    expect(regionPath('371311')).toBe('山东省临沂市罗庄区');
    expect(regionPath('310000')).toBe('上海市');
    expect(ancestry('320813').map((r) => r.code)).toEqual(['320000', '320800', '320813']);
  });
});
