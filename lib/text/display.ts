/**
 * Untrusted names and messages (file names, parser messages) shown to a person: one error per
 * line must stay one line, and a stored path must not reveal the server's folders.
 */

/**
 * Bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069),
 * the left-to-right / right-to-left / Arabic letter marks (U+200E, U+200F, U+061C). None belongs
 * in a Chinese agency, file or account name; each can make `2023` read as `3202`.
 */
const BIDI_CONTROLS = '\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069';
/** C0 and C1 control characters, and the Unicode line and paragraph separators. */
const CONTROLS = '\u0000-\u001f\u007f-\u009f\u2028\u2029';
const BIDI_RE = new RegExp(`[${BIDI_CONTROLS}]`, 'g');
const CONTROL_RE = new RegExp(`[${CONTROLS}]`, 'g');

/**
 * User or report text (agency, file and account names, titles, notes, reasons) as shown on a page,
 * in a chart image or a Word briefing: bidirectional controls removed (so the text reads in the
 * order it is stored) and other control characters (newline, tab, escape…) turned into a space.
 * The stored text is unchanged; this is only what is drawn.
 */
export function displayText<T extends string | null | undefined>(s: T): T {
  if (s == null) return s;
  return s.replace(BIDI_RE, '').replace(CONTROL_RE, ' ') as T;
}

/**
 * Escapes what would break a line or fool the eye: C0/C1 control characters (newline → `\n`,
 * CR → `\r`, tab → `\t`, others `\x1b`, `\u0085`), the Unicode line and paragraph separators and
 * the bidirectional overrides that can make `evil‮fdp.txt` read as `evil txt.pdf`.
 * Backslashes are left alone (Windows paths stay readable).
 */
const ONE_LINE_RE = new RegExp(`[${CONTROLS}${BIDI_CONTROLS}]`, 'g');

export function oneLine(s: string): string {
  return s.replace(ONE_LINE_RE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** The one-line error format of the parse and import commands: `FILE: error: REASON`. */
export function errorLine(file: string, reason: string): string {
  return `${oneLine(file)}: error: ${oneLine(reason)}`;
}

/** The last part of a stored path (`../names/淮安市.pdf` → `淮安市.pdf`), either separator. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
