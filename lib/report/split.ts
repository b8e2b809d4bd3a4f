/**
 * Splits digit runs whose cells were glued together when a table was flattened to text
 * ("220000022" → 22|0|0|0|0|0|22). Whitespace inside a run is a cell boundary; within a chunk
 * every split is a candidate, and the table's arithmetic (or plausibility, where there is none)
 * chooses among them. The caller marks every split value and refuses ambiguous ones.
 */

/** All ways to cut `chunks` into exactly `parts` number strings (no leading zeros). */
export function segmentations(chunks: string[], parts: number, opts: { signed?: boolean[]; decimalLast?: boolean } = {}, limit = 20000): string[][] {
  const out: string[][] = [];
  const cur: string[] = [];
  const okPart = (s: string, idx: number): boolean => {
    let body = s;
    if (body[0] === '-' || body[0] === '+') {
      if (!opts.signed?.[idx]) return false;
      body = body.slice(1);
    }
    if (body === '') return false;
    if (body.includes('.')) {
      if (!(opts.decimalLast && idx === parts - 1)) return false;
      if (!/^(0|[1-9]\d*)\.\d+$/.test(body)) return false;
      return true;
    }
    if (!/^\d+$/.test(body)) return false;
    return body === '0' || body[0] !== '0';
  };
  const rec = (ci: number, pos: number): void => {
    if (out.length >= limit) return;
    if (ci === chunks.length) {
      if (cur.length === parts) out.push([...cur]);
      return;
    }
    const chunk = chunks[ci];
    const remainingChunks = chunks.length - ci - 1;
    for (let end = pos + 1; end <= chunk.length; end++) {
      const piece = chunk.slice(pos, end);
      // A sign can only start a piece; a '.' may not end one.
      if (end < chunk.length && chunk[end] === '.') continue;
      if (!okPart(piece, cur.length)) continue;
      if (cur.length + 1 > parts) break;
      cur.push(piece);
      if (end === chunk.length) {
        if (parts - cur.length >= remainingChunks) rec(ci + 1, 0);
      } else rec(ci, end);
      cur.pop();
    }
  };
  rec(0, 0);
  return out;
}

/**
 * Splits of `chunks` into `groups` consecutive groups of `size` cells in which the last cell of
 * each group is the sum of the others (a 表三 row; 表四's three groups). Pruned group by group,
 * so long glued runs stay cheap.
 */
export function groupedSplits(chunks: string[], groups: number, size: number): string[][] {
  const digits = chunks.join(' ');
  const out: string[][] = [];
  const cur: string[] = [];
  const rec = (pos: number, inGroup: number, partial: number): void => {
    if (out.length > 64) return;
    while (pos < digits.length && digits[pos] === ' ') pos++;
    if (cur.length === groups * size) {
      if (pos === digits.length) out.push([...cur]);
      return;
    }
    for (let end = pos + 1; end <= digits.length; end++) {
      const piece = digits.slice(pos, end);
      if (piece.includes(' ')) break;
      if (piece.length > 1 && piece[0] === '0') break;
      const v = Number(piece);
      const last = inGroup === size - 1;
      if (last ? v !== partial : false) {
        if (v > partial) break;
        continue;
      }
      // A cell ends where the run ends or a space follows, or anywhere inside a glued run.
      cur.push(piece);
      rec(end, last ? 0 : inGroup + 1, last ? 0 : partial + v);
      cur.pop();
    }
  };
  rec(0, 0, 0);
  return out;
}
