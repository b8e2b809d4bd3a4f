/**
 * Checks a .docx the way a reader's software would meet it: the zip opens, every XML part is
 * well-formed, and LibreOffice converts it to PDF, whose text we read back (poppler's pdftotext).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';

/** The parts of the package; throws on a part that is not well-formed XML. */
export function docxParts(buf: Uint8Array): Map<string, string> {
  const parts = new Map<string, string>();
  for (const [name, bytes] of Object.entries(unzipSync(buf))) {
    if (!/\.(xml|rels)$/.test(name)) {
      parts.set(name, '');
      continue;
    }
    const xml = new TextDecoder().decode(bytes);
    const errors: string[] = [];
    new DOMParser({ onError: (level, msg) => level !== 'warning' && errors.push(msg) }).parseFromString(xml, 'text/xml');
    if (errors.length) throw new Error(`${name}: not well-formed XML: ${errors[0]}`);
    parts.set(name, xml);
  }
  return parts;
}

/**
 * Converts a .docx to PDF with LibreOffice (headless, a throw-away profile so runs never share
 * one) and returns the PDF path inside `outDir`.
 */
export function docxToPdf(docx: string, outDir: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  try {
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, docx], {
      stdio: 'pipe',
      timeout: 600_000, // a hang guard: LibreOffice on a busy machine is slow, not stuck
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return join(outDir, basename(docx).replace(/\.docx$/, '.pdf'));
}

export function pdfText(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
}

/** Fonts the PDF embeds (pdffonts), e.g. to see that Chinese got a CJK font. */
export function pdfFonts(pdf: string): string {
  return execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
}

/** Writes the bytes, converts, and returns the PDF's text and fonts. */
export function readDocxAsPdf(buf: Uint8Array, dir: string, name = 'briefing.docx'): { pdf: string; text: string; fonts: string } {
  const file = join(dir, name);
  writeFileSync(file, buf);
  const pdf = docxToPdf(file, dir);
  readFileSync(pdf);
  return { pdf, text: pdfText(pdf), fonts: pdfFonts(pdf) };
}
