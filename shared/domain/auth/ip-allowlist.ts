import { BlockList, isIP } from 'node:net';

/**
 * API key IP allowlists: single addresses or CIDR ranges, IPv4 or IPv6. An empty list allows any
 * address (the partner has not restricted the key).
 */
export interface ParsedAllowlistEntry {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

export function parseAllowlistEntry(entry: string): ParsedAllowlistEntry | undefined {
  const [address, prefixText, ...rest] = entry.trim().split('/');
  if (!address || rest.length > 0) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix < 0 || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** IPv4 clients sometimes appear as IPv4-mapped IPv6 (`::ffff:1.2.3.4`) on dual-stack sockets. */
function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped?.[1] ?? ip;
}

export function ipAllowed(sourceIp: string, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  const ip = normalizeIp(sourceIp);
  const version = isIP(ip);
  if (version === 0) return false;
  const blocks = new BlockList();
  for (const raw of allowlist) {
    const e = parseAllowlistEntry(raw);
    if (e) blocks.addSubnet(e.address, e.prefix, e.family);
  }
  return blocks.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}
