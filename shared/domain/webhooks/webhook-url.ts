import { BlockList, isIP } from 'node:net';

/**
 * Which URLs a partner may register as its webhook endpoint. Webhooks make our servers send requests
 * to addresses a partner chooses, so the rules keep those requests on the public internet (SSRF):
 *
 * - https only; outside the local stack no plain http at all.
 * - no credentials in the URL, at most 2048 characters.
 * - an IP-literal host must be a public unicast address: no loopback, private, link-local (the cloud
 *   metadata endpoint 169.254.169.254), carrier-grade NAT, multicast, documentation or reserved ranges,
 *   and no IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo).
 * - a host name must have a public shape: not `localhost`, not a single label, not under
 *   `.localhost`, `.local`, `.internal`, `.localdomain`, `.home.arpa` or `.arpa`.
 *
 * A name can still resolve to a private address (or be re-pointed later, DNS rebinding), so the HTTP
 * client checks every resolved address again at delivery time with `isPublicAddress`.
 *
 * On the local stack (APP_ENV=local) http is allowed to loopback hosts only (`localhost`, `127.0.0.1`,
 * `[::1]`), and any host is allowed over https.
 */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const NON_PUBLIC_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const NON_PUBLIC_V6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::ffff:0:0', 96], // IPv4-mapped
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments, Teredo (2001::/32)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local (fd00:ec2::254 is the EC2 metadata endpoint)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

// Two lists: a BlockList matches IPv4 addresses against IPv6 rules too (as IPv4-mapped), so one list
// holding ::ffff:0:0/96 would refuse every IPv4 address.
const nonPublicV4 = new BlockList();
for (const [address, prefix] of NON_PUBLIC_V4) nonPublicV4.addSubnet(address, prefix, 'ipv4');
const nonPublicV6 = new BlockList();
for (const [address, prefix] of NON_PUBLIC_V6) nonPublicV6.addSubnet(address, prefix, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** True for a public unicast IPv4/IPv6 address; false for anything else, including non-addresses. */
export function isPublicAddress(address: string): boolean {
  const ip = stripBrackets(address);
  const version = isIP(ip);
  if (version === 0) return false;
  return version === 4 ? !nonPublicV4.check(ip, 'ipv4') : !nonPublicV6.check(ip, 'ipv6');
}

export function isLoopbackAddress(address: string): boolean {
  const ip = stripBrackets(address);
  const version = isIP(ip);
  if (version === 0) return false;
  return LOOPBACK.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

const NON_PUBLIC_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa', '.arpa'];

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || isLoopbackAddress(hostname);
}

export interface WebhookUrlPolicy {
  /** The local stack: http to loopback hosts, and any host over https. */
  readonly local: boolean;
}

export type WebhookUrlCheck =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/** Checks a webhook URL against the rules above; returns the normalized URL when it is acceptable. */
export function checkWebhookUrl(input: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  const refuse = (reason: string): WebhookUrlCheck => ({ ok: false, reason });
  if (input.length > MAX_WEBHOOK_URL_LENGTH)
    return refuse(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('must be an absolute URL such as https://example.com/webhooks');
  }
  // WHATWG parsing normalizes the host: 0x7f.1 and 2130706433 become 127.0.0.1, IPv6 is bracketed.
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('must use https');
  if (url.username || url.password) return refuse('must not contain credentials');
  if (!host) return refuse('must have a host');
  if (url.protocol === 'http:' && !(policy.local && isLoopbackHost(host))) {
    return refuse(policy.local ? 'must use https (http is allowed for localhost only)' : 'must use https');
  }
  if (policy.local) return { ok: true, url: url.toString() };

  if (isIP(stripBrackets(host)) !== 0) {
    return isPublicAddress(host)
      ? { ok: true, url: url.toString() }
      : refuse('must not point to a private, loopback, link-local or reserved address');
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name === 'localhost' || !name.includes('.') || NON_PUBLIC_SUFFIXES.some((s) => name.endsWith(s))) {
    return refuse('must be a public host name');
  }
  return { ok: true, url: url.toString() };
}
