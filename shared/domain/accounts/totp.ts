import { createHmac, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../errors';

/**
 * TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), the codes authenticator apps show. A code is
 * accepted one step either side of ours (clock drift), and each step is used at most once per user:
 * the caller stores the last step used and refuses any step not after it, so a code seen over a
 * shoulder or in a log cannot be replayed, not even within its own 30 seconds.
 * Pure: time comes in as epoch milliseconds.
 *
 * HMAC-SHA1 and dynamic truncation (RFC 4226 §5.3) on node:crypto: the same codes and URIs otplib
 * gives (a property test holds them to it), without otplib's own SHA-1/SHA-2 and base32 code in every
 * console function (docs/adr/0025-lambda-bundles.md).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_DRIFT_STEPS = 1;
export const TOTP_CODE_PATTERN = /^\d{6}$/;

export function totpStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (no padding), as authenticator apps take secrets. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return bits > 0 ? out + BASE32[(buffer << (5 - bits)) & 31] : out;
}

/** The key bytes of a base32 secret (case and padding ignored); throws on any other character. */
function base32Decode(secret: string): Buffer {
  const text = secret.toUpperCase().replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error('Not a base32 secret');
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
      buffer &= (1 << bits) - 1;
    }
  }
  if (out.length === 0) throw new Error('Empty secret');
  return Buffer.from(out);
}

/** HOTP (RFC 4226) of one counter value: HMAC-SHA1, dynamic truncation, the last six digits. */
function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

/** The time step the code belongs to, or undefined when it matches none within the drift window. */
export function matchTotp(secret: string, code: string, nowMs: number): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!TOTP_CODE_PATTERN.test(token)) return undefined;
  let key: Buffer;
  try {
    key = base32Decode(secret);
  } catch {
    return undefined;
  }
  const step = totpStepAt(nowMs);
  const given = Buffer.from(token);
  for (let delta = -TOTP_DRIFT_STEPS; delta <= TOTP_DRIFT_STEPS; delta++) {
    if (step + delta < 0) continue;
    if (timingSafeEqual(Buffer.from(hotp(key, step + delta)), given)) return step + delta;
  }
  return undefined;
}

/** The code an authenticator shows at `nowMs` (the seed script and tests use it). */
export function totpCodeAt(secret: string, nowMs: number): string {
  return hotp(base32Decode(secret), totpStepAt(nowMs));
}

/** A step may be used only if it comes after the last one used. */
export function stepIsFresh(lastUsedStep: number | undefined, step: number): boolean {
  return lastUsedStep === undefined || step > lastUsedStep;
}

export function assertFreshStep(lastUsedStep: number | undefined, step: number): void {
  if (!stepIsFresh(lastUsedStep, step)) {
    throw new GatewayError('OTP_REPLAYED', 'This code was already used; wait for the next one');
  }
}

/**
 * `otpauth://` URI for authenticator apps (and the QR code that carries it): `totp/Issuer:label`, each
 * part URI-encoded, with the secret and the issuer; SHA-1, 6 digits and 30 s are the defaults apps
 * assume, so they are not written (as otplib writes it).
 */
export function totpUri(issuer: string, accountName: string, secret: string): string {
  const label = `${issuer}:${accountName}`.split(':').map(encodeURIComponent).join(':');
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

/** Recovery codes: 16 base32 characters shown as XXXX-XXXX-XXXX-XXXX (80 bits, single use). */
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_CODE_BODY = /^[A-Z2-7]{16}$/;

export function normalizeRecoveryCode(input: string): string | undefined {
  const body = input.toUpperCase().replace(/[\s-]/g, '');
  return RECOVERY_CODE_BODY.test(body) ? body : undefined;
}

export function formatRecoveryCode(body: string): string {
  return body.match(/.{4}/g)?.join('-') ?? body;
}
