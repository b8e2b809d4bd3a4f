'use client';
/**
 * Ties the report's table cells to their source text: clicking a cell scrolls to and marks its
 * source; clicking a mark in the text marks and scrolls to its cell(s); a failed check's
 * "定位" button marks every cell of the rule. The marked keys go to the URL (?key=…).
 */
import { useEffect, useRef } from 'react';
import { matchKeys } from '@/lib/charts/state';

function sel(attr: string, key: string): string {
  return `[${attr}~="${CSS.escape(key)}"]`;
}

export function Linker({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);

  function mark(keys: string[], scrollTo: 'source' | 'table' | 'none') {
    const root = ref.current;
    if (!root || keys.length === 0) return;
    root.querySelectorAll('.is-active').forEach((el) => el.classList.remove('is-active'));
    root.querySelectorAll('.cell-active').forEach((el) => el.classList.remove('cell-active'));
    const marks: Element[] = [];
    const cells: Element[] = [];
    for (const k of keys) {
      root.querySelectorAll(sel('data-keys', k)).forEach((el) => marks.push(el));
      root.querySelectorAll(`td[data-key="${CSS.escape(k)}"]`).forEach((el) => cells.push(el));
    }
    marks.forEach((el) => el.classList.add('is-active'));
    cells.forEach((el) => el.classList.add('cell-active'));
    const target = scrollTo === 'source' ? marks[0] : scrollTo === 'table' ? cells[0] : null;
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const url = new URL(location.href);
    url.searchParams.set('key', keys.join('~'));
    history.replaceState(history.state, '', url.pathname + url.search.replace(/%7E/gi, '~') + url.hash);
    root.setAttribute('data-marked', keys.join(' '));
  }

  // The cells a link asks for (?key=…, `*` patterns allowed), marked once the source text and the
  // tables are in the page (they render in the browser, just after this component mounts).
  useEffect(() => {
    const root = ref.current;
    const param = new URLSearchParams(location.search).get('key');
    if (!root || !param) return;
    let tries = 0;
    const run = () => {
      if ((!root.querySelector('[data-testid="source-text"]') || !root.querySelector('td[data-key]')) && tries++ < 40)
        return void (timer = window.setTimeout(run, 25));
      const all = [...root.querySelectorAll('td[data-key]')].map((td) => td.getAttribute('data-key')!);
      const keys = matchKeys(param, all);
      if (keys.length === 0) return;
      // Scroll to the first marked source; if the cell has no source (blank, missing), to the cell.
      const hasMark = keys.some((k) => root.querySelector(sel('data-keys', k)));
      mark(keys, hasMark ? 'source' : 'table');
    };
    let timer = window.setTimeout(run, 0);
    return () => window.clearTimeout(timer);
  }, []);

  function onActivate(target: HTMLElement) {
    const cell = target.closest('td[data-key]');
    if (cell) {
      mark([cell.getAttribute('data-key')!], 'source');
      return;
    }
    const m = target.closest('mark[data-keys]');
    if (m) {
      mark(m.getAttribute('data-keys')!.split(' '), 'table');
      return;
    }
    const b = target.closest('[data-mark-keys]');
    if (b) mark(b.getAttribute('data-mark-keys')!.split(' '), 'table');
  }

  return (
    <div
      ref={ref}
      onClick={(e) => onActivate(e.target as HTMLElement)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          const t = e.target as HTMLElement;
          if (t.matches('td[data-key]')) {
            e.preventDefault();
            onActivate(t);
          }
        }
      }}
    >
      {children}
    </div>
  );
}
