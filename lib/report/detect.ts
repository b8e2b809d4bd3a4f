/**
 * Tells the 2021 format from the 2019 one by the labels printed in the tables (not by the year
 * alone: late adopters exist), falling back on the statistics year.
 */
import type { FormatVersion } from '../format';

const MARKERS_2021 = ['制发件数', '废止件数', '现行有效件', '本年处理决定数量', '本年收费金额', '逾期不补正', '逾期未按收费'];
const MARKERS_2019 = [
  '新制作数量',
  '新公开数量',
  '对外公开总数量',
  '上一年项目数量',
  '增/减',
  '其他对外管理服务事项',
  '采购项目数量',
  '政府集中采购',
];

export function detectFormat(squeezedText: string, year: number | null): { format: FormatVersion; score2021: number; score2019: number } {
  const count = (ms: string[]) => ms.filter((m) => squeezedText.includes(m)).length;
  const score2021 = count(MARKERS_2021);
  const score2019 = count(MARKERS_2019);
  let format: FormatVersion;
  if (score2021 !== score2019) format = score2021 > score2019 ? '2021' : '2019';
  else format = year !== null && year <= 2020 ? '2019' : '2021';
  return { format, score2021, score2019 };
}
