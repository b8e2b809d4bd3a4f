'use client';

export default function Error({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="py-16 text-center">
      <h1 className="text-xl font-semibold">出错了</h1>
      <p className="mt-2 text-sm text-slate-600">页面加载失败{error.digest ? `（编号 ${error.digest}）` : ''}。请稍后重试。</p>
      <button type="button" onClick={reset} className="mt-4 rounded border border-slate-300 bg-white px-3 py-1 text-sm">
        重试
      </button>
    </div>
  );
}
