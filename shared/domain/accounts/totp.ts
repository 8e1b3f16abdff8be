import { generateSync, verifySync } from '@otplib/totp';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { ScureBase32Plugin } from '@otplib/plugin-base32-scure';
import { generateTOTP } from '@otplib/uri';
import { GatewayError } from '../errors';

/**
 * TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), the codes authenticator apps show. A code is
 * accepted one step either side of ours (clock drift), and each step is used at most once per user:
 * the caller stores the last step used and refuses any step not after it, so a code seen over a
 * shoulder or in a log cannot be replayed, not even within its own 30 seconds.
 * Pure: time comes in as epoch milliseconds.
 *
 * otplib's TOTP with its node:crypto plugin (HMAC on the runtime's OpenSSL) rather than the `otplib`
 * bundle's default noble plugin, which brings its own SHA-1/SHA-2 into every console function
 * (docs/adr/0025-lambda-bundles.md).
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_DRIFT_STEPS = 1;
export const TOTP_CODE_PATTERN = /^\d{6}$/;

const plugins = { crypto: new NodeCryptoPlugin(), base32: new ScureBase32Plugin() };

export function totpStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** RFC 4648 base32 without padding, as authenticator apps take secrets. */
export function base32Encode(bytes: Uint8Array): string {
  return plugins.base32.encode(bytes).replace(/=+$/, '');
}

/** The time step the code belongs to, or undefined when it matches none within the drift window. */
export function matchTotp(secret: string, code: string, nowMs: number): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!TOTP_CODE_PATTERN.test(token)) return undefined;
  try {
    const result = verifySync({
      ...plugins,
      secret,
      token,
      epoch: Math.floor(nowMs / 1000),
      epochTolerance: TOTP_PERIOD_SECONDS * TOTP_DRIFT_STEPS,
      period: TOTP_PERIOD_SECONDS,
      digits: TOTP_DIGITS,
    });
    return result.valid ? totpStepAt(nowMs) + result.delta : undefined;
  } catch {
    return undefined;
  }
}

/** The code an authenticator shows at `nowMs` (the seed script and tests use it). */
export function totpCodeAt(secret: string, nowMs: number): string {
  return generateSync({
    ...plugins,
    secret,
    epoch: Math.floor(nowMs / 1000),
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
  });
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

/** `otpauth://` URI for authenticator apps (and the QR code that carries it). */
export function totpUri(issuer: string, accountName: string, secret: string): string {
  return generateTOTP({
    issuer,
    label: accountName,
    secret,
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
  });
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
