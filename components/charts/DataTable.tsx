/**
 * The table view of a chart: the same numbers as the chart and the CSV (specToTable). Cells with
 * a drill-down target link to the report(s) behind them.
 */
import Link from 'next/link';
import { specToTable, type ChartSpec } from '@/lib/charts/spec';

export function DataTable({ spec }: { spec: ChartSpec }) {
  const table = specToTable(spec);
  return (
    <div className="max-h-[28rem] overflow-auto rounded border border-slate-200" data-testid="chart-table">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">
          {spec.title}（{spec.subtitle}）
        </caption>
        <thead className="sticky top-0 bg-slate-50">
          <tr>
            {table.columns.map((c, i) => (
              <th
                key={i}
                scope="col"
                className={`border-b border-slate-200 px-2 py-1.5 font-medium text-slate-600 ${i ? 'text-right' : 'text-left'}`}
              >
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, ri) => (
            <tr key={ri} className="odd:bg-white even:bg-slate-50/50">
              <th scope="row" className="whitespace-nowrap border-b border-slate-100 px-2 py-1 text-left font-normal text-slate-800">
                {r.label}
              </th>
              {r.cells.map((c, ci) => (
                <td key={ci} className="border-b border-slate-100 px-2 py-1 text-right tabular-nums text-slate-800">
                  {r.links[ci] ? (
                    <Link href={r.links[ci]!} className="text-sky-800 underline decoration-dotted underline-offset-2 hover:decoration-solid">
                      {c}
                    </Link>
                  ) : (
                    c
                  )}
                  {r.partial[ci] ? (
                    <span className="ml-1 rounded bg-amber-50 px-1 text-[11px] text-amber-800" title={r.partial[ci]!} data-partial="1">
                      部分
                    </span>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
