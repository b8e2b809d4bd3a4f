/**
 * Account events in the audit log (action `account`, written by server/auth.ts and
 * server/account.ts), in words for /audit. Pure.
 */

export const ACCOUNT_ACTION_LABEL = '登录与账号活动';

export const ACCOUNT_EVENTS: Readonly<Record<string, string>> = {
  sign_in: '登录',
  sign_in_failed: '登录失败（密码错误或无此账号）',
  sign_in_refused_disabled: '已停用的账号尝试登录',
  sign_out: '退出',
  password_change: '修改密码（其他会话已退出）',
  profile_change: '修改显示名称',
};

/** One line for an account event's detail: what happened, the change, and from which address. */
export function describeAccountEvent(d: Record<string, unknown>): string {
  const event = ACCOUNT_EVENTS[String(d.event)] ?? String(d.event);
  const change = d.event === 'profile_change' ? `：${d.before} → ${d.after}` : '';
  return `${event}${change}${d.client ? `（来自 ${d.client}）` : ''}`;
}
