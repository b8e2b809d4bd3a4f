/**
 * The display name an account may give itself (the only profile field it may change; the
 * username, which the audit log records, never changes). Pure.
 */

export const DISPLAY_NAME_MAX = 32;

/**
 * Control, format (bidirectional overrides, zero-width characters) and separator characters:
 * they could make a name read differently from what it is, or break the line it is shown on.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/** The role labels the pages add after a name themselves (AccountNav): a name must not fake one. */
const ROLE_WORDS = /管理员|审核员/;

/** The name as stored (trimmed), or the one-line reason it is refused. */
export function checkDisplayName(raw: unknown): { name: string } | { problem: string } {
  if (typeof raw !== 'string') return { problem: '请填写显示名称' };
  const name = raw.trim();
  if (!name) return { problem: '请填写显示名称' };
  if ([...name].length > DISPLAY_NAME_MAX) return { problem: `显示名称最多 ${DISPLAY_NAME_MAX} 个字` };
  if (INVISIBLE.test(name)) return { problem: '显示名称不能含控制字符或不可见字符' };
  if (ROLE_WORDS.test(name)) return { problem: '显示名称不能含“管理员”“审核员”（页面会自动标出角色）' };
  return { name };
}
