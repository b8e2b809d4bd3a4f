'use client';
/**
 * The view's document actions: download a Word briefing of exactly this view (a plain link to
 * the server route, so it works without JavaScript) and print (the print stylesheet in
 * app/globals.css turns the page into a clean document).
 */
export function ViewActions({ briefingHref }: { briefingHref: string }) {
  const btn = 'rounded border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-50';
  return (
    <div className="flex flex-wrap gap-2 print:hidden" data-testid="view-actions">
      <a href={briefingHref} download className={btn} data-action="briefing" title="下载本视图的 Word 简报：图表、数据表、定义、校验和数据来源">
        下载 Word 简报
      </a>
      <button type="button" className={btn} onClick={() => window.print()} data-action="print">
        打印
      </button>
    </div>
  );
}
