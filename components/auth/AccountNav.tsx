import Link from 'next/link';
import { currentActor } from '@/server/session';
import { displayText } from '@/lib/text/display';
import { SignOutButton } from './SignOutButton';

const link = 'rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900';

/** The header's account part: sign-in for visitors; upload, review, audit (and users for admins) when signed in. */
export async function AccountNav() {
  const actor = await currentActor();
  if (!actor) {
    return (
      <nav aria-label="账号" className="ml-auto flex text-sm">
        <Link href="/login" className={link}>
          登录
        </Link>
      </nav>
    );
  }
  return (
    <nav aria-label="账号" className="ml-auto flex flex-wrap items-center text-sm" data-testid="account-nav">
      <Link href="/upload" className={link}>
        上传
      </Link>
      <Link href="/harvest" className={link}>
        抓取
      </Link>
      <Link href="/review" className={link}>
        审核
      </Link>
      <Link href="/audit" className={link}>
        操作记录
      </Link>
      {actor.role === 'admin' ? (
        <Link href="/users" className={link}>
          账号
        </Link>
      ) : null}
      <Link href="/account" className="px-2 py-1 text-slate-400 hover:text-slate-700" data-testid="signed-in-as">
        {displayText(actor.name)}（{actor.role === 'admin' ? '管理员' : '审核员'}）
      </Link>
      <SignOutButton />
    </nav>
  );
}
