import i18next from 'i18next';
import { ApiError } from '../../../console/src/api/api-error';
import { en } from '../../../console/src/i18n/en';
import { ko } from '../../../console/src/i18n/ko';
import { errorMessage, fieldErrors, fieldKey } from '../../../console/src/lib/errors';

/** API refusals read in the user's language: labelled fields, no server English in Korean mode. */
describe('console error messages', () => {
  const t = i18next.createInstance();
  beforeAll(async () => {
    await t.init({ lng: 'en', resources: { en: { translation: en }, ko: { translation: ko } } });
  });
  const invalid = new ApiError(400, 'VALIDATION_FAILED', 'Invalid input', [
    { path: 'ipAllowlist.1', message: 'Not an IPv4/IPv6 address or CIDR range' },
    { path: 'amount', message: 'Must be greater than 0' },
  ]);

  it('names a field by its label, whatever index or parent its path has', () => {
    expect(fieldKey('ipAllowlist.1')).toBe('ipAllowlist');
    expect(fieldKey('fees.depositFeeRate')).toBe('depositFeeRate');
    expect(fieldKey('amount')).toBe('amount');
  });

  it('keeps the server’s precise words in English and labels the fields', () => {
    expect(errorMessage(invalid, t.getFixedT('en'), 'en')).toBe(
      `${en.errors.VALIDATION_FAILED} IP allowlist: Not an IPv4/IPv6 address or CIDR range; Amount: Must be greater than 0`,
    );
    expect(fieldErrors(invalid, t.getFixedT('en'), 'en')).toEqual({
      'ipAllowlist.1': 'Not an IPv4/IPv6 address or CIDR range',
      amount: 'Must be greater than 0',
    });
  });

  it('reads Korean in Korean mode: labels and sentences, never the server’s English', () => {
    const message = errorMessage(invalid, t.getFixedT('ko'), 'ko');
    expect(message).toBe(
      `${ko.errors.VALIDATION_FAILED} IP 허용 목록: 값이 올바르지 않습니다; 금액: 값이 올바르지 않습니다`,
    );
    expect(message).not.toMatch(/[A-Za-z]{4,}/);
    expect(Object.values(fieldErrors(invalid, t.getFixedT('ko'), 'ko'))).toEqual([
      '값이 올바르지 않습니다',
      '값이 올바르지 않습니다',
    ]);
    // A code the console has no sentence for: the generic one, not the server's message.
    const unknown = new ApiError(409, 'SOMETHING_NEW', 'Server English here', [], {}, 'req-1');
    expect(errorMessage(unknown, t.getFixedT('ko'), 'ko')).toBe(
      ko.errors.generic.replace('{{requestId}}', 'req-1'),
    );
    expect(errorMessage(unknown, t.getFixedT('en'), 'en')).toBe('Server English here');
  });
});
