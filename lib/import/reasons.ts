/**
 * Import outcomes in words for the browser (Chinese). Parser and source errors carry
 * "中文 / English"; the Chinese half is shown.
 */
export const OUTCOME_LABEL = { imported: '已导入', unchanged: '未变化（已存在）', reparsed: '已重新解析', failed: '失败' } as const;

export function chineseReason(reason: string | null | undefined): string {
  if (!reason) return '';
  const zh = reason.split(' / ')[0].trim();
  if (/[\u4e00-\u9fff]/.test(zh)) return zh;
  if (/gazetteer/.test(reason)) return `地区代码不在 GB/T 2260 中：${reason.match(/\d{6,9}/)?.[0] ?? ''}`;
  if (reason === 'manifest changed') return '按填写的信息重新解析';
  return `导入失败：${reason}`;
}
