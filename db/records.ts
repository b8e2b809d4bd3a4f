/**
 * Stored records that both floors above read back — the write services (db/review.ts) inside their
 * transactions and the queries (db/queries/*) for the pages: the columns and row shape of a stored
 * cell and of a correction. Here, below both, so neither side imports the other for them.
 */
import { sql } from 'drizzle-orm';
import { CORRECTION_KINDS, type Correction, type CorrectionState } from '../lib/review/corrections';
import { col } from './rows';

/** A stored cell (report_values), as the report page and the review store read it. */
export const CELL_COLUMNS = 'key, value, status, raw, start, "end" as "end"';
export const CELL = { key: col.text, value: col.numberOrNull, status: col.text, raw: col.textOrNull, start: col.numberOrNull, end: col.numberOrNull };

export interface StoredCorrectionRow extends Correction {
  id: number;
  reportId: number;
  userId: string;
  userName: string;
  createdAt: string;
  state: CorrectionState;
}

/** A stored correction (corrections), read with CORRECTION_COLUMNS. */
export const CORRECTION = {
  id: col.number,
  reportId: col.number,
  target: col.text,
  kind: col.oneOf(CORRECTION_KINDS),
  parsedValue: col.numberOrNull,
  parsedStatus: col.text,
  enteredValue: col.numberOrNull,
  sourceRaw: col.textOrNull,
  sourceStart: col.numberOrNull,
  sourceEnd: col.numberOrNull,
  reason: col.text,
  userId: col.text,
  userName: col.text,
  createdAt: col.text,
  state: col.oneOf(['applied', 'stale'] as const),
};
export const CORRECTION_COLUMNS = sql.raw(`id, report_id as "reportId", target, kind, parsed_value as "parsedValue", parsed_status as "parsedStatus",
  entered_value as "enteredValue", source_raw as "sourceRaw", source_start as "sourceStart", source_end as "sourceEnd", reason,
  user_id as "userId", user_name as "userName", created_at as "createdAt", state`);
