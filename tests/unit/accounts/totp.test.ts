import {
  assertFreshStep,
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
