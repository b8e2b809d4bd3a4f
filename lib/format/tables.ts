/**
 * The printed layout of the three national tables of each format (labels.json): 表二 sections and
 * rows, 表三 rows with their groups and applicant columns, 表四 groups and results. Kept apart from
 * the rest of the format (keys, rules: format.json) so the browser can draw a report's tables from
 * this file alone (components/report/ReportTables).
 */
import labelsJson from './labels.json';

export type FormatVersion = '2021' | '2019';
export type ValueType = 'count' | 'signed' | 'decimal' | 'money';

export interface T2Row {
  /** e.g. "rules"; its keys are `t2.<row>.<column>`. */
  key: string;
  label: string;
  section: string;
  columns: { key: string; label: string; type: ValueType; unit: string | null }[];
}

export interface T3Row {
  /** Row key (e.g. "denied.state_secret"); values are `t3.<row>.<column>`. */
  key: string;
  label: string;
  /** Labels of the enclosing group rows, outermost first (e.g. 三、本年度办理结果, （三）不予公开). */
  groups: string[];
  isOutcome: boolean;
}

export interface T3Column {
  key: string;
  label: string;
  parent: string | null;
}

export interface T4Group {
  key: string;
  label: string;
  parent: string | null;
}

export interface FormatTables {
  /** The document that set the format (e.g. 国办公开办函〔2021〕30号). */
  document: string;
  t2: { title: string; rows: T2Row[] };
  t3: { title: string; rows: T3Row[]; columns: T3Column[] };
  t4: { title: string; groups: T4Group[]; columns: { key: string; label: string }[] };
}

function buildTables(version: FormatVersion): FormatTables {
  const lj = labelsJson.formats.find((f) => f.version === version)! as unknown as {
    document: string;
    tables: {
      t2: {
        title: string;
        sections: {
          label: string;
          columns: { key: string; label: string; type: ValueType; unit: string | null }[];
          rows: { key: string; label: string }[];
        }[];
      };
      t3: {
        title: string;
        columns: T3Column[];
        rows: { key?: string; label: string; data: boolean; role?: string; group?: string; subgroup?: string }[];
      };
      t4: { title: string; groups: T4Group[]; columns: { key: string; label: string }[] };
    };
  };
  const t2rows: T2Row[] = lj.tables.t2.sections.flatMap((s) =>
    s.rows.map((r) => ({ key: r.key, label: r.label, section: s.label, columns: s.columns })),
  );
  const t3rows: T3Row[] = lj.tables.t3.rows
    .filter((r) => r.data && r.key)
    .map((r) => ({
      key: r.key!,
      label: r.label,
      groups: [r.group, r.subgroup].filter((g): g is string => Boolean(g)),
      isOutcome: Boolean(r.group) && r.role !== 'sum',
    }));
  return {
    document: lj.document,
    t2: { title: lj.tables.t2.title, rows: t2rows },
    t3: { title: lj.tables.t3.title, rows: t3rows, columns: lj.tables.t3.columns },
    t4: lj.tables.t4,
  };
}

export const FORMAT_TABLES: Record<FormatVersion, FormatTables> = {
  '2021': buildTables('2021'),
  '2019': buildTables('2019'),
};
