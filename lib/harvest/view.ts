/** A harvest's items as the browser shows them (server/harvest/harvest.ts HarvestItem, in words). */
import { EXTENSION, type FileKind } from './detail';

export type HarvestStatus = 'new' | 'stored' | 'unchanged' | 'skipped' | 'failed';

export const HARVEST_STATUS_LABEL: Record<HarvestStatus, string> = {
  new: '待入库',
  stored: '已入库',
  unchanged: '已有',
  skipped: '跳过',
  failed: '失败',
};

export interface HarvestItemView {
  url: string;
  title?: string;
  published?: string;
  status: HarvestStatus;
  reason?: string;
  reportId?: number;
  /** The form it was published in: 网页正文, PDF, DOCX … */
  form: string;
}

/** The form of an item's file, in words. */
export function formOf(file: { kind: FileKind } | undefined): string {
  if (!file) return '';
  return file.kind === 'html' ? '网页正文' : EXTENSION[file.kind].slice(1).toUpperCase();
}
