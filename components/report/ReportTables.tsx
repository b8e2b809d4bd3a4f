'use client';
/**
 * A report's three tables, drawn from plain data (lib/report/table-view: the format's layout,
 * built once per format, and each value cell's display). Every value cell carries its key; the
 * Linker ties it to the source text. Cell looks come from CSS on data-status / data-failing /
 * data-reviewed (globals.css).
 */
import type { FormatVersion } from '@/lib/format/tables';
import { tableLayout, type CellView, type LayoutCell } from '@/lib/report/table-view';

interface Props {
  format: FormatVersion;
  /** Every value cell, in the format's layout order (lib/report/table-view `tableCells`). */
  cells: CellView[];
}

const MISSING: CellView = { text: '?', status: 'missing', title: '未能读取' };
const TONE = { up: 'text-emerald-700', down: 'text-rose-700', flat: 'text-slate-400' } as const;

function Change({ c }: { c: CellView['change'] }) {
  if (!c) return <div className="text-[10px] text-slate-400">上年无此项</div>;
  return (
    <div className="text-[10px] leading-tight text-slate-500" data-previous={c.previous}>
      上年 {c.shown}
      <span className={`ml-1 ${TONE[c.tone]}`}>{c.delta}</span>
    </div>
  );
}

function Cell({ k, colSpan, v }: { k: string; colSpan?: number; v: CellView }) {
  return (
    <td
      data-key={k}
      colSpan={colSpan}
      data-status={v.status}
      data-reviewed={v.reviewed ? '1' : undefined}
      data-failing={v.failing ? '1' : undefined}
      data-src={v.src ? '1' : undefined}
      tabIndex={v.src ? 0 : undefined}
      title={v.title}
    >
      {v.text}
      {v.sup ? <sup data-reviewed={v.reviewed ? '1' : undefined}>{v.sup}</sup> : null}
      {v.change !== undefined ? <Change c={v.change} /> : null}
    </td>
  );
}

function Row({ row, cells }: { row: LayoutCell[]; cells: Props['cells'] }) {
  return (
    <tr>
      {row.map((c, i) =>
        'key' in c ? (
          <Cell key={c.key} k={c.key} colSpan={c.colSpan} v={cells[c.index] ?? MISSING} />
        ) : (
          <th key={i} className={c.className} colSpan={c.colSpan} rowSpan={c.rowSpan} scope={c.scope}>
            {c.head}
          </th>
        ),
      )}
    </tr>
  );
}

export function ReportTables({ format, cells }: Props) {
  const tables = tableLayout(format);
  return (
    <div className="report-table space-y-5 text-sm">
      {tables.map((t) => (
        <section key={t.title} className="space-y-1">
          <h3 className="text-sm font-semibold text-slate-800">{t.title}</h3>
          <p className="text-xs text-slate-400 md:hidden">表格较宽，可左右滑动查看。</p>
          <div className="overflow-x-auto">
            <table className={`${t.className} border-collapse`}>
              {t.head.length ? (
                <thead>
                  {t.head.map((r, i) => (
                    <Row key={i} row={r} cells={cells} />
                  ))}
                </thead>
              ) : null}
              <tbody>
                {t.body.map((r, i) => (
                  <Row key={i} row={r} cells={cells} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
