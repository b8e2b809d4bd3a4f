/**
 * The page count a PDF's page tree declares, read from the file's bytes before pdfjs: pdfjs
 * checks a document by walking its page tree to the last page as it opens it, fetching every page
 * object on the way (12 s for a 120,000-page file on this machine) before the page budget could be
 * checked from `numPages`. Here the `/Count` of each uncompressed `/Type /Pages` object is read
 * with a text search (the largest is the root's, the document's page count). A tree stored in a
 * compressed object stream is not seen here: the worker's `numPages` check, after opening, and
 * its time limit still bound it.
 */

const PAGES = /\/Type\s*\/Pages(?![A-Za-z])/g;
const COUNT = /\/Count\s+(\d{1,12})/;

/** The largest `/Count` of an uncompressed page-tree node, or null when none is found. */
export function declaredPageCount(bytes: Uint8Array): number | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let max: number | null = null;
  for (const m of text.matchAll(PAGES)) {
    // The object holding this dictionary: from its `obj` keyword to its `endobj`.
    const start = text.lastIndexOf('obj', m.index);
    const end = text.indexOf('endobj', m.index);
    if (start < 0 || end < 0) continue;
    const count = COUNT.exec(text.slice(start, end));
    if (count) max = Math.max(max ?? 0, Number(count[1]));
  }
  return max;
}
