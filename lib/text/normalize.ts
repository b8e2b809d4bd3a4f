/**
 * Normalization applied to every report before parsing. All offsets the parser reports point
 * into the text this returns, which is also what the store keeps and the report page shows.
 */

// Zero-width and bidi controls, soft hyphen, BOM: invisible and never meaningful in a report.
const HIDDEN = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function normalizeText(input: string): string {
  return (
    input
      .replace(/\r\n?/g, '\n')
      // Page breaks from PDF extraction become line breaks.
      .replace(/\f/g, '\n')
      // NFKC folds full-width digits, letters and brackets, and Kangxi radicals (⼀ → 一).
      .normalize('NFKC')
      .replace(HIDDEN, '')
      .replace(/\u00A0/g, ' ')
  );
}

/** Removes all whitespace: used to compare labels that PDF layouts split with spaces or newlines. */
export function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}
