import type { EmailMessage } from '../../ports/email';

/** Plain-text security mail. Links carry tokens in the URL fragment, which browsers never send to servers. */
const PRODUCT = 'Stablecoin Gateway';

function link(consoleUrl: string, route: string, token: string): string {
  return `${consoleUrl.replace(/\/?$/, '/')}#/${route}?token=${encodeURIComponent(token)}`;
}

export function passwordResetEmail(
  to: string,
  consoleUrl: string,
  token: string,
  minutes: number,
): EmailMessage {
  return {
    to,
    kind: 'PASSWORD_RESET',
    subject: `${PRODUCT}: reset your password`,
    text: [
      'Someone (hopefully you) asked to reset the password of your console account.',
      '',
      `Choose a new password here (valid for ${minutes} minutes, once):`,
      link(consoleUrl, 'reset-password', token),
      '',
      'If you did not ask for this, ignore this email; your password stays as it is.',
      'After a password change, withdrawals are blocked for 24 hours.',
    ].join('\n'),
  };
}

export function invitationEmail(
  to: string,
  consoleUrl: string,
  token: string,
  workspace: string,
  role: string,
  days: number,
): EmailMessage {
  return {
    to,
    kind: 'INVITATION',
    subject: `${PRODUCT}: you are invited to ${workspace}`,
    text: [
      `You are invited to join ${workspace} on the ${PRODUCT} console as ${role}.`,
      '',
      `Accept and set your password here (valid for ${days} days, once):`,
      link(consoleUrl, 'accept-invitation', token),
    ].join('\n'),
  };
}

export function emailVerificationEmail(
  to: string,
  consoleUrl: string,
  token: string,
  hours: number,
): EmailMessage {
  return {
    to,
    kind: 'EMAIL_VERIFICATION',
    subject: `${PRODUCT}: confirm your new email address`,
    text: [
      'Confirm this address as the sign-in email of your console account:',
      link(consoleUrl, 'verify-email', token),
      '',
      `The link is valid for ${hours} hours, once. Withdrawals are blocked for 24 hours after the change.`,
    ].join('\n'),
  };
}

export function securityNoticeEmail(
  to: string,
  kind: 'PASSWORD_CHANGED' | 'EMAIL_CHANGED' | 'TWO_FACTOR_CHANGED',
  what: string,
  at: string,
): EmailMessage {
  return {
    to,
    kind,
    subject: `${PRODUCT}: ${what}`,
    text: [
      `${what} on your console account at ${at}.`,
      // The lock follows the credential that changed (ADR 0005): this user's own actions, and not
      // after a first 2FA set-up (security going up).
      kind === 'TWO_FACTOR_CHANGED'
        ? 'Unless this was your first 2FA set-up, your own withdrawal requests, approvals and whitelist changes are locked for 24 hours as a precaution.'
        : 'Your own withdrawal requests, approvals and whitelist changes are locked for 24 hours as a precaution.',
      'If this was not you, contact your workspace owner and support immediately.',
    ].join('\n'),
  };
}
