/**
 * lib/http/trust.ts (who sent a request, to which site, over which scheme), the sign-in backoff
 * of lib/auth/sign-in-backoff.ts on an injected clock, and the display-name rules.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, decideAttempt, FORGET_AFTER_MS, FREE_FAILURES, MAX_DELAY_MS } from '../lib/auth/sign-in-backoff';
import { checkDisplayName } from '../lib/auth/display-name';
import { describeAccountEvent } from '../lib/auth/account-events';
import { linkOrigin, originVerdict, parseTrustedProxies, PEER_HEADER, trustConfig, viewRequest, type TrustConfig } from '../lib/http/trust';

const OFF: TrustConfig = trustConfig({ GONGKAI_PEER_HEADER: '1' });
const BEHIND_PROXY: TrustConfig = trustConfig({ GONGKAI_PEER_HEADER: '1', TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,::1' });

const h = (o: Record<string, string>) => new Headers(o);

describe('client address', () => {
  it('is the TCP peer when no proxy is trusted: X-Forwarded-For is ignored', () => {
    const v = viewRequest(h({ [PEER_HEADER]: '203.0.113.7', 'x-forwarded-for': '198.51.100.1', host: 'gk.example' }), OFF);
    expect(v).toMatchObject({ client: '203.0.113.7', viaTrustedProxy: false });
  });

  it('is the right-most untrusted X-Forwarded-For entry when the peer is a trusted proxy', () => {
    // The client wrote "6.6.6.6, 10.9.9.9"; the trusted proxy appended the address it saw.
    const v = viewRequest(h({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': '6.6.6.6, 10.9.9.9, 198.51.100.23, 10.0.0.5' }), BEHIND_PROXY);
    expect(v).toMatchObject({ client: '198.51.100.23', viaTrustedProxy: true });
  });

  it('two clients sending the same spoofed list get different addresses (no shared bucket)', () => {
    const a = viewRequest(h({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 198.51.100.1' }), BEHIND_PROXY);
    const b = viewRequest(h({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': '3.3.3.3, 2.2.2.2, 198.51.100.2' }), BEHIND_PROXY);
    expect([a.client, b.client]).toEqual(['198.51.100.1', '198.51.100.2']);
  });

  it('maps IPv4-mapped IPv6 peers (as Node reports them) to IPv4 and matches them against IPv4 ranges', () => {
    expect(viewRequest(h({ [PEER_HEADER]: '::ffff:127.0.0.1', 'x-forwarded-for': '198.51.100.9' }), BEHIND_PROXY)).toMatchObject({
      peer: '127.0.0.1',
      client: '198.51.100.9',
      viaTrustedProxy: true,
    });
    expect(viewRequest(h({ [PEER_HEADER]: '::1', 'x-forwarded-for': '2001:db8::5' }), BEHIND_PROXY).client).toBe('2001:db8:0:0:0:0:0:5');
  });

  it("ignores a client's own peer header unless our server wrote it", () => {
    const v = viewRequest(
      h({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': '198.51.100.9', 'x-forwarded-host': 'evil.example' }),
      trustConfig({ TRUSTED_PROXIES: '127.0.0.1' }),
    );
    expect(v).toMatchObject({ peer: null, client: null, viaTrustedProxy: false, host: null });
  });

  it('is unknown when a trusted hop forwarded garbage', () => {
    expect(viewRequest(h({ [PEER_HEADER]: '127.0.0.1', 'x-forwarded-for': 'not-an-ip, 10.0.0.2' }), BEHIND_PROXY).client).toBeNull();
  });
});

describe('TRUSTED_PROXIES', () => {
  it('takes addresses and CIDR ranges, and refuses anything else in one line', () => {
    expect(parseTrustedProxies('127.0.0.1,10.0.0.0/8 ::1').map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual([
      '127.0.0.1/32',
      '10.0.0.0/8',
      '::1/128',
    ]);
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow('TRUSTED_PROXIES: "10.0.0.0/33" is not an address or CIDR range');
    expect(() => parseTrustedProxies('localhost')).toThrow('TRUSTED_PROXIES: "localhost" is not an address or CIDR range');
    // ipaddr.js alone would read 0x7f.1 as 127.0.0.1: only the usual notation is an address here.
    expect(() => parseTrustedProxies('0x7f.1')).toThrow(/0x7f\.1/);
  });
});

describe('host and scheme', () => {
  it('ignores X-Forwarded-Host and -Proto without a trusted proxy', () => {
    const v = viewRequest(
      h({ [PEER_HEADER]: '203.0.113.7', host: 'gk.example:3100', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }),
      OFF,
    );
    expect(v).toMatchObject({ host: 'gk.example:3100', scheme: 'http', origin: 'http://gk.example:3100' });
  });

  it('takes them from a trusted proxy', () => {
    const v = viewRequest(
      h({ [PEER_HEADER]: '10.0.0.5', host: '10.0.0.9:3000', 'x-forwarded-host': 'gk.example', 'x-forwarded-proto': 'https' }),
      BEHIND_PROXY,
    );
    expect(v).toMatchObject({ host: 'gk.example', scheme: 'https', origin: 'https://gk.example' });
  });

  it('refuses a malformed host', () => {
    expect(viewRequest(h({ host: 'evil.example/x?' }), OFF).origin).toBeNull();
  });

  it('compares scheme, host and port of the Origin', () => {
    const site = viewRequest(h({ host: 'localhost:3100' }), OFF);
    expect(originVerdict(h({ origin: 'http://localhost:3100' }), site)).toBe('same');
    expect(originVerdict(h({ origin: 'https://localhost:3100' }), site)).toBe('cross');
    expect(originVerdict(h({ origin: 'http://localhost:3101' }), site)).toBe('cross');
    expect(originVerdict(h({ referer: 'http://localhost:3100/review?x=1' }), site)).toBe('same');
    expect(originVerdict(h({}), site)).toBe('missing');
  });

  it('writes links on the configured site address, else on the site as addressed', () => {
    const v = viewRequest(h({ host: 'gk.example', 'x-forwarded-host': 'evil.example' }), OFF);
    expect(linkOrigin(v, undefined, 'http://localhost:3000')).toBe('http://gk.example');
    expect(linkOrigin(v, 'https://gongkai.example.org/', 'http://localhost:3000')).toBe('https://gongkai.example.org');
    expect(linkOrigin(viewRequest(h({}), OFF), undefined, 'http://localhost:3000')).toBe('http://localhost:3000');
  });
});

describe('sign-in backoff', () => {
  const t0 = Date.UTC(2026, 0, 1);
  it('grows from 1 s after the free failures and stops at 15 minutes', () => {
    expect(backoffDelay(FREE_FAILURES - 1)).toBe(0);
    expect([FREE_FAILURES, FREE_FAILURES + 1, FREE_FAILURES + 3].map(backoffDelay)).toEqual([1000, 2000, 8000]);
    expect(backoffDelay(1000)).toBe(MAX_DELAY_MS);
  });

  it('holds back a client that failed on the account, never one that did not', () => {
    const account = { failures: FREE_FAILURES + 3, lastFailureAt: t0 };
    expect(decideAttempt(account, { failures: 1, lastFailureAt: t0 }, t0 + 1000)).toEqual({ allowed: false, retryAfterMs: 7000 });
    expect(decideAttempt(account, { failures: 1, lastFailureAt: t0 }, t0 + 8000)).toEqual({ allowed: true });
    expect(decideAttempt(account, null, t0 + 1)).toEqual({ allowed: true });
    expect(decideAttempt({ failures: FREE_FAILURES - 1, lastFailureAt: t0 }, { failures: 4, lastFailureAt: t0 }, t0 + 1)).toEqual({ allowed: true });
  });

  it('forgets failures after a day', () => {
    const account = { failures: 50, lastFailureAt: t0 };
    expect(decideAttempt(account, { failures: 50, lastFailureAt: t0 }, t0 + 60_000).allowed).toBe(false);
    expect(decideAttempt(account, { failures: 50, lastFailureAt: t0 }, t0 + FORGET_AFTER_MS).allowed).toBe(true);
  });
});

describe('display name', () => {
  it('is trimmed and bounded, without invisible characters or fake role labels', () => {
    expect(checkDisplayName('  王小明 ')).toEqual({ name: '王小明' });
    expect(checkDisplayName('chief (管理员)')).toEqual({ problem: '显示名称不能含“管理员”“审核员”（页面会自动标出角色）' });
    expect(checkDisplayName('abc\u202Efed')).toEqual({ problem: '显示名称不能含控制字符或不可见字符' });
    expect(checkDisplayName('a\u200Bb')).toEqual({ problem: '显示名称不能含控制字符或不可见字符' });
    expect(checkDisplayName('a\nb')).toEqual({ problem: '显示名称不能含控制字符或不可见字符' });
    expect(checkDisplayName('名'.repeat(33))).toEqual({ problem: '显示名称最多 32 个字' });
    expect(checkDisplayName('名'.repeat(32))).toEqual({ name: '名'.repeat(32) });
    expect(checkDisplayName('   ')).toEqual({ problem: '请填写显示名称' });
    expect(checkDisplayName(7)).toEqual({ problem: '请填写显示名称' });
  });
});

describe('account events on /audit', () => {
  it('say what happened, the change and the address', () => {
    expect(describeAccountEvent({ event: 'sign_in_failed', client: '203.0.113.7' })).toBe('登录失败（密码错误或无此账号）（来自 203.0.113.7）');
    expect(describeAccountEvent({ event: 'profile_change', before: 'huaian', after: '王审核' })).toBe('修改显示名称：huaian → 王审核');
  });
});
