import { ValidationError } from '../errors';
import type { FieldIssue } from '../errors';

/**
 * Console password policy: at least 8 characters mixing letters, digits and special characters.
 * The upper bound keeps the KDF input bounded (scrypt hashes any length, but a megabyte password is
 * a denial-of-service vector, not a password).
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function passwordPolicyIssues(password: string): string[] {
  const issues: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) issues.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) issues.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (!/\p{L}/u.test(password)) issues.push('must contain a letter');
  if (!/\p{Nd}/u.test(password)) issues.push('must contain a digit');
  if (!/[^\p{L}\p{Nd}\s]/u.test(password)) issues.push('must contain a special character');
  return issues;
}

export function assertPasswordPolicy(password: string, path = 'password'): void {
  const issues = passwordPolicyIssues(password);
  if (issues.length) {
    const fields: FieldIssue[] = issues.map((message) => ({ path, message }));
    throw new ValidationError('The password does not meet the policy', fields);
  }
}
