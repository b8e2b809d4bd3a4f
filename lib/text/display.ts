/**
 * Untrusted names and messages (file names, parser messages) shown to a person: one error per
 * line must stay one line, and a stored path must not reveal the server's folders.
 */

/**
 * Escapes what would break a line or fool the eye: C0/C1 control characters (newline → `\n`,
 * CR → `\r`, tab → `\t`, others `\x1b`, `\u0085`), the Unicode line and paragraph separators and
 * the bidirectional overrides that can make `evil‮fdp.txt` read as `evil txt.pdf`.
 * Backslashes are left alone (Windows paths stay readable).
 */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
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
