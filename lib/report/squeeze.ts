/**
 * A view of the text with whitespace, table rules ("|") and quotes removed, and a map back to the
 * original offsets. Labels are searched in this view because PDF and Word layouts split them
 * with spaces, line breaks and cell borders ("商业 企业", "(三)不⏎予公开", "(三)不 | 予公开").
 */
export interface Squeezed {
  text: string;
  /** Original offset of each character of `text`. */
  at: Int32Array;
}

export function squeezeWithMap(source: string, from = 0, to = source.length): Squeezed {
  const at = new Int32Array(to - from);
  let out = '';
  let n = 0;
  let runStart = -1;
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    // Whitespace, table rules and quotation marks ("危及“三安全一稳定”" is printed with either kind).
    const skip =
      c === 0x20 ||
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x7c ||
      c === 0x3000 ||
      c === 0x0b ||
      c === 0x0c ||
      c === 0x22 ||
      c === 0x27 ||
      c === 0x201c ||
      c === 0x201d ||
      c === 0x2018 ||
      c === 0x2019;
    if (skip) {
      if (runStart >= 0) {
        out += source.slice(runStart, i);
        runStart = -1;
      }
      continue;
    }
    if (runStart < 0) runStart = i;
    at[n++] = i;
  }
  if (runStart >= 0) out += source.slice(runStart, to);
  return { text: out, at: at.subarray(0, n) };
}
