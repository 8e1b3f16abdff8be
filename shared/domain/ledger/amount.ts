import { ValidationError } from '../errors';

/**
 * Exact decimal strings ⇄ bigint minor units. No floats anywhere: the string is split and its digits
 * read as integers. Rejected: exponents, signs other than a leading '-', whitespace, empty strings,
 * leading zeros ("007"), a bare or trailing dot, more fraction digits than the asset has, and values
 * beyond MAX_AMOUNT (which keeps every balance inside DynamoDB's 38 significant digits).
 */
export const MAX_AMOUNT = 10n ** 30n;
const MAX_INPUT_LENGTH = 64;
const DECIMAL = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?$/;

export interface ParseAmountOptions {
  /** Field path reported in the validation error. */
  readonly field?: string;
  readonly allowNegative?: boolean;
  readonly allowZero?: boolean;
}

export function parseAmount(text: unknown, decimals: number, options: ParseAmountOptions = {}): bigint {
  const field = options.field ?? 'amount';
  const fail = (message: string): never => {
    throw new ValidationError('Invalid amount', [{ path: field, message }]);
  };
  if (typeof text !== 'string') return fail('Amounts are decimal strings, e.g. "1000.50"');
  if (text.length === 0) return fail('Amount is empty');
  if (text.length > MAX_INPUT_LENGTH) return fail('Amount is too long');
  const m = DECIMAL.exec(text);
  if (!m) return fail('Not a plain decimal number (no exponents, spaces, "+" or leading zeros)');
  const [, sign, whole, fraction = ''] = m as unknown as [string, string, string, string | undefined];
  if (fraction.length > decimals) return fail(`At most ${decimals} decimal places for this asset`);
  const units = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
  const value = sign === '-' ? -units : units;
  if (value < 0n && !options.allowNegative) return fail('Must not be negative');
  if (value === 0n && !options.allowZero) return fail('Must be greater than zero');
  if (units > MAX_AMOUNT) return fail('Amount is too large');
  return value;
}

/** Formats minor units as a decimal string with trailing fraction zeros trimmed ("1000.5", "0", "-2"). */
export function formatAmount(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const fraction = decimals > 0 ? (abs % scale).toString().padStart(decimals, '0').replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Rescales an amount between decimals exactly; refuses to drop non-zero digits. */
export function rescale(value: bigint, from: number, to: number): bigint {
  if (to >= from) return value * 10n ** BigInt(to - from);
  const divisor = 10n ** BigInt(from - to);
  if (value % divisor !== 0n)
    throw new RangeError(`Cannot rescale ${value} from ${from} to ${to} decimals exactly`);
  return value / divisor;
}
