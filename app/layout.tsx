import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { AccountNav } from '@/components/auth/AccountNav';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { PrintFooter } from '@/components/ui/PrintFooter';
import './globals.css';

export const metadata: Metadata = {
  title: { default: '政府信息公开年报对比', template: '%s · 政府信息公开年报对比' },
  description: '比较各地区、各单位、各年度政府信息公开工作年度报告的数据，追溯到报告原文。',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

const NAV = [
  { href: '/', label: '概览' },
  { href: '/compare', label: '对比' },
  { href: '/regions', label: '地区' },
  { href: '/reports', label: '报告' },
  { href: '/quality', label: '数据质量' },
];

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, the not-found page too, so each gets its request's CSP
  // nonce on Next's scripts (proxy.ts); a prerendered page's scripts would carry none.
  await connection();
  return (
    <html lang="zh-CN">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          跳到正文
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-1 px-3 py-2 sm:px-6">
            <Link href="/" className="text-base font-semibold text-slate-900">
              政府信息公开年报对比
            </Link>
            <nav aria-label="主导航" className="-mx-1 flex flex-wrap text-sm">
              {NAV.map((n) => (
                <Link key={n.href} href={n.href} className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                  {n.label}
                </Link>
              ))}
            </nav>
            <AccountNav />
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-3 py-4 sm:px-6 sm:py-6">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-3 pb-8 text-xs text-slate-400 sm:px-6">
          数据来源：各单位政府信息公开工作年度报告（按国办公开办函〔2021〕30号、〔2019〕60号格式解析）。图表中的每个数字都可追溯到报告原文。
        </footer>
        <Suspense fallback={null}>
          <PrintFooter />
        </Suspense>
      </body>
    </html>
  );
}
