import type { RouteDoc } from './openapi';
import {
  WhitelistResponse,
  WithdrawalCodeParams,
  WithdrawalRequestBody,
  WithdrawalResponse,
  WithdrawalsQuery,
  WithdrawalsResponse,
} from './withdrawal-api-schemas';

const AT = '2026-11-20T09:02:11.000Z';
const WITHDRAWAL_EXAMPLE = {
  code: 'W261120Q4M7ZK2P',
  type: 'USER',
  network: 'BSC',
  token: 'USDT',
  asset: 'USDT@BSC',
  amount: '250',
  fee: '1',
  total: '251',
  address: '0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2',
  userId: 'user-42',
  reference: 'payout-7781',
  status: 'CONFIRMED',
  requiresApproval: false,
  txHash: '0x9a3c5d2e8f1b4a70c0a8012e7b1d4f6e9a3c5d2e8f1b4a70c0a8012e7b1d4f6e',
  from: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
  nonce: 41,
  attempts: 1,
  blockNumber: 44_102_331,
  requestedBy: { kind: 'apiKey', id: 'ak_01jgz3m8q4w7e2r5t9y6v1k0pa' },
  createdAt: AT,
  updatedAt: '2026-11-20T09:02:40.000Z',
  confirmedAt: '2026-11-20T09:02:40.000Z',
  history: [
    { status: 'REQUESTED', at: AT, by: 'apiKey:ak_01jgz3m8q4w7e2r5t9y6v1k0pa' },
    { status: 'APPROVED', at: '2026-11-20T09:02:11.400Z', by: 'system' },
    { status: 'PROCESSING', at: '2026-11-20T09:02:11.600Z', by: 'system' },
    { status: 'BROADCASTING', at: '2026-11-20T09:02:12.100Z', by: 'system' },
    { status: 'CONFIRMED', at: '2026-11-20T09:02:40.000Z', by: 'system' },
  ],
};

/** Documentation of the withdrawal routes, merged into ROUTE_DOCS in openapi.ts. */
export const WITHDRAWAL_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'POST /v1/withdrawals': {
    operationId: 'requestWithdrawal',
    summary: 'Request a withdrawal',
    description:
      'Sends `amount` (or `"MAX"`: the whole available balance less the fee) of a token from your MASTER wallet to `address` or to a whitelist entry (`whitelistEntryId`). Requires an `Idempotency-Key` header, remembered for 30 days: a retry with the same key and body returns the first withdrawal (200, `Idempotent-Replayed: true`), even days later; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED; a retry while the first is still being processed waits for it or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. Amount + fee are held at once (REQUESTED); above your approval threshold the withdrawal waits in PENDING_APPROVAL for a console approver; it is debited at CONFIRMED and released at REJECTED / CANCELLED / FAILED. Refused with WITHDRAWAL_LOCKED for 24 h after a credential change, ADDRESS_NOT_WHITELISTED in whitelist-only mode, WHITELIST_ENTRY_COOLING while a new entry cools, INSUFFICIENT_FUNDS when the available balance does not cover amount + fee. With `userId` the type is USER, otherwise API. Webhooks: WITHDRAWAL_REQUESTED, _APPROVED, _REJECTED, _CONFIRMED, _FAILED, _CANCELLED.',
    tag: 'Withdrawals',
    response: WithdrawalResponse,
    requestBody: WithdrawalRequestBody,
    successStatuses: [201, 200],
    extraErrorStatuses: [409, 422, 503],
    idempotencyKey: 'required',
    responseExample: {
      withdrawal: {
        ...WITHDRAWAL_EXAMPLE,
        status: 'REQUESTED',
        history: WITHDRAWAL_EXAMPLE.history.slice(0, 1),
      },
    },
  },
  'GET /v1/withdrawals': {
    operationId: 'listWithdrawals',
    summary: 'List withdrawals',
    description:
      'Your withdrawals, newest first, filtered by request date range (`from`, `to`), `status`, `type`, `code`, `txHash` or `userId`; cursor-paginated.',
    tag: 'Withdrawals',
    response: WithdrawalsResponse,
    query: WithdrawalsQuery,
    responseExample: { withdrawals: [WITHDRAWAL_EXAMPLE] },
  },
  'GET /v1/withdrawals/{code}': {
    operationId: 'getWithdrawal',
    summary: 'Get a withdrawal',
    description: 'One withdrawal with its status history, transaction hash and nonce.',
    tag: 'Withdrawals',
    response: WithdrawalResponse,
    params: WithdrawalCodeParams,
    responseExample: { withdrawal: WITHDRAWAL_EXAMPLE },
  },
  'POST /v1/withdrawals/{code}/cancel': {
    operationId: 'cancelWithdrawal',
    summary: 'Cancel a withdrawal',
    description:
      'Allowed while nothing was broadcast (REQUESTED, PENDING_APPROVAL, APPROVED, FAILED); the hold is released. Later it is 409 ILLEGAL_TRANSITION. Racing an approval, exactly one of the two wins.',
    tag: 'Withdrawals',
    response: WithdrawalResponse,
    params: WithdrawalCodeParams,
    extraErrorStatuses: [409, 503],
    responseExample: { withdrawal: { ...WITHDRAWAL_EXAMPLE, status: 'CANCELLED', txHash: undefined } },
  },
  'GET /v1/withdrawal-whitelist': {
    operationId: 'listWhitelist',
    summary: 'List whitelisted withdrawal addresses',
    description:
      'Entries are added in the console with a 2FA code and can be used after their cooling period (`usableAt`).',
    tag: 'Withdrawals',
    response: WhitelistResponse,
    responseExample: {
      entries: [
        {
          partnerId: 'pt_01jgz3m8q4w7e2r5t9y6v1k0pa',
          entryId: 'wl_01jh0c9x8v7b6n5m4k3j2h1g0f',
          network: 'BSC',
          address: '0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2',
          label: 'Treasury cold wallet',
          createdAt: AT,
          usableAt: '2026-11-21T09:02:11.000Z',
          createdBy: 'user:usr_01jgz',
        },
      ],
    },
  },
};
