import fc from 'fast-check';
import { base32 as scureBase32 } from '@scure/base';
import { generateSync, generateURI, verifySync } from 'otplib';
import {
  assertFreshStep,
  base32Encode,
  formatRecoveryCode,
  matchTotp,
  normalizeRecoveryCode,
  stepIsFresh,
  totpCodeAt,
  totpStepAt,
  totpUri,
} from '../../../shared/domain/accounts/totp';
import { codeOf } from './support';

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890" (base32), last six digits of the 8-digit values.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

describe('TOTP', () => {
  it.each(RFC_VECTORS)('matches the RFC 6238 test vector at t=%i', (t, code) => {
    expect(totpCodeAt(RFC_SECRET, t * 1000)).toBe(code);
    expect(matchTotp(RFC_SECRET, code, t * 1000)).toBe(totpStepAt(t * 1000));
  });

  it('accepts a code one step either side of ours and reports the step it belongs to', () => {
    const now = 1_800_000_015_000;
    const step = totpStepAt(now);
    expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, now - 60_000), now)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, now + 60_000), now)).toBeUndefined();
  });

  it('rejects malformed codes without throwing', () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5x'])
      expect(matchTotp(RFC_SECRET, bad, 0)).toBeUndefined();
  });

  it('uses each time step once: the same or an earlier step is a replay', () => {
    expect(stepIsFresh(undefined, 10)).toBe(true);
    expect(stepIsFresh(10, 11)).toBe(true);
    expect(codeOf(() => assertFreshStep(10, 10))).toBe('OTP_REPLAYED');
    expect(codeOf(() => assertFreshStep(10, 9))).toBe('OTP_REPLAYED');
  });

  it('builds an otpauth URI for authenticator apps', () => {
    const uri = totpUri('Stablecoin Gateway', 'owner@shop.example', RFC_SECRET);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${RFC_SECRET}`);
    expect(uri).toContain('issuer=Stablecoin');
  });

  it('normalizes recovery codes typed with dashes, spaces or lower case', () => {
    const body = 'ABCDEFGHIJKLMNOP';
    expect(formatRecoveryCode(body)).toBe('ABCD-EFGH-IJKL-MNOP');
    expect(normalizeRecoveryCode('abcd-efgh ijkl-mnop')).toBe(body);
    expect(normalizeRecoveryCode('ABCD-EFGH')).toBeUndefined();
    expect(normalizeRecoveryCode('ABCD-EFGH-IJKL-MNO1')).toBeUndefined();
  });
});

describe("TOTP on otplib's node:crypto plugin agrees with otplib's default (noble) build", () => {
  // The product uses @otplib/totp with the node:crypto plugin; the `otplib` bundle (noble hashes) is the oracle.
  const secretArb = fc.uint8Array({ minLength: 16, maxLength: 32 }).map((b) => base32Encode(b));
  const timeArb = fc.integer({ min: 120_000, max: 4_000_000_000_000 });

  it('encodes secrets in base32 as otplib does, and a new 20-byte secret is 32 characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
        expect(base32Encode(bytes)).toBe(scureBase32.encode(bytes).replace(/=+$/, ''));
      }),
    );
    expect(base32Encode(new Uint8Array(20))).toHaveLength(32);
  });

  it('gives the codes otplib gives', () => {
    fc.assert(
      fc.property(secretArb, timeArb, (secret, nowMs) => {
        expect(totpCodeAt(secret, nowMs)).toBe(
          generateSync({ secret, epoch: Math.floor(nowMs / 1000), period: 30, digits: 6 }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('accepts and refuses the codes otplib accepts and refuses, at the same step', () => {
    fc.assert(
      fc.property(secretArb, timeArb, fc.integer({ min: -3, max: 3 }), (secret, nowMs, steps) => {
        const token = totpCodeAt(secret, nowMs + steps * 30_000);
        const theirs = verifySync({
          secret,
          token,
          epoch: Math.floor(nowMs / 1000),
          epochTolerance: 30,
          period: 30,
          digits: 6,
        });
        expect(matchTotp(secret, token, nowMs)).toBe(
          theirs.valid ? totpStepAt(nowMs) + theirs.delta : undefined,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('builds the URI otplib builds, for any account name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), secretArb, (label, secret) => {
        expect(totpUri('Stablecoin Gateway', label, secret)).toBe(
          generateURI({ issuer: 'Stablecoin Gateway', label, secret, period: 30, digits: 6 }),
        );
      }),
    );
  });

  it('matches nothing for a secret that is not base32', () => {
    expect(matchTotp('not base32!', '123456', 1_800_000_000_000)).toBeUndefined();
  });
});
