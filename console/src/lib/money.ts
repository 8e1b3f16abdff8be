import { TOKEN_DECIMALS as GATEWAY_TOKEN_DECIMALS } from '../../../shared/domain/chains/networks';

/**
 * Money on screen: amounts arrive as decimal strings and stay strings or bigints. Nothing here turns
 * money into a JS number (charts may, for plotting only).
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export interface ParsedDecimal {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

export function parseDecimal(value: string): ParsedDecimal | undefined {
  const m = DECIMAL.exec(value.trim());
  if (!m) return undefined;
  return { negative: m[1] === '-', int: (m[2] ?? '0').replace(/^0+(?=\d)/, ''), frac: m[3] ?? '' };
}

/** Minor units as a bigint, or undefined when the string has more decimals than the token. */
export function toUnits(value: string, decimals: number): bigint | undefined {
  const p = parseDecimal(value);
  if (!p || p.frac.length > decimals) return undefined;
  const units = BigInt(p.int + p.frac.padEnd(decimals, '0'));
  return p.negative ? -units : units;
}

export function fromUnits(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const abs = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const int = abs.slice(0, abs.length - decimals) || '0';
  const frac = decimals ? abs.slice(abs.length - decimals).replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

function group(int: string, locale: string): string {
  const sep = new Intl.NumberFormat(locale).formatToParts(1000).find((p) => p.type === 'group')?.value ?? ',';
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/**
 * A decimal string for display: thousands grouped, at most `maxDecimals` decimals (cut, never rounded
 * up: a balance is never shown larger than it is), at least `minDecimals`.
 */
export function formatDecimal(
  value: string | null | undefined,
  options: { maxDecimals?: number; minDecimals?: number; locale?: string } = {},
): string {
  if (value === null || value === undefined) return '—';
  const p = parseDecimal(value);
  if (!p) return value;
  const max = options.maxDecimals ?? 18;
  const min = Math.min(options.minDecimals ?? 0, max);
  let frac = p.frac.slice(0, max).replace(/0+$/, '');
  if (frac.length < min) frac = frac.padEnd(min, '0');
  const sign = p.negative && /[1-9]/.test(p.int + frac) ? '-' : '';
  return `${sign}${group(p.int, options.locale ?? 'en-US')}${frac ? `.${frac}` : ''}`;
}

/** Decimals a token amount shows in lists (stablecoins are dollars: cents and below, not 18 places). */
export const DISPLAY_DECIMALS = 6;

/**
 * A token amount for display: thousands grouped, up to 6 decimals, trailing zeros trimmed ("1,000",
 * "12.5", "0.000001"). An amount with more precision than that is cut and marked "≈"; the exact value
 * is `formatTokenExact` (hover, copy, detail views).
 */
export function formatToken(value: string | null | undefined, decimals: number, locale?: string): string {
  const shown = formatDecimal(value, {
    maxDecimals: Math.min(decimals, DISPLAY_DECIMALS),
    ...(locale ? { locale } : {}),
  });
  return formatTokenExact(value, decimals, locale) === shown ? shown : `≈${shown}`;
}

/** A token amount exactly, every significant decimal up to the token's (no trailing zeros). */
export function formatTokenExact(
  value: string | null | undefined,
  decimals: number,
  locale?: string,
): string {
  return formatDecimal(value, { maxDecimals: decimals, ...(locale ? { locale } : {}) });
}

/** USD totals: two decimals, cut. */
export function formatUsd(value: string | null | undefined, locale?: string): string {
  if (value === null || value === undefined) return '—';
  return `$${formatDecimal(value, { maxDecimals: 2, minDecimals: 2, ...(locale ? { locale } : {}) })}`;
}

/** Sum of decimal strings, exactly. */
export function sumDecimals(values: readonly string[], decimals = 18): string {
  let total = 0n;
  for (const v of values) total += toUnits(v, decimals) ?? 0n;
  return fromUnits(total, decimals);
}

export function compareDecimals(a: string, b: string, decimals = 18): number {
  const x = toUnits(a, decimals) ?? 0n;
  const y = toUnits(b, decimals) ?? 0n;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** For chart axes only. */
export function plotNumber(value: string): number {
  return Number(value);
}

/** Token precision per network: the gateway's own table (shared/domain/chains/networks.ts). */
export const TOKEN_DECIMALS: Readonly<Record<string, Readonly<Record<string, number>>>> =
  GATEWAY_TOKEN_DECIMALS;

export function tokenDecimals(network: string, token: string): number {
  return TOKEN_DECIMALS[network]?.[token] ?? 6;
}

/**
 * Whether a typed amount is below an asset's minimum withdrawal (both decimal strings in token units).
 * An amount that does not parse is not "below": the form's format check reports it.
 */
export function belowMinimum(amount: string, minimum: string | undefined, decimals: number): boolean {
  if (!minimum) return false;
  const value = toUnits(amount, decimals);
  const least = toUnits(minimum, decimals);
  return value !== undefined && least !== undefined && value < least;
}
