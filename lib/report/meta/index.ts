/**
 * Report metadata from the normalized text: agency, level, kind, region (GB/T 2260, through the
 * gazetteer), statistics year, publication date, title and scope.
 *
 * Many reports have no title line, so every field has a chain of sources tried from the most to
 * the least reliable:
 * - agency: the title (a title broken by a line end anywhere is read with the line above; a title
 *   quoted in 《》 is a cited document, never the agency's), then the body:
 *   "现将X2022年度…", "特编制2022年X政府信息公开…", the signature at the end, the subject of
 *   总体情况 ("2023年,罗庄区人民政府坚持…", "2023年,武威市坚持…"), page labels (发布机构/来源),
 *   a letterhead line, the contact line, the site's 主办 footer, the agency the text names most,
 *   and last the county a text calling itself 我县 names most. A place alone means its government
 *   (彰武县彰武镇 → 彰武县彰武镇人民政府, 平潭综合实验区 → 平潭综合实验区管委会); an office of a
 *   government found only in a label, contact line or footer stands for the government. The
 *   fuller name is kept when the text prints it (洪泽区人民政府 → 淮安市洪泽区人民政府).
 * - year: the title (between titles of different years, the one agreeing with the 统计期限), the
 *   统计期限, the body phrases above, the first year of 总体情况, the publication date minus one,
 *   the year mentioned most.
 * - published: a labelled date near the top (发布日期 before a plain 日期, before 成文日期), a date
 *   line under the title, the date of the signature; never a date before the year reported on.
 * The region is resolved from the agency name level by level (淮安市洪泽区 → 320813, 彰武县彰武镇 →
 * 210922 + town 210922100); a name shared by several regions (朝阳区) is settled by the next name
 * in the agency or by the places the text mentions, else left null. A zone is resolved through
 * the place it is named after (平潭综合实验区 → 平潭县); a one-character typo (沐阳县) only when a
 * look-alike character or the text confirms the correction. A department named by its official
 * short form or relative to the writer's region (市科委, 淮安市住建局) is stored under its full
 * form (`short-forms.json`), in the region the text names most; `agency_printed` keeps the name.
 * Scope follows the agency's kind (see `scope.ts`).
 *
 * The pipeline, one file per job: `lines` (head and tail lines searched), `title` (title lines),
 * `names` (cleaning a phrase into an agency name; its kind), `agency` (the body sources),
 * `region` (gazetteer resolution; the level), `short-forms`, `dates` (year and publication
 * date), `scope`.
 *
 * Pure and fast (tens of microseconds per report after warm-up): the top 6,000 characters (150
 * non-empty lines) and the last 25 lines are searched, the whole text only by a few compiled
 * regexes and substring tests; the gazetteer's indexes are built once, on first use. */
import { findRegionsByNameOrAlias, regionByCode, regionPath } from '../../region/gazetteer';
import type { ReportMeta } from '../types';
import { COMPILED, REPORT_AS, agencyFromBody } from './agency';
import { OVERVIEW_YEAR, mostMentionedYear, publishedDates, statisticsYear } from './dates';
import { BLANKS, HEAD_CHARS, TAIL_CHARS, TAIL_LINES, TITLE_LINES, firstLines, lastLines } from './lines';
import { KIND_SUFFIX, OFFICE_SUFFIX, kindOf } from './names';
import { levelOf, regionNamedMost, resolvePlace, type Place } from './region';
import { scopeOf } from './scope';
import { isRelative, shortForm } from './short-forms';
import { findTitles, type TitleCandidate } from './title';

export function extractMeta(text: string): ReportMeta {
  const head = text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text;
  const headLines = firstLines(head, TITLE_LINES);
  const tailLines = lastLines(text, TAIL_LINES);
  // The head without blanks (PDF text spaces out "2023 年 1 月"), line breaks kept; made when needed.
  let flatHead: string | null = null;
  const flat = () => (flatHead ??= head.replace(BLANKS, ''));
  let periodYear: number | null | undefined;
  const period = () =>
    periodYear !== undefined
      ? periodYear
      : (periodYear =
          statisticsYear(flat()) ??
          (text.length > HEAD_CHARS ? statisticsYear(text.slice(Math.max(HEAD_CHARS, text.length - TAIL_CHARS)).replace(BLANKS, '')) : null));

  // Places of agency names, resolved once each (titles are compared by whether theirs resolve).
  const places = new Map<string, Place | null>();
  const placeOf = (a: string) => {
    let p = places.get(a);
    if (p === undefined) places.set(a, (p = resolvePlace(a, text)));
    return p;
  };
  const resolves = (a: string) => placeOf(a) !== null;

  // Title: standalone lines first, then other lines; a year agreeing with the 统计期限 settles
  // between the title and a link to another year's report. A title quoted in the text (《…》, a
  // notice about the reports) is never the agency's and gives a year only as a last resort.
  const all = findTitles(headLines, resolves);
  const titles = all.filter((t) => !t.quoted);
  const years = new Set(titles.map((t) => t.year).filter((y) => y !== null));
  const p = years.size > 1 ? period() : null;
  // Between titles of different agencies (a list of links above the title), the one the text
  // names again.
  const agencies = new Set(titles.map((t) => t.agency));
  const named = (t: TitleCandidate) => {
    if (agencies.size < 2 || !t.agency) return 0;
    // The most specific place of the name: 沛县龙固镇 → 龙固镇.
    let core = t.agency.replace(KIND_SUFFIX, '');
    for (let k = 0; k < core.length - 2; k++) {
      if (findRegionsByNameOrAlias(core.slice(k)).length) {
        core = core.slice(k);
        break;
      }
    }
    const first = text.indexOf(core);
    return first >= 0 && text.indexOf(core, first + core.length) >= 0 ? 1 : 0;
  };
  const rank = (t: TitleCandidate) => t.score + (p !== null && t.year === p ? 3 : 0) + named(t);
  let best: TitleCandidate | null = null;
  for (const t of titles) if (!best || rank(t) > rank(best)) best = t;
  // The end of the page ("PDF下载:X2022年度…", "附件:…") when the top has no title.
  const tailTitle = titles.length ? null : (findTitles(tailLines, resolves).find((t) => t.agency !== null && !t.quoted) ?? null);

  // Agency: the title, else the first body source whose name resolves to a place.
  let agency = best?.agency ?? titles.find((t) => t.agency)?.agency ?? tailTitle?.agency ?? null;
  let place: Place | null = agency ? placeOf(agency) : null;
  let weak = false;
  if (!place) ({ agency, place, weak } = agencyFromBody(agency, text, flat(), headLines, tailLines));
  // The site's or the contact's office of a government stands for the government whose report it is.
  if (agency && weak && /(?:人民政府|管委会|管理委员会|行政公署)办公[室厅]$/.test(agency)) agency = agency.replace(/办公[室厅]$/, '');
  if (agency && place?.fixed) agency = agency.replace(place.fixed.from, place.fixed.to);
  // The fuller name the text prints: 洪泽区人民政府 → 淮安市洪泽区人民政府, 彰武镇 → 彰武县彰武镇.
  if (agency && place && !place.fixed && !place.zone) {
    const own = place.town ?? place.region;
    const parent = own.parentCode ? regionByCode(own.parentCode) : undefined;
    if (parent && (own.level === 'county' || own.level === 'township') && agency.startsWith(own.name)) {
      const core = agency.replace(OFFICE_SUFFIX, '');
      if (text.includes(parent.name + core)) agency = parent.name + agency;
    }
  }

  // A department by its short form, or named relative to the writer's region (市科委): stored
  // under its full form, in the region the text names most (of the level its first character
  // gives); the printed name is kept.
  const short = agency ? shortForm(agency) : null;
  let printed: string | null = null;
  if (short) {
    if (!place && isRelative(short)) place = regionNamedMost(text, short.lead || '市县区');
    const lead = isRelative(short) ? (place ? place.region.name : short.lead) : short.lead;
    if (lead + short.full !== agency) [printed, agency] = [agency, lead + short.full];
  }

  // Year: the title, the 统计期限, "现将…2022年度…", the first year of 总体情况, the publication
  // date, the year mentioned most.
  let year = best?.year ?? titles.find((t) => t.year !== null)?.year ?? period();
  if (year === null) {
    const rep = REPORT_AS.exec(flat());
    const comp = rep ? null : COMPILED.exec(flat());
    year = rep ? Number(rep[2]) : comp ? Number(comp[1]) : (tailTitle?.year ?? all.find((t) => t.year !== null)?.year ?? null);
  }
  if (year === null) {
    const o = OVERVIEW_YEAR.exec(flat());
    if (o) year = Number(o[1]);
  }
  // A publication date falls after the year reported on (within three years).
  const dates = publishedDates(headLines, tailLines);
  const published = dates.find((d) => year === null || (Number(d.slice(0, 4)) > year && Number(d.slice(0, 4)) <= year + 3)) ?? null;
  if (year === null && published) year = Number(published.slice(0, 4)) - 1;
  if (year === null) year = mostMentionedYear(text.length > 20000 ? text.slice(0, 20000) : text);

  const kind = short ? short.kind : kindOf(agency);
  return {
    agency,
    agency_printed: printed,
    level: levelOf(kind, place, agency),
    kind,
    region_code: place?.region.code ?? null,
    region: place ? regionPath(place.town?.code ?? place.region.code) : null,
    town_code: place?.town?.code ?? null,
    year,
    published,
    title: best?.title ?? tailTitle?.title ?? null,
    scope: scopeOf(kind, text),
  };
}
