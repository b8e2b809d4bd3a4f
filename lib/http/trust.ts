/**
 * Who sent a request, to which site, over which scheme — decided once, from the request's headers
 * and the operator's proxy configuration. Used by the sign-in rate limits (client address), the
 * write routes' same-origin check, links written into files (briefings), session cookies
 * (`Secure`) and HSTS. Pure: the caller passes the headers and the configuration.
 *
 * Trust model. The TCP peer is the only address a client cannot choose; Next's Request does not
 * carry it, so scripts/serve.mjs replaces any incoming `x-gongkai-peer` with the socket's address
 * and says so by setting GONGKAI_PEER_HEADER=1 in its own process (a bare `next start` sets no
 * such header, and one a client sends is then ignored). `X-Forwarded-For/-Host/-Proto` are read
 * only when that peer is one of the proxies the operator names in TRUSTED_PROXIES (addresses or
 * CIDR ranges, parsed by ipaddr.js); the client is then the right-most X-Forwarded-For entry that
 * is not itself a trusted proxy (each proxy appends the address it received from, so entries
 * left of it are whatever the client wrote). With no trusted proxy configured — the default —
 * every forwarded header is ignored.
 */
import ipaddr from 'ipaddr.js';

/** Set by scripts/serve.mjs on every request to the socket's remote address (a client's own is dropped). */
export const PEER_HEADER = 'x-gongkai-peer';

export type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export interface TrustConfig {
  /** Whether PEER_HEADER was written by our own server (scripts/serve.mjs), not by the client. */
  peerHeader: boolean;
  /** The reverse proxies whose X-Forwarded-* headers are believed. */
  proxies: readonly Range[];
}

export interface RequestView {
  /** The TCP peer, when our server reported it. */
  peer: string | null;
  /** Whether the peer is a trusted proxy (and so X-Forwarded-* were read). */
  viaTrustedProxy: boolean;
  /** The client's address (normalized), or null when nothing trustworthy says it. */
  client: string | null;
  /** The site's host[:port] as the client addressed it, or null (none or malformed). */
  host: string | null;
  scheme: 'http' | 'https';
  /** `scheme://host`, or null without a usable host. */
  origin: string | null;
}

/** An address in canonical form (IPv4-mapped IPv6 as IPv4), or null for anything else. */
export function parseAddress(s: string | null | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!s) return null;
  let t = s.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  // Only the usual notations: ipaddr.js's IPv4 parser also takes octal and hexadecimal forms.
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t);
  if (ipaddr.IPv6.isValid(t)) {
    const a = ipaddr.IPv6.parse(t);
    return a.isIPv4MappedAddress() ? a.toIPv4Address() : a;
  }
  return null;
}

/**
 * TRUSTED_PROXIES: comma- or space-separated addresses and CIDR ranges (`127.0.0.1,10.0.0.0/8,::1`).
 * Empty or unset: none. A malformed entry is an error (a typo must not silently trust nobody, or everybody).
 */
export function parseTrustedProxies(list: string | undefined): Range[] {
  const out: Range[] = [];
  for (const entry of (list ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
      const [a, bits] = ipaddr.parseCIDR(entry);
      out.push(
        a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? [(a as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)] : [a, bits],
      );
    } else {
      const a = parseAddress(entry);
      if (!a) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
      out.push([a, a.kind() === 'ipv4' ? 32 : 128]);
    }
  }
  return out;
}

/** The configuration from the environment's TRUSTED_PROXIES and GONGKAI_PEER_HEADER. */
export function trustConfig(env: Readonly<Record<string, string | undefined>>): TrustConfig {
  return { peerHeader: env.GONGKAI_PEER_HEADER === '1', proxies: parseTrustedProxies(env.TRUSTED_PROXIES) };
}

function trusted(a: ipaddr.IPv4 | ipaddr.IPv6, proxies: readonly Range[]): boolean {
  return proxies.some((r) => r[0].kind() === a.kind() && a.match(r));
}

function canonical(a: ipaddr.IPv4 | ipaddr.IPv6): string {
  return a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toNormalizedString() : a.toString();
}

/** host[:port] as a URL authority: a name, an IPv4 address or a bracketed IPv6 address. */
const HOST_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function firstValue(h: string | null): string | null {
  const v = h?.split(',')[0]?.trim();
  return v ? v : null;
}

/** The client, site and scheme of a request as `config` allows them to be known. */
export function viewRequest(headers: Headers, config: TrustConfig): RequestView {
  const peerAddress = config.peerHeader ? parseAddress(headers.get(PEER_HEADER)) : null;
  const viaTrustedProxy = peerAddress != null && trusted(peerAddress, config.proxies);

  let client = peerAddress ? canonical(peerAddress) : null;
  if (viaTrustedProxy) {
    const hops = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const a = parseAddress(hops[i]);
      // A malformed entry right of any untrusted one was written by a trusted proxy: the chain
      // cannot be read, so the client is unknown rather than a guess.
      if (!a) {
        client = null;
        break;
      }
      client = canonical(a);
      if (!trusted(a, config.proxies)) break;
    }
  }

  const forwardedHost = viaTrustedProxy ? firstValue(headers.get('x-forwarded-host')) : null;
  const rawHost = forwardedHost ?? headers.get('host');
  const host = rawHost && HOST_RE.test(rawHost) ? rawHost.toLowerCase() : null;
  const forwardedProto = viaTrustedProxy ? firstValue(headers.get('x-forwarded-proto'))?.toLowerCase() : null;
  // scripts/serve.mjs serves plain HTTP: https only when a trusted proxy says the client used it.
  const scheme = forwardedProto === 'https' ? 'https' : 'http';
  return { peer: peerAddress ? canonical(peerAddress) : null, viaTrustedProxy, client, host, scheme, origin: host ? `${scheme}://${host}` : null };
}

export type OriginVerdict = 'same' | 'missing' | 'cross';

/**
 * Whether the browser's Origin (or, lacking it, Referer) is the site the request was sent to:
 * scheme, host and port all equal (https://site on an http site is another origin).
 */
export function originVerdict(headers: Headers, view: RequestView): OriginVerdict {
  const stated = headers.get('origin') ?? headers.get('referer');
  if (!stated || !view.origin) return 'missing';
  try {
    return new URL(stated).origin === new URL(view.origin).origin ? 'same' : 'cross';
  } catch {
    return 'missing';
  }
}

/** HSTS for a response to an https request: browsers then never try the site over http again. */
export const HSTS = 'max-age=31536000';

let memo: { key: string; config: TrustConfig } | undefined;

/** trustConfig of this process's environment, parsed once per value. */
export function currentTrust(env: Readonly<Record<string, string | undefined>> = process.env): TrustConfig {
  const key = `${env.GONGKAI_PEER_HEADER ?? ''}|${env.TRUSTED_PROXIES ?? ''}`;
  if (memo?.key !== key) memo = { key, config: trustConfig(env) };
  return memo.config;
}

/**
 * Whether the site is served over https: the request came through a trusted proxy that says so,
 * or the configured site address (BETTER_AUTH_URL) is https.
 */
export function isHttps(view: RequestView, siteUrl: string | undefined): boolean {
  return view.scheme === 'https' || (siteUrl?.startsWith('https:') ?? false);
}

/**
 * The site's address for absolute links written into files (a briefing outlives the page): the
 * configured site address (BETTER_AUTH_URL) when set, else the site as this request addressed
 * it — a client's X-Forwarded-Host counts only through a trusted proxy — else `fallback`.
 */
export function linkOrigin(view: RequestView, siteUrl: string | undefined, fallback: string): string {
  if (siteUrl) {
    try {
      return new URL(siteUrl).origin;
    } catch {
      // a malformed setting: better-auth refuses it at start; here fall through to the request
    }
  }
  return view.origin ?? fallback;
}
