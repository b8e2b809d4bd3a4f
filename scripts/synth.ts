/**
 * Synthetic reports for benchmarks: values varied realistically from the real corpus, kept
 * consistent with the format's rules (a few deliberately not), rendered back to report text in
 * the one-cell-per-line layout of real reports (seed 000), so they go through the real parser.
 */
import { FORMATS } from '../lib/format';

const F = FORMATS['2021'];

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same dataset. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = F.t3.columns.map((c) => c.key);
const APPLICANTS = COLUMNS.slice(0, 6);
const OUTCOME_ROWS = F.t3.rows.filter((r) => r.isOutcome).map((r) => r.key);
// Typical shares of outcomes in real reports (予以公开 most, then 无法提供, 部分公开 …).
const OUTCOME_WEIGHT: Record<string, number> = {
  granted: 40,
  partially_granted: 8,
  'unavailable.not_held': 25,
  'not_processed.duplicate': 5,
  'other.other': 8,
  'denied.third_party': 2,
  'denied.process_info': 2,
  'unavailable.needs_creation': 4,
  'not_processed.petition': 4,
  'other.overdue_correction': 2,
};
const APPLICANT_WEIGHT = [90, 6, 0.3, 0.5, 2, 1.2];

function pick(r: () => number, weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
  return weights.length - 1;
}

/** Values of one synthetic 2021-format report; `scale` is the expected number of applications. */
export function synthValues(r: () => number, scale: number, inconsistent: boolean): Record<string, number> {
  const v: Record<string, number> = {};
  for (const k of F.keys) v[k.key] = 0;
  v['t2.normative_docs.issued'] = Math.round(r() * 30);
  v['t2.normative_docs.repealed'] = Math.round(r() * 10);
  v['t2.normative_docs.in_force'] = v['t2.normative_docs.issued'] + Math.round(r() * 200);
  v['t2.licensing.decisions'] = Math.round(r() * scale * 400);
  v['t2.penalty.decisions'] = Math.round(r() * scale * 50);
  v['t2.coercion.decisions'] = Math.round(r() * scale * 2);
  v['t2.fees.amount'] = Math.round(r() * scale * 100 * 1000) / 1000;
  const n = Math.max(0, Math.round(scale * (0.3 + r() * 1.4)));
  const carried = Math.round(r() * scale * 0.1);
  const forward = Math.round(r() * scale * 0.1);
  const cells = (row: string, count: number) => {
    for (let i = 0; i < count; i++) v[`t3.${row}.${APPLICANTS[pick(r, APPLICANT_WEIGHT)]}`]++;
  };
  cells('new_received', n);
  cells('carried_over', carried);
  // Every application received or carried over is concluded or carried forward, column by column.
  for (const a of APPLICANTS) {
    const concluded = v[`t3.new_received.${a}`] + v[`t3.carried_over.${a}`];
    const fwd = Math.min(concluded, a === 'natural_person' ? forward : 0);
    v[`t3.carried_forward.${a}`] = fwd;
    for (let i = 0; i < concluded - fwd; i++)
      v[
        `t3.${
          OUTCOME_ROWS[
            pick(
              r,
              OUTCOME_ROWS.map((o) => OUTCOME_WEIGHT[o] ?? 0.3),
            )
          ]
        }.${a}`
      ]++;
    v[`t3.total_processed.${a}`] = concluded - fwd;
  }
  for (const row of F.t3.rows) v[`t3.${row.key}.total`] = APPLICANTS.reduce((s, a) => s + v[`t3.${row.key}.${a}`], 0);
  for (const g of ['review', 'litigation_direct', 'litigation_after_review']) {
    const up = Math.round(r() * scale * 0.05),
      co = Math.round(r() * scale * 0.01),
      ot = Math.round(r() * scale * 0.01),
      pe = Math.round(r() * 2);
    Object.assign(v, {
      [`t4.${g}.upheld`]: up,
      [`t4.${g}.corrected`]: co,
      [`t4.${g}.other`]: ot,
      [`t4.${g}.pending`]: pe,
      [`t4.${g}.total`]: up + co + ot + pe,
    });
  }
  if (inconsistent) v['t3.new_received.total'] += 1 + Math.round(r() * 3);
  return v;
}

/** Report text in the one-cell-per-line layout (cells ending in " |"), like seed 000. */
/**
 * `wide`: the report covers the whole region (a government's report saying 全县共收到…), given as
 * the region's word (县, 市, 区, 省 …); otherwise it reports on the agency's own work.
 */
export function renderReport(agency: string, year: number, published: string, v: Record<string, number>, opts: { wide?: string } = {}): string {
  const L: string[] = [];
  L.push(`${agency}${year}年度政府信息公开工作年度报告`);
  L.push(`本报告根据《中华人民共和国政府信息公开条例》编制。报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`);
  const who = opts.wide ? `全${opts.wide}共收到` : '全年共收到';
  L.push('一、总体情况', `${year}年，${agency}认真贯彻落实《条例》，${who}政府信息公开申请${v['t3.new_received.total']}件。`);
  L.push('二、主动公开政府信息情况');
  for (const s of F.t2.rows.reduce<string[]>((acc, r) => (acc.includes(r.section) ? acc : [...acc, r.section]), [])) {
    const rows = F.t2.rows.filter((r) => r.section === s);
    L.push(`${s} |`, '|||', '信息内容 |', ...rows[0].columns.map((c) => `${c.label} |`));
    for (const r of rows) L.push(`${r.label} |`, ...r.columns.map((c) => `${v[`t2.${r.key}.${c.key}`]} |`));
  }
  L.push('三、收到和处理政府信息公开申请情况', '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |', '申请人情况 |');
  L.push(...F.t3.columns.map((c) => `${c.label} |`));
  let group = '';
  for (const r of F.t3.rows) {
    const g = r.groups.join('/');
    if (g !== group) {
      for (const label of r.groups.filter((x) => !group.includes(x))) L.push(`${label} |`);
      group = g;
    }
    L.push(`${r.label} |`, ...COLUMNS.map((c) => `${v[`t3.${r.key}.${c}`]} |`));
  }
  L.push(
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议 |',
    '行政诉讼 |',
    '结果维持 |',
    '结果纠正 |',
    '其他结果 |',
    '尚未审结 |',
    '总计 |',
    '未经复议直接起诉 |',
    '复议后起诉 |',
  );
  for (const g of ['review', 'litigation_direct', 'litigation_after_review'])
    for (const c of ['upheld', 'corrected', 'other', 'pending', 'total']) L.push(`${v[`t4.${g}.${c}`]} |`);
  L.push(
    '五、存在的主要问题及改进情况',
    '公开内容的深度和广度还有待提升。',
    '六、其他需要报告的事项',
    '本年度未收取信息处理费。',
    agency,
    published.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日'),
  );
  return L.join('\n') + '\n';
}
