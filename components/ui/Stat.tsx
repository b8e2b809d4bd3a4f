import Link from 'next/link';

/** A headline figure: label, value, an optional detail line and a link to the reports behind it. */
export function Stat({
  label,
  value,
  detail,
  partial,
  href,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  /** Why the figure is partial (部分：N 份报告中 M 份缺此项), shown under it. */
  partial?: string | null;
  href?: string | null;
  testId?: string;
}) {
  const body = (
    <>
      <div className="text-xs text-slate-500">{label}</div>
      <div className="mt-0.5 text-2xl font-semibold tabular-nums text-slate-900">{value}</div>
      {detail ? <div className="mt-0.5 text-xs text-slate-500">{detail}</div> : null}
      {partial ? (
        <div className="mt-0.5 text-xs text-amber-800" data-partial="1">
          {partial}
        </div>
      ) : null}
    </>
  );
  const cls = 'block rounded-lg border border-slate-200 bg-white p-3';
  return href ? (
    <Link href={href} className={`${cls} hover:border-sky-400`} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className={cls} data-testid={testId}>
      {body}
    </div>
  );
}

export function Pill({ href, active, children }: { href: string; active?: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      scroll={false}
      aria-current={active ? 'true' : undefined}
      className={`rounded-full border px-3 py-1 text-sm ${active ? 'border-sky-700 bg-sky-700 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
    >
      {children}
    </Link>
  );
}
