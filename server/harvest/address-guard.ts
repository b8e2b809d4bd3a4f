/**
 * The SSRF guard: a harvest fetches only public addresses. A URL's host is resolved, and every
 * address it resolves to must be public unicast (ipaddr.js's range, not a regex): loopback,
 * private, link-local (169.254.169.254, the cloud metadata service), carrier-grade NAT
 * (100.100.100.200, another metadata service), unique-local, multicast, reserved and the IPv6
 * forms that embed an IPv4 address (mapped, 6to4, Teredo, NAT64) are refused before any
 * connection is made. The check runs in the connection's own DNS lookup (undici's `connect.lookup`),
 * so the address checked is the address connected to (no gap for a DNS answer to change), and
 * again for every redirect, which is a new request. Loopback is allowed only when asked for
 * (`--allow-loopback`, for the tests' fixture portal).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export class AddressRefused extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range}), which a harvest does not fetch`);
  }
}

/** Resolves a host name to all its addresses (injectable: the tests resolve no real names). */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));

export interface GuardOptions {
  allowLoopback?: boolean;
}

/** Why an address may not be fetched, or null when it may. */
export function refusedRange(address: string, opts: GuardOptions = {}): string | null {
  if (!ipaddr.isValid(address)) return 'not an address';
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && opts.allowLoopback) return null;
  return range;
}

/** Throws AddressRefused when a literal IP host (no lookup happens for it) is not public. */
export function checkLiteralHost(hostname: string, opts: GuardOptions = {}): void {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host)) {
    // `localhost` and its subdomains never reach the resolver's answer check on some systems.
    if (/(^|\.)localhost\.?$/i.test(host) && !opts.allowLoopback) throw new AddressRefused(host, host, 'loopback');
    return;
  }
  const range = refusedRange(host, opts);
  if (range) throw new AddressRefused(host, host, range);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connections (undici's `connect.lookup`) that resolves with `resolver` and
 * refuses the connection when any address of the host is not public.
 */
export function guardedLookup(resolver: Resolver, opts: GuardOptions = {}) {
  return (hostname: string, options: { all?: boolean; family?: number | string } | LookupCallback, callback?: LookupCallback): void => {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const all = typeof options === 'object' && options.all;
    resolver(hostname).then(
      (addrs) => {
        if (!addrs.length) return cb(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '');
        for (const a of addrs) {
          const range = refusedRange(a.address, opts);
          if (range) return cb(new AddressRefused(hostname, a.address, range), '');
        }
        if (all) cb(null, addrs);
        else cb(null, addrs[0].address, addrs[0].family);
      },
      (err: NodeJS.ErrnoException) => cb(err, ''),
    );
  };
}
