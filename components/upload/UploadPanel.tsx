'use client';
/**
 * Many files or a folder → one POST /api/upload per file (two at a time), with each file's
 * transfer progress, the overall progress, and a result row per file: imported / unchanged (with
 * links) or failed (the reason in Chinese). The manifest fields can be set per file before the
 * upload, and for a stored report after it.
 */
import Link from 'next/link';
import { useState } from 'react';
import { OUTCOME_LABEL } from '@/lib/import/reasons';
import { MetaFields, type MetaValues } from './MetaFields';

const EXTENSIONS = /\.(txt|md|markdown|html?|pdf|docx)$/i;
const PARALLEL = 2;

type Outcome = keyof typeof OUTCOME_LABEL;

interface Item {
  id: number;
  file: File;
  path: string;
  meta: MetaValues;
  showMeta: boolean;
  state: 'waiting' | 'sending' | 'done';
  sent: number;
  result?: { outcome: Outcome; reason: string | null; reportId: number | null };
}

let nextId = 1;

/** Files of a dropped folder, recursively (webkitGetAsEntry). */
async function entryFiles(entry: FileSystemEntry, prefix = ''): Promise<{ file: File; path: string }[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    return [{ file, path: prefix + file.name }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const out: { file: File; path: string }[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (batch.length === 0) break;
    for (const e of batch) out.push(...(await entryFiles(e, `${prefix}${entry.name}/`)));
  }
  return out;
}

function send(item: Item, onProgress: (sent: number) => void): Promise<Item['result']> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.set('file', item.file);
    form.set('path', item.path);
    for (const [k, v] of Object.entries(item.meta)) if (v) form.set(k, v);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/upload');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let body: { outcome?: Outcome; reason?: string | null; reportId?: number | null; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status === 200 && body.outcome) resolve({ outcome: body.outcome, reason: body.reason ?? null, reportId: body.reportId ?? null });
      else resolve({ outcome: 'failed', reason: body.error ?? `服务器错误（${xhr.status}）`, reportId: null });
    };
    xhr.onerror = () => resolve({ outcome: 'failed', reason: '网络错误，未能上传', reportId: null });
    xhr.send(form);
  });
}

export function UploadPanel() {
  const [items, setItems] = useState<Item[]>([]);
  const [running, setRunning] = useState(false);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [lastDoneAt, setLastDoneAt] = useState<number | null>(null);

  const update = (id: number, patch: Partial<Item>) => setItems((xs) => xs.map((x) => (x.id === id ? { ...x, ...patch } : x)));

  function add(files: { file: File; path: string }[]) {
    const fresh = files
      .filter((f) => EXTENSIONS.test(f.file.name) || files.length === 1)
      .map((f): Item => ({ id: nextId++, file: f.file, path: f.path, meta: {}, showMeta: false, state: 'waiting', sent: 0 }));
    setItems((xs) => [...xs.filter((x) => x.state !== 'waiting' || !fresh.some((f) => f.path === x.path)), ...fresh]);
  }

  async function start() {
    const queue = items.filter((x) => x.state === 'waiting');
    if (!queue.length) return;
    setRunning(true);
    setStartedAt(Date.now());
    setLastDoneAt(null);
    let i = 0;
    const worker = async () => {
      while (i < queue.length) {
        const item = queue[i++];
        update(item.id, { state: 'sending', showMeta: false });
        const result = await send(item, (sent) => update(item.id, { sent }));
        update(item.id, { state: 'done', sent: item.file.size, result });
        setLastDoneAt(Date.now());
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    setRunning(false);
  }

  const total = items.length;
  const done = items.filter((x) => x.state === 'done').length;
  const bytes = items.reduce((s, x) => s + x.file.size, 0);
  const sentBytes = items.reduce((s, x) => s + Math.min(x.sent, x.file.size), 0);
  const count = (o: Outcome) => items.filter((x) => x.result?.outcome === o).length;
  // The rate is measured up to the last finished file, so rendering stays a pure function of state.
  const seconds = startedAt && lastDoneAt ? (lastDoneAt - startedAt) / 1000 : 0;

  return (
    <div className="space-y-4" data-testid="upload-panel">
      <div
        className="rounded-lg border-2 border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600"
        onDragOver={(e) => e.preventDefault()}
        onDrop={async (e) => {
          e.preventDefault();
          const entries = [...e.dataTransfer.items].map((it) => it.webkitGetAsEntry()).filter((x): x is FileSystemEntry => Boolean(x));
          const files = (await Promise.all(entries.map((en) => entryFiles(en)))).flat();
          add(files.length ? files : [...e.dataTransfer.files].map((file) => ({ file, path: file.name })));
        }}
      >
        <p>把文件或文件夹拖到这里，或</p>
        <div className="mt-2 flex flex-wrap justify-center gap-2">
          <label className="cursor-pointer rounded border border-slate-300 bg-slate-50 px-3 py-1.5 hover:bg-slate-100">
            选择文件
            <input
              type="file"
              multiple
              accept=".txt,.md,.markdown,.html,.htm,.pdf,.docx"
              className="sr-only"
              data-testid="file-input"
              onChange={(e) => {
                add([...(e.target.files ?? [])].map((file) => ({ file, path: file.name })));
                e.target.value = '';
              }}
            />
          </label>
          <label className="cursor-pointer rounded border border-slate-300 bg-slate-50 px-3 py-1.5 hover:bg-slate-100">
            选择文件夹
            <input
              type="file"
              multiple
              className="sr-only"
              data-testid="folder-input"
              {...({ webkitdirectory: '' } as Record<string, string>)}
              onChange={(e) => {
                add([...(e.target.files ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name })));
                e.target.value = '';
              }}
            />
          </label>
        </div>
      </div>

      {total ? (
        <section className="space-y-2" aria-label="上传进度">
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              onClick={start}
              disabled={running || !items.some((x) => x.state === 'waiting')}
              className="rounded bg-sky-700 px-4 py-1.5 text-sm text-white hover:bg-sky-800 disabled:opacity-50"
              data-testid="upload-start"
            >
              {running ? '正在上传…' : `上传 ${items.filter((x) => x.state === 'waiting').length} 个文件`}
            </button>
            {!running ? (
              <button
                type="button"
                className="text-sm text-slate-500 hover:underline"
                onClick={() => setItems((xs) => xs.filter((x) => x.state !== 'waiting'))}
              >
                清除未上传
              </button>
            ) : null}
            <span className="text-sm text-slate-600" data-testid="upload-summary">
              {done} / {total} 个文件完成 · 已导入 {count('imported') + count('reparsed')} · 未变化 {count('unchanged')} · 失败 {count('failed')}
              {seconds > 0 && done > 0 ? ` · ${seconds.toFixed(1)} 秒（${(done / seconds).toFixed(1)} 个/秒）` : ''}
            </span>
          </div>
          <progress className="h-2 w-full" max={Math.max(1, total)} value={done} aria-label="总进度" data-testid="upload-progress" />
          <p className="text-xs text-slate-500">
            已传送 {(sentBytes / 1048576).toFixed(1)} / {(bytes / 1048576).toFixed(1)} MB
          </p>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="upload-rows">
            {items.map((x) => (
              <li key={x.id} className="px-3 py-2" data-testid="upload-row" data-outcome={x.result?.outcome ?? x.state}>
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="min-w-0 flex-1 break-all">{x.path}</span>
                  {x.state === 'sending' ? (
                    <progress className="h-1.5 w-32" max={Math.max(1, x.file.size)} value={x.sent} aria-label={`${x.path} 的进度`} />
                  ) : null}
                  {x.state === 'waiting' ? (
                    <button type="button" className="text-xs text-sky-800 hover:underline" onClick={() => update(x.id, { showMeta: !x.showMeta })}>
                      {x.showMeta ? '收起' : '填写单位、地区、年度…'}
                    </button>
                  ) : null}
                  {x.result ? (
                    <span
                      className={
                        x.result.outcome === 'failed' ? 'text-rose-700' : x.result.outcome === 'unchanged' ? 'text-slate-600' : 'text-emerald-700'
                      }
                    >
                      {OUTCOME_LABEL[x.result.outcome]}
                      {x.result.reason ? `：${x.result.reason}` : ''}
                    </span>
                  ) : null}
                  {x.result?.reportId ? (
                    <>
                      <Link href={`/reports/${x.result.reportId}`} className="text-sky-800 underline">
                        查看报告
                      </Link>
                      <Link href={`/review/${x.result.reportId}`} className="text-sky-800 underline">
                        审核
                      </Link>
                      <button type="button" className="text-xs text-sky-800 hover:underline" onClick={() => update(x.id, { showMeta: !x.showMeta })}>
                        {x.showMeta ? '收起' : '修改信息'}
                      </button>
                    </>
                  ) : null}
                </div>
                {x.showMeta ? <MetaFields values={x.meta} reportId={x.result?.reportId ?? null} onChange={(meta) => update(x.id, { meta })} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
