/** English strings. Korean (ko.ts) has the same shape; the type checker keeps them in step. */
export const en = {
  app: { name: 'Partner Console', product: 'Stablecoin Gateway', skip: 'Skip to content', language: 'Language', signOut: 'Sign out', myAccount: 'My account', loading: 'Loading…', retry: 'Retry', refresh: 'Refresh', close: 'Close', cancel: 'Cancel', save: 'Save', confirm: 'Confirm', search: 'Search', reset: 'Reset', previous: 'Previous', next: 'Next', page: 'Page {{page}}', copy: 'Copy', copied: 'Copied', yes: 'Yes', no: 'No', none: 'None', all: 'All', updated: 'Updated {{time}}' },
  nav: { dashboard: 'Dashboard', deposits: 'Deposits', depositHistory: 'Deposit history', reservations: 'Reservations', withdrawals: 'Withdrawals', withdrawalHistory: 'Withdrawal history', whitelist: 'Whitelist', wallets: 'Wallets', walletList: 'Wallet list', externalWallets: 'External wallets', transactions: 'Transactions', settings: 'Settings', account: 'My account' },
  banner: {
    twoFactorOff: 'Two-factor authentication is off. Withdrawals and other sensitive actions may be restricted until you turn it on.',
    setUp2fa: 'Set up 2FA',
    withdrawalsLocked: 'Withdrawals are locked until {{time}} after a security change.',
  },
  signIn: {
    title: 'Sign in', subtitle: 'Use the email and password your administrator issued.', email: 'Email', password: 'Password', remember: 'Keep me signed in (7 days)', submit: 'Sign in', forgot: 'Forgot password?',
    otpTitle: 'Two-factor authentication', otpHelp: 'Enter the 6-digit code from your authenticator app (or a recovery code).', otp: 'Authentication code', verify: 'Verify', back: 'Back to sign in',
  },
  forgot: { title: 'Reset your password', help: 'Enter your sign-in email. If it has an account, a reset link is sent to it.', submit: 'Send reset link', sent: 'If the address has an account, a reset link is on its way.' },
  reset: { title: 'Choose a new password', newPassword: 'New password', submit: 'Set password', done: 'Your password is changed. Sign in with the new one.', missingToken: 'This link has no token.' },
  invitation: { title: 'Accept invitation', intro: 'You are invited to {{workspace}} as {{role}}.', name: 'Your name', password: 'Choose a password', submit: 'Create account', done: 'Your account is ready. Sign in.' },
  dashboard: {
    title: 'Dashboard', todayDeposits: "Today's deposits", todayWithdrawals: "Today's withdrawals", available: 'Available balance', pending: 'Pending withdrawals', count_one: '{{count}} transaction', count_other: '{{count}} transactions', awaitingApproval: 'awaiting approval',
    trend: '7-day deposit trend', amount: 'Amount (USD)', countLabel: 'Count', byCurrency: 'Balance by currency', network: 'Network', availableCol: 'Available', held: 'Held', total: 'Total', truncated: 'The trend shows the latest deposits only.', noWithdrawals: 'Withdrawal figures appear once withdrawals are enabled.',
  },
  deposits: {
    title: 'Deposit history', code: 'Deposit code', userId: 'User ID', time: 'Time', network: 'Network', method: 'Method', amount: 'Amount', status: 'Status', txHash: 'TX hash', from: 'From', to: 'To', dateRange: 'Date range', codeOrHash: 'Deposit code / TX hash',
    empty: 'No deposits match these filters.', detail: 'Deposit {{code}}', fee: 'Fee', net: 'Net amount', confirmations: 'Confirmations', confirmedAt: 'Confirmation time', detectedAt: 'Detected at', address: 'Deposit address', fromAddress: 'Sender', sweepTx: 'Sweep TX', settledAt: 'Settled at', failureReason: 'Failure reason', block: 'Block', wallet: 'Wallet type',
  },
  reservations: { title: 'Deposit reservations', help: 'Reserve a fixed deposit address for a user: incoming deposits to it are matched to the user.', create: 'Reserve address', release: 'Release', released: 'Released', empty: 'No reservations yet.', address: 'Address', createdAt: 'Created' },
  withdrawals: {
    title: 'Withdrawal history', request: 'Request withdrawal', code: 'Withdrawal code', requestedAt: 'Requested at', type: 'Type', fee: 'Fee', total: 'Total', address: 'Destination', reference: 'Reference', requestedBy: 'Requested by', decidedBy: 'Decided by', rejectReason: 'Reject reason', failureReason: 'Failure reason', history: 'History', codeOrHash: 'Withdrawal code / TX hash',
    empty: 'No withdrawals match these filters.', detail: 'Withdrawal {{code}}', approve: 'Approve', reject: 'Reject', cancelW: 'Cancel withdrawal', reason: 'Reason', ownRequest: 'You requested this withdrawal: another member must approve it.',
    token: 'Token', amount: 'Amount', max: 'MAX', availableBalance: 'Available: {{amount}} {{token}}', whitelistEntry: 'Whitelisted address', manualAddress: 'Destination address', userId: 'User ID (optional)', otp: 'OTP code', submit: 'Request', created: 'Withdrawal {{code}} requested ({{status}}).',
    approved: 'Withdrawal approved.', rejected: 'Withdrawal rejected.', cancelled: 'Withdrawal cancelled.', notAvailable: 'Withdrawals are not available on this server yet.', whitelistMode: 'Whitelist only', manualMode: 'Manual address',
  },
  whitelist: { title: 'Withdrawal whitelist', add: 'Add address', label: 'Label', usableAt: 'Usable from', createdBy: 'Added by', remove: 'Remove', empty: 'No whitelisted addresses yet.', cooling: 'New addresses can be used after a {{hours}} h cooling period.' },
  wallets: {
    title: 'Wallets', createHot: 'Create HOT', createMaster: 'Create MASTER', createPool: 'Create POOL', kind: 'Type', purpose: 'Purpose', address: 'Address', balances: 'Balances', createdAt: 'Created', status: 'Status', empty: 'No wallets of this type yet.',
    HOT: 'HOT — per-user deposit wallet, swept to MASTER', MASTER: 'MASTER — treasury, pays withdrawals', POOL: 'POOL — amount-matched deposits', created: 'Wallet {{address}} ready.', detail: 'Wallet', approve: 'Approve status', deposits: 'Deposits to this wallet', withdrawals: 'Withdrawals paid from this wallet', unknown: 'unknown',
  },
  external: { title: 'External wallets', help: 'Sender addresses registered to a user: transfers from them to your MASTER or POOL address are attributed to that user.', add: 'Register address', label: 'Label', remove: 'Remove', empty: 'No external wallets yet.' },
  transactions: { title: 'Transactions', help: 'Deposits, sweeps to MASTER and withdrawals in one list.', kind: 'Kind', searchUser: 'User ID', searchAddress: 'Address', searchHash: 'TX hash', empty: 'No transactions match.' },
  settings: {
    title: 'Settings', apiKeys: 'API keys', webhook: 'Webhook', policy: 'Withdrawal policy', members: 'Members', audit: 'Audit log',
    keyName: 'Name', keyStatus: 'Status', keyCreated: 'Created', lastUsed: 'Last used', ipAllowlist: 'IP allowlist', newKey: 'New API key', revoke: 'Revoke', secretOnce: 'Copy the secret now: it is shown only once and cannot be retrieved later.', keyId: 'API key', secret: 'Secret',
    webhookUrl: 'Webhook URL', threshold: 'Large deposit threshold (USD)', rotate: 'Rotate secret', sendTest: 'Send test', deliveries: 'Delivery log', event: 'Event', attempts: 'Attempts', redeliver: 'Redeliver', webhookSaved: 'Webhook saved.', testSent: 'Test event queued.', secretCreated: 'Secret created', noWebhook: 'No webhook configured yet.',
    approvalMode: 'Approval', auto: 'Auto approval', conditional: 'Conditional manual approval', thresholdUsdt: 'Threshold (USDT)', addressMode: 'Address mode', coolingHours: 'Whitelist cooling period: {{hours}} h', requireTwoFactor: 'Allow withdrawals by members without 2FA', fourEyes: 'Four-eyes: the requester cannot approve their own withdrawal', policySaved: 'Policy saved.',
    invite: 'Invite member', role: 'Role', email: 'Email', name: 'Name', twoFactor: '2FA', lastSignIn: 'Last sign-in', invitations: 'Invitations', invited: 'Invitation sent to {{email}}.', deactivate: 'Deactivate', reactivate: 'Reactivate', resend: 'Resend', revokeInvite: 'Revoke', expires: 'Expires',
    action: 'Action', actor: 'Actor', outcome: 'Outcome', at: 'At', details: 'Details', readOnly: 'You can view these settings; changing them needs more permissions.',
  },
  account: {
    title: 'My account', info: 'Basic info', partnerCode: 'Partner code', partnerType: 'Type', partnerName: 'Partner name', partnerStatus: 'Status', role: 'Role', email: 'Email', name: 'Name',
    password: 'Change password', currentPassword: 'Current password', newPassword: 'New password', passwordRule: 'At least 8 characters mixing letters, digits and symbols.', passwordChanged: 'Password changed. Withdrawals are locked for 24 hours.',
    twoFactor: 'Two-factor authentication (2FA)', enabled: 'On', disabled: 'Off', setUp: 'Set up 2FA', scan: 'Scan this QR code with Google Authenticator, Authy or another authenticator app, then enter the 6-digit code it shows.', manualKey: 'Or enter this key by hand', enable: 'Turn on 2FA', disable: 'Turn off 2FA', recoveryCodes: 'Recovery codes — store them safely; each works once if you lose your phone.', twoFactorOn: '2FA is on.', twoFactorOff: '2FA is off.', qrAlt: 'QR code for your authenticator app',
  },
  status: {
    DETECTED: 'Detected', CONFIRMING: 'Confirming', CONFIRMED: 'Confirmed', COLLECTING: 'Sweeping', COLLECTED: 'Swept', SETTLED: 'Settled', FAILED: 'Failed',
    REQUESTED: 'Requested', PENDING_APPROVAL: 'Pending approval', APPROVED: 'Approved', PROCESSING: 'Processing', BROADCASTING: 'Broadcasting', REJECTED: 'Rejected', CANCELLED: 'Cancelled',
    ACTIVE: 'Active', RELEASED: 'Released', REVOKED: 'Revoked', DEACTIVATED: 'Deactivated', PENDING: 'Pending', DELIVERED: 'Delivered', EXPIRED: 'Expired', ACCEPTED: 'Accepted', SUCCESS: 'Success', DENIED: 'Denied', NONE: 'None', APPROVING: 'Approving', TOPPING_UP: 'Topping up', SUSPENDED: 'Suspended',
  },
  method: { HOT_ADDRESS: 'HD wallet', RESERVATION: 'Reservation', EXTERNAL_WALLET: 'External wallet', POOL_AMOUNT: 'Decimal match', UNATTRIBUTED: 'Unattributed' },
  wtype: { USER: 'User withdrawal', API: 'API withdrawal', MANUAL: 'Manual' },
  kind: { DEPOSIT: 'Deposit', SWEEP: 'Sweep', WITHDRAWAL: 'Withdrawal' },
  errors: {
    generic: 'Something went wrong. Try again, or contact support with request id {{requestId}}.', network: 'Cannot reach the server. Check your connection and try again.',
    INVALID_CREDENTIALS: 'The email or password is not correct.', OTP_REQUIRED: 'Enter the 6-digit code from your authenticator app.', OTP_INVALID: 'The code is not correct. Check the time on your phone and try again.', OTP_REPLAYED: 'This code was already used. Wait for the next one.',
    TWO_FACTOR_REQUIRED: 'Turn on two-factor authentication first (My account).', WITHDRAWAL_LOCKED: 'Withdrawals are locked until {{unlockAt}} after a security change.', FOUR_EYES_VIOLATION: 'You requested this withdrawal; another member must approve it.', FOUR_EYES_REQUIRED: 'Another member must approve this withdrawal.',
    PERMISSION_DENIED: 'Your role does not allow this action.', FORBIDDEN: 'This action is not allowed.', INSUFFICIENT_FUNDS: 'The available balance is not enough for this amount and its fee.', TOO_MANY_ATTEMPTS: 'Too many attempts. Wait {{retryAfterSeconds}} s and try again.', LOCKED_OUT: 'Too many failed attempts: locked until {{unlockAt}}.',
    SESSION_EXPIRED: 'Your session ended. Sign in again.', SESSION_REVOKED: 'Your session ended. Sign in again.', CHALLENGE_INVALID: 'The sign-in step expired. Start again.', CSRF_TOKEN_INVALID: 'The page is out of date. Reload it and try again.', VALIDATION_FAILED: 'Check the highlighted fields.', NOT_FOUND: 'Not found.', CONFLICT: 'This conflicts with the current state. Refresh and try again.', ILLEGAL_TRANSITION: 'This action is not possible in the current status.', ACCOUNT_DEACTIVATED: 'This account is deactivated.', PARTNER_SUSPENDED: 'This workspace is suspended.', CURRENT_PASSWORD_INVALID: 'The current password is not correct.', TOKEN_INVALID: 'This link is not valid.', TOKEN_EXPIRED: 'This link has expired.', TOKEN_ALREADY_USED: 'This link was already used.', PRIVILEGE_ESCALATION: 'You cannot grant permissions you do not hold.', LAST_OWNER: 'A workspace must keep at least one owner.', EMAIL_TAKEN: 'This email already has an account.', RATE_LIMITED: 'Too many requests. Try again shortly.',
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
