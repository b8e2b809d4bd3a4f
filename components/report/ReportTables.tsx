/**
 * A report's three tables laid out as in the national template (表二 sections, 表三 with its
 * three-level row header and 申请人情况 column header, 表四 as one row of 15 cells), derived from
 * the format as data. Every value cell carries its key; the Linker ties it to the source text.
 */
import { FORMATS, type FormatVersion } from '@/lib/format';
import { formatCount } from '@/lib/charts/spec';

export interface CellValue {
  key: string;
  value: number | null;
  status: string;
  raw: string | null;
  start: number | null;
  end: number | null;
  note: string | null;
  /** A reviewer's correction in force: the value shown is `reviewed.value`, marked 已人工核对. */
  reviewed?: { kind: string; value: number | null; by: string; at: string } | null;
}

interface Props {
  format: FormatVersion;
  values: Map<string, CellValue>;
  /** Keys involved in a failed check. */
  failing: Set<string>;
  /** The same body's previous year, per key (the body page): shown under each value with the change. */
  compare?: Map<string, { previous: number | null; change: number | null }>;
}

const STATUS_TITLE: Record<string, string> = {
  blank: '原文空白（校验按 0 计）',
  inferred: '原文缺失，按表内关系推算',
  guessed: '粘连数字按合理性拆分（推测），请核对原文',
  missing: '未能读取',
};

function Change({ c }: { c: { previous: number | null; change: number | null } | undefined }) {
  if (!c) return <div className="text-[10px] text-slate-400">上年无此项</div>;
  const cls = c.change === null || c.change === 0 ? 'text-slate-400' : c.change > 0 ? 'text-emerald-700' : 'text-rose-700';
  return (
    <div className="text-[10px] leading-tight text-slate-500" data-previous={c.previous ?? ''}>
      上年 {formatCount(c.previous)}
      <span className={`ml-1 ${cls}`}>{c.change === null ? '' : c.change > 0 ? `+${formatCount(c.change)}` : c.change === 0 ? '±0' : formatCount(c.change)}</span>
    </div>
  );
}

/**
 * One value cell. Its look comes from CSS on data-status / data-failing (globals.css), and a
 * title only where it says more than “printed”: 200 cells per report, each sent in the HTML and in
 * the React payload, so every attribute counts.
 */
// Header cells: short class names styled in globals.css (.rt-h, .rt-r): they repeat on every header.
const th = 'rt-h';
const rowTh = 'rt-r';

function Cell({ k, values, failing, colSpan, compare }: { k: string; colSpan?: number } & Omit<Props, 'format'>) {
  const v = values.get(k);
  const status = v?.status ?? 'missing';
  const hasSource = v?.start != null && v?.end != null;
  const rv = v?.reviewed;
  const title = [
    rv ? `已人工核对（${rv.by}，${rv.at.slice(0, 10)}）：解析值 ${formatCount(v?.value)}，核对值 ${formatCount(rv.value)}` : '',
    STATUS_TITLE[status] ?? '',
    v?.raw != null && v.raw !== '' && v.raw !== String(v.value) ? `原文“${v.raw}”` : '',
    v?.note ?? '',
    failing.has(k) ? '参与未通过的校验' : '',
  ]
    .filter(Boolean)
    .join('；');
  // A correction in force shows the reviewed value, marked 核 (已人工核对).
  const shown = rv ? formatCount(rv.value) : status === 'missing' ? '?' : status === 'blank' ? '空' : formatCount(v?.value);
  // Only the attributes a cell has: an undefined prop still travels in the React payload.
  const attrs: Record<string, string | number> = { 'data-key': k };
  if (colSpan) attrs.colSpan = colSpan;
  if (status !== 'printed') attrs['data-status'] = status;
  if (rv) attrs['data-reviewed'] = '1';
  if (failing.has(k)) attrs['data-failing'] = '1';
  if (hasSource) {
    attrs['data-src'] = '1';
    attrs.tabIndex = 0;
  }
  if (title) attrs.title = title;
  return (
    <td {...attrs}>
      {shown}
      {rv ? <sup data-reviewed="1">核</sup> : status === 'inferred' ? <sup>推</sup> : status === 'guessed' ? <sup>疑</sup> : null}
      {compare ? <Change c={compare.get(k)} /> : null}
    </td>
  );
}

function Wrap({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-1">
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      <p className="text-xs text-slate-400 md:hidden">表格较宽，可左右滑动查看。</p>
      <div className="overflow-x-auto">{children}</div>
    </section>
  );
}

export function ReportTables(props: Props) {
  const f = FORMATS[props.format];
  const cell = (k: string, colSpan?: number) => (
    <Cell key={k} k={k} colSpan={colSpan} values={props.values} failing={props.failing} compare={props.compare} />
  );

  // 表二: per section, a full-width section row, a header row, then its rows.
  const maxCols = Math.max(...f.t2.rows.map((r) => r.columns.length));
  const sections = [...new Set(f.t2.rows.map((r) => r.section))];

  // 表三: row headers in up to three levels (group, subgroup, row).
  const t3 = f.t3;
  const groupSpan = (g: string) => t3.rows.filter((r) => r.groups[0] === g).length;
  const subSpan = (g: string) => t3.rows.filter((r) => r.groups[1] === g).length;
  const applicantCols = t3.columns;
  const orgCols = applicantCols.filter((c) => c.parent);
  const orgParent = orgCols[0]?.parent ?? '';

  // 表四
  const t4 = f.t4;
  const parents = [...new Set(t4.groups.map((g) => g.parent).filter((p): p is string => Boolean(p)))];

  return (
    <div className="report-table space-y-5 text-sm">
      <Wrap title={f.t2.title}>
        <table className="min-w-[34rem] border-collapse">
          <tbody>
            {sections.map((s) => {
              const rows = f.t2.rows.filter((r) => r.section === s);
              const cols = rows[0].columns;
              return [
                <tr key={`${s}-h`}>
                  <th colSpan={maxCols + 1} className={`${th} text-left`}>
                    {s}
                  </th>
                </tr>,
                <tr key={`${s}-c`}>
                  <th className={th}>信息内容</th>
                  {cols.map((c, i) => (
                    <th key={c.key} className={th} colSpan={i === cols.length - 1 ? maxCols - cols.length + 1 : 1}>
                      {c.label}
                    </th>
                  ))}
                </tr>,
                ...rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row" className={rowTh}>
                      {r.label}
                    </th>
                    {r.columns.map((c, i) =>
                      cell(`t2.${r.key}.${c.key}`, i === r.columns.length - 1 && maxCols > r.columns.length ? maxCols - r.columns.length + 1 : undefined),
                    )}
                  </tr>
                )),
              ];
            })}
          </tbody>
        </table>
      </Wrap>

      <Wrap title={t3.title}>
        <table className="min-w-[40rem] border-collapse">
          <thead>
            <tr>
              <th rowSpan={3} colSpan={3} className={`${th} w-[16rem] text-[11px] font-normal text-slate-500`}>
                （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
              </th>
              <th colSpan={applicantCols.length} className={th}>
                申请人情况
              </th>
            </tr>
            <tr>
              {applicantCols
                .filter((c) => !c.parent)
                .map((c, i) =>
                  i === 1 ? (
                    [
                      <th key="org" colSpan={orgCols.length} className={th}>
                        {orgParent}
                      </th>,
                      <th key={c.key} rowSpan={2} className={th}>
                        {c.label}
                      </th>,
                    ]
                  ) : (
                    <th key={c.key} rowSpan={2} className={th}>
                      {c.label}
                    </th>
                  ),
                )}
            </tr>
            <tr>
              {orgCols.map((c) => (
                <th key={c.key} className={th}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t3.rows.map((r, i) => {
              const prev = t3.rows[i - 1];
              const heads: React.ReactNode[] = [];
              const [g, sg] = r.groups;
              if (g && prev?.groups[0] !== g) {
                heads.push(
                  <th key="g" rowSpan={groupSpan(g)} className={`${rowTh} w-8 text-center [writing-mode:vertical-rl]`}>
                    {g}
                  </th>,
                );
              }
              if (sg && prev?.groups[1] !== sg) {
                heads.push(
                  <th key="sg" rowSpan={subSpan(sg)} className={`${rowTh} w-20`}>
                    {sg}
                  </th>,
                );
              }
              heads.push(
                <th key="r" scope="row" colSpan={g ? (sg ? 1 : 2) : 3} className={rowTh}>
                  {r.label}
                </th>,
              );
              return (
                <tr key={r.key}>
                  {heads}
                  {applicantCols.map((c) => cell(`t3.${r.key}.${c.key}`))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </Wrap>

      <Wrap title={t4.title}>
        <table className="min-w-[44rem] border-collapse">
          <thead>
            <tr>
              {t4.groups
                .filter((g) => !g.parent)
                .map((g) => (
                  <th key={g.key} colSpan={t4.columns.length} rowSpan={1} className={th}>
                    {g.label}
                  </th>
                ))}
              {parents.map((p) => (
                <th key={p} colSpan={t4.columns.length * t4.groups.filter((g) => g.parent === p).length} className={th}>
                  {p}
                </th>
              ))}
            </tr>
            <tr>
              {t4.groups
                .filter((g) => !g.parent)
                .flatMap((g) =>
                  t4.columns.map((c) => (
                    <th key={`${g.key}.${c.key}`} rowSpan={2} className={th}>
                      {c.label}
                    </th>
                  )),
                )}
              {t4.groups
                .filter((g) => g.parent)
                .map((g) => (
                  <th key={g.key} colSpan={t4.columns.length} className={th}>
                    {g.label}
                  </th>
                ))}
            </tr>
            <tr>
              {t4.groups
                .filter((g) => g.parent)
                .flatMap((g) =>
                  t4.columns.map((c) => (
                    <th key={`${g.key}.${c.key}`} className={th}>
                      {c.label}
                    </th>
                  )),
                )}
            </tr>
          </thead>
          <tbody>
            <tr>{t4.groups.flatMap((g) => t4.columns.map((c) => cell(`t4.${g.key}.${c.key}`)))}</tr>
          </tbody>
        </table>
      </Wrap>
    </div>
  );
}
