import fc from 'fast-check';
import { assertPasswordPolicy, passwordPolicyIssues } from '../../../shared/domain/accounts/password-policy';
import { ValidationError } from '../../../shared/domain/errors';

describe('password policy', () => {
  it('accepts 8+ characters mixing letters, digits and special characters', () => {
    for (const ok of ['Passw0rd!', 'a1!bcdefg', 'Ünïcode-9 pass', 'correct horse 7 battery?'])
      expect(passwordPolicyIssues(ok)).toEqual([]);
  });

  it('names every rule a password breaks', () => {
    expect(passwordPolicyIssues('Ab1!')).toEqual(['must be at least 8 characters']);
    expect(passwordPolicyIssues('abcdefgh')).toEqual([
      'must contain a digit',
      'must contain a special character',
    ]);
    expect(passwordPolicyIssues('12345678!')).toEqual(['must contain a letter']);
    expect(passwordPolicyIssues('abcd1234')).toEqual(['must contain a special character']);
    expect(passwordPolicyIssues(`a1!${'x'.repeat(200)}`)).toEqual(['must be at most 128 characters']);
  });

  it('does not count whitespace as a special character', () => {
    expect(passwordPolicyIssues('abcd 1234')).toEqual(['must contain a special character']);
  });

  it('throws a validation error with the field path', () => {
    try {
      assertPasswordPolicy('short', 'newPassword');
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fields.every((f) => f.path === 'newPassword')).toBe(true);
    }
  });

  it('never accepts a password without a digit (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 64 }).filter((s) => !/\p{Nd}/u.test(s)),
        (s) => passwordPolicyIssues(s).length > 0,
      ),
    );
  });
});
