import type { Metadata } from 'next';
import { connection } from 'next/server';
import { UploadPanel } from '@/components/upload/UploadPanel';
import { regionPath } from '@/lib/region/gazetteer';
import { pageActor } from '@/server/session';

export const metadata: Metadata = { title: '上传报告' };

export default async function UploadPage() {
  await connection();
  const actor = await pageActor('/upload', 'upload');
  if (!actor) return <p className="text-sm text-rose-700">无权上传报告。</p>;
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">上传报告</h1>
        <p className="mt-1 text-sm text-slate-600">
          可一次选择多个文件或整个文件夹（.txt .md .html .pdf .docx，文本与网页 5 MB 以内，PDF 与 Word 20 MB 以内）。每个文件与命令行导入走同一流程：
          内容相同的文件只存一次；一个文件失败不影响其他文件。
          {actor.regionCode ? ` 您负责 ${regionPath(actor.regionCode)}，只能导入该地区的报告。` : ''}
        </p>
      </header>
      <UploadPanel />
    </div>
  );
}
