import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth/SignInForm';

export const metadata: Metadata = { title: '登录' };

/** Only paths on this site are followed after sign-in. */
function safeNext(v: string | string[] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v;
  return s && /^\/(?!\/)[\w\-./?=&%~]*$/.test(s) ? s : '/review';
}

export default async function LoginPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await props.searchParams).next);
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-xl font-semibold">登录</h1>
      <p className="text-sm text-slate-600">审核员和管理员登录后可上传报告、核对存疑数字。浏览数据无需登录。账号由管理员创建。</p>
      <SignInForm next={next} />
    </div>
  );
}
