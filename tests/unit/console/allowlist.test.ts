import i18next from 'i18next';
import { en } from '../../../console/src/i18n/en';
import { ko } from '../../../console/src/i18n/ko';
import { allowlistEntries, allowlistFieldError } from '../../../console/src/lib/allowlist';

/** Field errors of the API-key IP allowlist screen: the server's paths name the wrong entry, in en and ko. */
async function translator(lng: 'en' | 'ko') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng,
    resources: { en: { translation: en }, ko: { translation: ko } },
    interpolation: { escapeValue: false },
  });
  return i18n.t.bind(i18n);
}

/** A refusal as the console's ApiError carries it (zod issue paths joined with dots by the server). */
const refusal = (...paths: string[]) =>
  Object.assign(new Error('Invalid input'), {
    status: 400,
    code: 'VALIDATION_FAILED',
    fields: paths.map((path) => ({ path, message: 'Not an IP address or CIDR range' })),
  });

describe('API-key IP allowlist field errors', () => {
  it('splits entries on lines, commas and spaces', () => {
    expect(allowlistEntries(' 203.0.113.7,\n198.51.100.0/24  ::1 ,, ')).toEqual([
      '203.0.113.7',
      '198.51.100.0/24',
      '::1',
    ]);
  });

  it('names the entry the server refused, in English and in Korean without the server English', async () => {
    const entries = ['203.0.113.7', '300.1.1.1', '10.0.0.0/99'];
    const e = refusal('ipAllowlist.1', 'ipAllowlist.2');
    const inEn = allowlistFieldError(e, entries, await translator('en'));
    expect(inEn).toContain('“300.1.1.1” is not an IP address or CIDR range.');
    expect(inEn).toContain('“10.0.0.0/99”');
    expect(inEn).not.toContain('203.0.113.7');
    const inKo = allowlistFieldError(e, entries, await translator('ko'));
    expect(inKo).toContain('300.1.1.1');
    expect(inKo).toContain('IP 주소나 CIDR 범위가 아닙니다');
    expect(inKo).not.toMatch(/Not an IP|is not an/);
  });

  it('says the list is too long for a whole-list issue, and nothing for other refusals', async () => {
    const t = await translator('en');
    expect(allowlistFieldError(refusal('ipAllowlist'), [], t)).toBe('At most 50 entries.');
    expect(allowlistFieldError(refusal('name'), ['1.2.3.4'], t)).toBeNull();
    expect(
      allowlistFieldError(
        Object.assign(new Error('bad code'), { code: 'TWO_FACTOR_INVALID', fields: [] }),
        [],
        t,
      ),
    ).toBeNull();
    expect(allowlistFieldError(new Error('x'), [], t)).toBeNull();
  });
});
