/**
 * Report metadata (lib/report/meta.ts) against the hand-checked truth files, rules on small
 * texts, and the gazetteer (lib/region/gazetteer.ts).
 *
 * Fixtures are read and normalized here directly (no source layer): an HTML fixture is reduced to
 * text crudely (tags → line breaks, entities decoded), as a stand-in for the HTML converter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allRegions,
  ancestry,
  childRegions,
  findRegionsByName,
  findRegionsByNameOrAlias,
  findRegionsByStem,
  findRegionsOneCharOff,
  regionByCode,
  regionPath,
} from '../lib/region/gazetteer';
import { extractMeta } from '../lib/report/meta';
import shortForms from '../lib/report/meta/short-forms.json';
import { shortForm } from '../lib/report/meta/short-forms';
import { normalizeText } from '../lib/text/normalize';

const FIXTURES = join(import.meta.dirname, 'fixtures');

interface TruthMeta {
  agency: string;
  region_code: string;
  region: string;
  level: string;
  year: number;
  published: string | null;
  town_code?: string;
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function fixtures(dirs = ['seeds', 'real']): { name: string; text: string; meta: TruthMeta }[] {
  const out: { name: string; text: string; meta: TruthMeta }[] = [];
  for (const dir of dirs) {
    for (const f of readdirSync(join(FIXTURES, dir)).sort()) {
      if (!f.endsWith('.truth.json')) continue;
      const truth = JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as { file: string; meta: TruthMeta };
      const raw = readFileSync(join(FIXTURES, dir, truth.file), 'utf8');
      out.push({ name: `${dir}/${truth.file}`, text: normalizeText(truth.file.endsWith('.html') ? htmlToText(raw) : raw), meta: truth.meta });
    }
  }
  return out;
}

const meta = (s: string) => extractMeta(normalizeText(s));
const BODY =
  '\n一、总体情况\n2023年,我局认真贯彻落实《条例》。本年度报告中所列数据的统计期限从2023年1月1日至2023年12月31日止。\n二、主动公开政府信息情况\n';

describe('metadata of every truth file', () => {
  const cases = fixtures();
  it('finds the fixtures', () => expect(cases.length).toBeGreaterThanOrEqual(14));
  for (const c of cases) {
    it(`${c.name}: agency, region, level, year, publication date`, () => {
      const m = extractMeta(c.text);
      const t = c.meta;
      expect(m.agency).toBe(t.agency);
      expect(m.region_code).toBe(t.region_code);
      expect(m.region).toBe(t.region);
      expect(m.level).toBe(t.level);
      expect(m.year).toBe(t.year);
      if ('published' in t) expect(m.published).toBe(t.published);
      if (t.town_code) expect(m.town_code).toBe(t.town_code);
    });
  }

  it('gets agency, region and year from the body when the title lines are removed', () => {
    for (const c of cases) {
      const untitled = c.text
        .split('\n')
        .filter((l) => l.length > 200 || !/信息公开.{0,8}报告|标题/.test(l.replace(/\s/g, '')))
        .join('\n');
      const m = extractMeta(untitled);
      expect([c.name, m.agency, m.region_code, m.year]).toEqual([c.name, c.meta.agency, c.meta.region_code, c.meta.year]);
    }
  });

  it('gets region and year from 总体情况 onwards alone (我县…, 2023年,武威市坚持…, 《淳化县…》)', () => {
    for (const c of cases) {
      const body = c.text.slice(Math.max(0, c.text.indexOf('总体情况') - 3));
      const m = extractMeta(body);
      expect([c.name, m.region_code, m.year]).toEqual([c.name, c.meta.region_code, c.meta.year]);
    }
  });

  it('kind, scope and title', () => {
    const byName = new Map(cases.map((c) => [c.name, extractMeta(c.text)]));
    const jianou = byName.get('seeds/000_4d303cf0b4364684.txt')!;
    expect(jianou.kind).toBe('office');
    expect(jianou.title).toBe('建瓯市人民政府办公室2022年度政府信息公开工作年度报告');
    const wuwei = byName.get('seeds/003_6790f04c403e7862.txt')!;
    expect(wuwei.kind).toBe('government');
    expect(wuwei.title).toBe('武威市2023年政府信息公开工作年度报告');
    expect(byName.get('real/006_shanghai-govoffice-2025.md')!.title).toBe('2025年上海市人民政府办公厅政府信息公开工作年度报告');
    // "全区…": a government's report on the whole district.
    expect(byName.get('seeds/004_be8f56aee3e3e289.txt')!.scope).toBe('region');
    expect(byName.get('seeds/004_be8f56aee3e3e289.txt')!.title).toBeNull();
  });
});

describe('titles broken by a line end (the real titles of the fixtures, broken at every character)', () => {
  // Fixtures whose title stands verbatim in the text (the others already print it broken).
  const cases = fixtures().filter((c) => {
    const t = extractMeta(c.text).title;
    return t !== null && c.text.includes(t);
  });
  it('finds titled fixtures', () => expect(cases.map((c) => c.name).length).toBeGreaterThanOrEqual(7));
  for (const c of cases) {
    it(`${c.name}: same agency, region, year and title wherever the title is broken`, () => {
      const title = extractMeta(c.text).title!;
      const at = c.text.indexOf(title);
      expect(at).toBeGreaterThanOrEqual(0);
      // The tables and what follows them name no agency: the title is the only source there.
      const tables = c.text.slice(c.text.indexOf('二、'));
      const alone = extractMeta(`${title}\n${tables}`);
      expect([alone.region_code, alone.year]).toEqual([c.meta.region_code, c.meta.year]);
      const bad: string[] = [];
      for (let k = 1; k < title.length; k++) {
        const broken = `${title.slice(0, k)}\n${title.slice(k)}`;
        const whole = extractMeta(c.text.slice(0, at) + broken + c.text.slice(at + title.length));
        if (whole.agency !== c.meta.agency || whole.region_code !== c.meta.region_code || whole.year !== c.meta.year || !whole.title)
          bad.push(`whole ${JSON.stringify(broken)}: ${whole.agency} ${whole.region_code} ${whole.year} ${whole.title}`);
        const short = extractMeta(`${broken}\n${tables}`);
        if (short.agency !== alone.agency || short.region_code !== alone.region_code || short.year !== alone.year)
          bad.push(`title + tables ${JSON.stringify(broken)}: ${short.agency} ${short.region_code} ${short.year}`);
      }
      expect(bad).toEqual([]);
    });
  }

  it('reads a title broken over three lines (agency / year and half the phrase / the rest)', () => {
    const m = meta('平潭综合实验区\n2023年度政府信息公开\n工作年度报告\n' + BODY);
    expect(m).toMatchObject({ agency: '平潭综合实验区管委会', region_code: '350128', year: 2023 });
  });

  it('does not join a banner line above a title into the agency', () => {
    const m = meta('淮安市人民政府\n淮安市人民政府2024年政府信息公开工作年度报告\n' + BODY);
    expect(m.agency).toBe('淮安市人民政府');
  });
});

describe('departments named by their official short form (lib/report/meta/short-forms.json)', () => {
  const huaian = fixtures().find((c) => c.name.includes('huaian'))!;
  const shanghai = fixtures().find((c) => c.name.includes('shanghai-govoffice-2025'))!;

  it('the table holds department names only, each recognized after a place or a level character', () => {
    for (const f of shortForms.forms) {
      expect(f.full).toMatch(/(?:局|厅|委员会|办公室)$/);
      expect(f.kind).toBe('department');
      expect(shortForm(`淮安市${f.short}`)).toMatchObject({ lead: '淮安市', full: f.full });
      expect(shortForm(`市${f.short}`)).toMatchObject({ lead: '市', full: f.full });
    }
    // Party bodies and words that merely end like a short form are not departments.
    expect(shortForm('市委')).toBeNull();
    expect(shortForm('县纪委')).toBeNull();
    expect(shortForm('政务服务平台办')).toBeNull();
  });

  it('淮安 2024 with its title agency replaced by 市住建局 / 发改委 / 淮安市人社局: full form, region from the text', () => {
    expect(huaian.text.startsWith('淮安市人民政府\n')).toBe(true);
    const as = (name: string) => extractMeta(huaian.text.replace(/^淮安市人民政府\n/, `${name}\n`));
    expect(as('市住建局')).toMatchObject({
      agency: '淮安市住房和城乡建设局',
      agency_printed: '市住建局',
      region_code: '320800',
      level: 'department',
      kind: 'department',
      year: 2024,
      scope: 'agency',
    });
    expect(as('发改委')).toMatchObject({ agency: '淮安市发展和改革委员会', agency_printed: '发改委', region_code: '320800', level: 'department' });
    expect(as('淮安市人社局')).toMatchObject({ agency: '淮安市人力资源和社会保障局', agency_printed: '淮安市人社局', region_code: '320800' });
    // The real report keeps its own name, with nothing printed differently.
    expect(extractMeta(huaian.text)).toMatchObject({ agency: '淮安市人民政府', agency_printed: null });
  });

  it('上海 2025 (title broken over two lines) as 市科委: 上海市科学技术委员会', () => {
    const v = shanghai.text.replace('上海市人民政府办公厅政府信息公开\n', '市科委政府信息公开\n');
    expect(v).not.toBe(shanghai.text);
    expect(extractMeta(v)).toMatchObject({
      agency: '上海市科学技术委员会',
      agency_printed: '市科委',
      region_code: '310000',
      level: 'department',
      year: 2025,
    });
  });

  it('建瓯 2022 as 市市场监管局 with every title line removed: the signature names it, not the government the text names most', () => {
    const jianou = fixtures().find((c) => c.name.includes('000_4d303cf0b4364684'))!;
    const v = jianou.text
      .split('建瓯市人民政府办公室')
      .join('市市场监管局')
      .split('\n')
      .filter((l) => !l.includes('年度报告'))
      .join('\n');
    expect(v).toMatch(/\n市市场监管局\n2023年1月17日\s*$/);
    expect(extractMeta(v)).toMatchObject({
      agency: '建瓯市市场监督管理局',
      agency_printed: '市市场监管局',
      region_code: '350783',
      level: 'department',
      title: null,
      scope: 'agency',
    });
  });

  it('沭阳 2025 (printed 沐阳县 throughout) as 县卫健委: the look-alike typo still names the county', () => {
    const shuyang = fixtures().find((c) => c.name.includes('shuyang'))!;
    const v = shuyang.text.replace('# 沐阳县人民政府 2025', '# 县卫健委 2025').replace(/\n沐阳县人民政府\n/, '\n县卫健委\n');
    expect(v).not.toBe(shuyang.text);
    expect(extractMeta(v)).toMatchObject({
      agency: '沭阳县卫生健康委员会',
      agency_printed: '县卫健委',
      region_code: '321322',
      level: 'department',
      year: 2025,
    });
  });

  it('leaves the region empty when the text names no place of that level', () => {
    expect(meta('市科委2023年政府信息公开工作年度报告\n' + BODY)).toMatchObject({
      agency: '市科学技术委员会',
      agency_printed: '市科委',
      region_code: null,
      level: 'department',
    });
  });
});

describe('scope: a government reports on its region, a department or office on itself', () => {
  const pingtan = fixtures(['real', 'meta']).filter((c) => c.name.includes('pingtan'));

  it('平潭 2019, 2021, 2023, 2024 and 2025: region every year, whatever the wording', () => {
    expect(pingtan.map((c) => c.meta.year).sort()).toEqual([2019, 2021, 2023, 2024, 2025]);
    for (const c of pingtan) {
      const m = extractMeta(c.text);
      expect([c.name, m.agency, m.year, m.scope]).toEqual([c.name, '平潭综合实验区管委会', c.meta.year, 'region']);
    }
    // 2025 says 全区共收到, 2024 only 全年办理: dropping 全区 changes nothing.
    const y2025 = pingtan.find((c) => c.meta.year === 2025)!.text;
    expect(y2025).toContain('全区共收到');
    expect(extractMeta(y2025.replaceAll('全区', '')).scope).toBe('region');
  });

  it('every fixture: governments region, offices agency', () => {
    for (const c of fixtures()) {
      const m = extractMeta(c.text);
      expect([c.name, m.scope]).toEqual([c.name, m.kind === 'government' ? 'region' : 'agency']);
    }
  });

  it('a government whose narrative counts its own applications only (本机关…申请) reports on itself', () => {
    const y2024 = pingtan.find((c) => c.meta.year === 2024)!.text;
    expect(y2024).toContain('全年办理政府信息公开申请218件');
    const own = y2024.replace('全年办理政府信息公开申请218件', '本机关全年办理政府信息公开申请218件');
    expect(extractMeta(own).scope).toBe('agency');
    // …unless it also gives region-wide figures.
    expect(extractMeta(own.replace('强化与区直各部门', '全区共收到申请,强化与区直各部门')).scope).toBe('region');
    // The template's own labels (本机关不掌握相关政府信息) never count.
    expect(y2024).toContain('本机关不掌握');
  });

  it('a department is agency-only even when it says 全市共受理 (淮安 2024 as 市住建局)', () => {
    const huaian = fixtures().find((c) => c.name.includes('huaian'))!;
    expect(huaian.text).toMatch(/全市共受理/);
    expect(extractMeta(huaian.text.replace(/^淮安市人民政府\n/, '市住建局\n')).scope).toBe('agency');
  });
});

describe('metadata rules', () => {
  it('takes the year from the title before loose mentions in the body', () => {
    const m = meta('建瓯市人民政府办公室2022年度政府信息公开工作年度报告\n2021年,我办收到申请9件。2021年…2021年\n');
    expect(m.year).toBe(2022);
    expect(m.region_code).toBe('350783');
    expect(m.kind).toBe('office');
    expect(m.level).toBe('county');
  });

  it('uses the 统计期限 when there is no title, and settles between title-like lines with it', () => {
    expect(meta('本年度报告中所列数据统计期限从2023年1月1日至2023年12月31日止。2024年将继续…2024年…2024年\n').year).toBe(2023);
    const sidebar = meta('相关阅读\n沛县2021年政府信息公开工作年度报告\n沛县2023年政府信息公开工作年度报告\n' + BODY);
    expect(sidebar.year).toBe(2023);
    expect(sidebar.agency).toBe('沛县人民政府');
  });

  it('reads titles broken over lines, with the year after the phrase, or with 人民政府 split by the phrase', () => {
    const broken = meta('洪泽区人民政府\n\n2023 年政府信息公开工作年度报告\n' + BODY);
    expect(broken.agency).toBe('洪泽区人民政府');
    expect(broken.region_code).toBe('320813');
    expect(meta('上海市黄浦区人民政府\n政府信息公开工作年度报告(2023年度)' + BODY)).toMatchObject({
      agency: '上海市黄浦区人民政府',
      region_code: '310101',
      year: 2023,
    });
    expect(meta('2023年沛县人民政府信息公开工作年度报告' + BODY).agency).toBe('沛县人民政府');
    expect(meta('沛县政府2023年政府信息公开工作年度报告' + BODY).agency).toBe('沛县人民政府');
  });

  it('resolves a township under its county (彰武县彰武镇 → 210922, town 210922100)', () => {
    const m = meta('彰武县彰武镇2022年政府信息公开工作年度报告\n');
    expect(m).toMatchObject({
      agency: '彰武县彰武镇人民政府',
      region_code: '210922',
      town_code: '210922100',
      level: 'township',
      region: '辽宁省阜新市彰武县彰武镇',
    });
    const street = meta('北京市朝阳区三里屯街道办事处2023年政府信息公开工作年度报告' + BODY);
    expect(street).toMatchObject({ region_code: '110105', town_code: '110105004', level: 'township', kind: 'government' });
    // A city without counties: the town hangs under the city.
    expect(meta('东莞市虎门镇人民政府2023年政府信息公开工作年度报告' + BODY)).toMatchObject({ region_code: '441900', town_code: '441900121' });
  });

  it('takes the agency from the body when there is no title', () => {
    expect(meta('现将沛县龙固镇2023年度政府信息公开工作情况报告如下:' + BODY)).toMatchObject({
      agency: '沛县龙固镇人民政府',
      town_code: '320322101',
      year: 2023,
    });
    const signed = meta('政府信息公开工作年度报告' + BODY + '六、其他需要报告的事项\n无。\n\n沛县人民政府\n2024年1月20日\n');
    expect(signed).toMatchObject({ agency: '沛县人民政府', region_code: '320322', published: '2024-01-20' });
    // The site's host office stands for its government.
    expect(meta('主办:沛县人民政府办公室 承办:沛县大数据中心\n' + BODY).agency).toBe('沛县人民政府');
  });

  it('does not take the agency from a cited document or a list of other reports', () => {
    const cited = meta(
      '根据《福建省人民政府办公厅关于编制公布2023年政府信息公开工作年度报告有关事项的通知》要求,我县编制本报告。' +
        BODY +
        '如有疑问请联系沛县人民政府办公室。',
    );
    expect(cited).toMatchObject({ agency: '沛县人民政府', region_code: '320322', year: 2023 });
    const list = meta(
      '相关文件\n沛县安国镇2023年政府信息公开工作年度报告\n沛县龙固镇2023年政府信息公开工作年度报告\n' + BODY.replace('我局', '龙固镇') + '龙固镇',
    );
    expect(list).toMatchObject({ agency: '沛县龙固镇人民政府', town_code: '320322101' });
    // A letterhead line names the sender when nothing better does; a working group is not an agency.
    const letter = meta('武威市人民政府\n\n武政函〔2024〕15号\n' + BODY + '请与武威市政府信息公开工作领导小组办公室联系。');
    expect(letter).toMatchObject({ agency: '武威市人民政府', region_code: '620600' });
  });

  it('calls a department a department, at the level of its region', () => {
    expect(meta('淮安市生态环境局2023年政府信息公开工作年度报告\n')).toMatchObject({
      agency: '淮安市生态环境局',
      level: 'department',
      kind: 'department',
      region_code: '320800',
    });
    expect(meta('2023年度南京市发展和改革委员会政府信息公开工作年度报告' + BODY)).toMatchObject({ level: 'department', region_code: '320100' });
    expect(meta('国家税务总局淮安市税务局2023年政府信息公开工作年度报告' + BODY)).toMatchObject({
      agency: '国家税务总局淮安市税务局',
      region_code: '320800',
    });
    expect(meta('江苏省人民政府办公厅2023年政府信息公开工作年度报告' + BODY)).toMatchObject({
      kind: 'office',
      level: 'province',
      region_code: '320000',
    });
  });

  it('leaves an ambiguous county name unresolved unless the text names its city or province', () => {
    expect(findRegionsByName('朝阳区').length).toBeGreaterThan(1);
    expect(meta('朝阳区人民政府2023年政府信息公开工作年度报告\n').region_code).toBeNull();
    expect(meta('朝阳区人民政府2023年政府信息公开工作年度报告\n本报告电子版可在北京市朝阳区人民政府网站下载' + BODY)).toMatchObject({
      agency: '北京市朝阳区人民政府',
      region_code: '110105',
    });
    expect(meta('朝阳区人民政府2023年政府信息公开工作年度报告\n联系:长春市朝阳区人民政府办公室' + BODY).region_code).toBe('220104');
    // The parent in the name itself settles it.
    expect(meta('沈阳市和平区人民政府2023年政府信息公开工作年度报告' + BODY).region_code).toBe('210102');
  });

  it('corrects a one-character typo only when a look-alike or the text confirms it', () => {
    expect(meta('沐阳县人民政府2025年政府信息公开工作年度报告\n')).toMatchObject({ agency: '沭阳县人民政府', region_code: '321322' });
    expect(meta('洪洋区人民政府2023年政府信息公开工作年度报告' + BODY).region_code).toBeNull();
  });

  it('finds the county a zone is named after, and ranks the zone above it', () => {
    expect(meta('平潭综合实验区2023年度政府信息公开工作年度报告\n' + BODY)).toMatchObject({
      agency: '平潭综合实验区管委会',
      region_code: '350128',
      level: 'city',
    });
    // A statistical zone listed by the gazetteer is its own region.
    expect(meta('淮安经济技术开发区2023年政府信息公开工作年度报告' + BODY)).toMatchObject({
      agency: '淮安经济技术开发区管委会',
      region_code: '320871',
    });
    // A real district named 新区 has a 人民政府.
    expect(meta('上海市浦东新区2023年政府信息公开工作年度报告' + BODY)).toMatchObject({
      agency: '上海市浦东新区人民政府',
      region_code: '310115',
      level: 'county',
    });
  });

  it('reads publication dates: labelled, under the title, in the signature, in Chinese numerals', () => {
    expect(meta('沛县2023年政府信息公开工作年度报告\n抓取时间: 2025-06-01\n成文日期: 2024-01-10 发布日期: 2024-01-12\n' + BODY).published).toBe(
      '2024-01-12',
    );
    expect(meta('沛县2023年政府信息公开工作年度报告\n(2024年1月23日)\n' + BODY).published).toBe('2024-01-23');
    expect(meta('沛县2023年政府信息公开工作年度报告' + BODY + '沛县人民政府\n二〇二四年一月十七日\n').published).toBe('2024-01-17');
    // A date before the year reported on is not a publication date; the statistics period is not one either.
    expect(meta('沛县2023年政府信息公开工作年度报告\n统计时间:2023年1月1日至2023年12月31日\n日期:2022-05-01\n').published).toBeNull();
  });

  it('returns nulls, not guesses, for a text without metadata', () => {
    const m = meta('根据《中华人民共和国政府信息公开工作年度报告格式》要求编制。\n');
    expect(m).toMatchObject({ agency: null, level: null, kind: null, region_code: null, town_code: null, title: null, scope: null });
  });
});

describe('gazetteer', () => {
  it('gives full paths', () => {
    expect(regionPath('210922')).toBe('辽宁省阜新市彰武县');
    expect(regionPath('210922100')).toBe('辽宁省阜新市彰武县彰武镇');
    expect(regionPath('350783')).toBe('福建省南平市建瓯市');
    expect(regionPath('371311')).toBe('山东省临沂市罗庄区');
    expect(regionPath('320813')).toBe('江苏省淮安市洪泽区');
    expect(regionPath('310000')).toBe('上海市');
    // Districts of a municipality hang under it directly (no 市辖区 placeholder).
    expect(regionPath('110105')).toBe('北京市朝阳区');
    expect(ancestry('320813').map((r) => r.code)).toEqual(['320000', '320800', '320813']);
  });

  it('finds regions by name; an ambiguous name gives all of them', () => {
    expect(findRegionsByName('建瓯市').map((r) => r.code)).toEqual(['350783']);
    expect(findRegionsByName('罗庄区').map((r) => r.code)).toEqual(['371311']);
    expect(
      findRegionsByName('朝阳区')
        .map((r) => r.code)
        .sort(),
    ).toEqual(['110105', '220104']);
    expect(findRegionsByName('彰武镇')).toEqual([{ code: '210922100', name: '彰武镇', level: 'township', parentCode: '210922' }]);
    expect(findRegionsByName('城关镇').length).toBe(88);
    expect(findRegionsByNameOrAlias('恩施州').map((r) => r.code)).toEqual(['422800']);
    expect(findRegionsByStem('平潭').map((r) => r.code)).toEqual(['350128']);
    // Every X阳县: the look-alike 沭 (or the text) has to pick one.
    expect(findRegionsOneCharOff('沐阳县').map((r) => r.code)).toEqual(expect.arrayContaining(['321322', '411726']));
  });

  it('lists every region once, with 6- or 9-digit codes and a parent that exists one level up', () => {
    const all = allRegions();
    expect(all.length).toBe(44_690);
    const codes = new Set(all.map((r) => r.code));
    expect(codes.size).toBe(all.length);
    const order = ['province', 'city', 'county', 'township'];
    const bad: string[] = [];
    for (const r of all) {
      if (!(r.level === 'township' ? /^\d{9}$/ : /^\d{6}$/).test(r.code)) bad.push(`${r.code}: code`);
      if (r.level === 'province') {
        if (r.parentCode !== null || !r.code.endsWith('0000')) bad.push(`${r.code}: province`);
        continue;
      }
      const parent = regionByCode(r.parentCode!);
      if (!parent || order.indexOf(parent.level) >= order.indexOf(r.level)) bad.push(`${r.code}: parent ${r.parentCode}`);
    }
    expect(bad).toEqual([]);
    expect(regionByCode('320800')).toMatchObject({ name: '淮安市', level: 'city', parentCode: '320000' });
    // 东莞市 has no counties: one region, its towns directly under it.
    expect(findRegionsByName('东莞市').map((r) => r.code)).toEqual(['441900']);
    expect(childRegions('441900').every((r) => r.level === 'township')).toBe(true);
  });
});
