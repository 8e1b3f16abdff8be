import {
  IDLE_TIMEOUT_MS,
  REMEMBER_ME_TTL_MS,
  refreshCookieMaxAgeSeconds,
  sessionExpiry,
  sessionLive,
} from '../../../shared/domain/accounts/session-lifetime';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const H = 60 * 60_000;

describe('session lifetime', () => {
  it('ends a normal session after six hours without activity', () => {
    const s = { createdAt: T0, lastActiveAt: T0, rememberMe: false, status: 'ACTIVE' as const };
    expect(sessionLive(s, T0 + 6 * H - 1)).toBe('ACTIVE');
    expect(sessionLive(s, T0 + 6 * H)).toBe('EXPIRED');
    expect(sessionExpiry(s)).toBe(T0 + IDLE_TIMEOUT_MS);
  });

  it('keeps an active normal session alive, but never beyond seven days', () => {
    const s = { createdAt: T0, lastActiveAt: T0 + 5 * H, rememberMe: false, status: 'ACTIVE' as const };
    expect(sessionLive(s, T0 + 10 * H)).toBe('ACTIVE');
    const late = { ...s, lastActiveAt: T0 + REMEMBER_ME_TTL_MS - H };
    expect(sessionExpiry(late)).toBe(T0 + REMEMBER_ME_TTL_MS);
  });

  it('keeps a remembered session for seven days regardless of inactivity', () => {
    const s = { createdAt: T0, lastActiveAt: T0, rememberMe: true, status: 'ACTIVE' as const };
    expect(sessionLive(s, T0 + 3 * 24 * H)).toBe('ACTIVE');
    expect(sessionLive(s, T0 + REMEMBER_ME_TTL_MS)).toBe('EXPIRED');
    expect(refreshCookieMaxAgeSeconds(s, T0)).toBe(7 * 24 * 3600);
  });

  it('gives a normal session a browser-session cookie, and revoked sessions are revoked', () => {
    const s = { createdAt: T0, lastActiveAt: T0, rememberMe: false, status: 'REVOKED' as const };
    expect(refreshCookieMaxAgeSeconds(s, T0)).toBeUndefined();
    expect(sessionLive(s, T0)).toBe('REVOKED');
  });
});
