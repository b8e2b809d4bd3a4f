import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-xl font-semibold">页面不存在</h1>
      <p className="mt-2 text-sm text-slate-600">要找的报告或地区不存在，或链接有误。</p>
      <Link href="/" className="mt-4 inline-block text-sky-800 underline">
        返回概览
      </Link>
    </div>
  );
}
