'use client';
/**
 * Puts the page's address and the date into the footer of every printed page (CSS @page margin
 * boxes, which Chromium ≥ 131 prints), with the page number. The address is the browser's, so it
 * is set on the client, again before each print and after each navigation.
 */
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

function cssString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r]/g, ' ')}"`;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function PrintFooter() {
  const pathname = usePathname();
  const search = useSearchParams();
  const [where, setWhere] = useState<{ url: string; date: string } | null>(null);
  useEffect(() => {
    const update = () => setWhere({ url: window.location.href, date: today() });
    update();
    window.addEventListener('beforeprint', update);
    return () => window.removeEventListener('beforeprint', update);
  }, [pathname, search]);
  if (!where) return null;
  const css = `@page {
  @bottom-left { content: ${cssString(where.url)}; font-size: 8pt; color: #555; }
  @bottom-right { content: ${cssString(`打印于 ${where.date}　第 `)} counter(page) " / " counter(pages) " 页"; font-size: 8pt; color: #555; }
}`;
  return <style data-print-footer>{css}</style>;
}
