import {
  DepositAddressResponse,
  DepositRequestResponse,
  DepositsQuery,
  DepositsResponse,
  Deposit,
  ExternalWallet,
  ExternalWalletsResponse,
  ListQuery,
  RescanResponse,
  Reservation,
  ReservationsResponse,
  WalletsQuery,
  WalletsResponse,
} from './deposit-api-schemas';
import type { RouteDoc } from './openapi';

const AT = '2026-11-20T09:02:11.000Z';
const ADDRESS = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4';
const TX = '0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d';
const DEPOSIT_EXAMPLE = {
  code: 'D2611204K7QX2MZ',
  status: 'CONFIRMED',
  network: 'POLYGON',
  token: 'USDT',
  asset: 'USDT@POLYGON',
  amount: '1000',
  fee: '12',
  netAmount: '988',
  userId: 'user-42',
  method: 'HOT_ADDRESS',
  walletType: 'HOT',
  address: ADDRESS,
  fromAddress: '0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2',
  txHash: TX,
  logIndex: 3,
  blockNumber: 64_210_117,
  confirmations: 40,
  requiredConfirmations: 32,
  detectedAt: AT,
  confirmedAt: '2026-11-20T09:03:20.000Z',
  explorerUrl: `https://polygonscan.com/tx/${TX}`,
};

/** Documentation of the deposit routes, merged into ROUTE_DOCS in openapi.ts. */
export const DEPOSIT_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'POST /v1/deposit-addresses': {
    operationId: 'getDepositAddress',
    summary: "Get a user's deposit address",
    description:
      'The HOT address for one of your users on a network (HD-derived). Idempotent per (user, network): the first call creates it (201), later calls return the same address (200). Send `{ "userId": "user-42", "network": "BSC" }`; transfers of USDT/USDC to it are credited to you and attributed to that user.',
    tag: 'Deposits',
    response: DepositAddressResponse,
    responseExample: { network: 'BSC', address: ADDRESS, userId: 'user-42', createdAt: AT, created: true },
  },
  'POST /v1/deposit-reservations': {
    operationId: 'createReservation',
    summary: 'Reserve a fixed deposit address for a user',
    description: 'A dedicated HOT address for a user until released. Body `{ userId, network }`.',
    tag: 'Deposits',
    response: Reservation,
    responseExample: { network: 'BSC', address: ADDRESS, userId: 'vip-7', status: 'ACTIVE', createdAt: AT },
  },
  'GET /v1/deposit-reservations': {
    operationId: 'listReservations',
    summary: 'List reservations',
    description: 'Your reservations, active and released, cursor-paginated.',
    tag: 'Deposits',
    response: ReservationsResponse,
    query: ListQuery,
    responseExample: { reservations: [{ network: 'BSC', address: ADDRESS, userId: 'vip-7', status: 'ACTIVE', createdAt: AT }] },
  },
  'DELETE /v1/deposit-reservations/{network}/{address}': {
    operationId: 'releaseReservation',
    summary: 'Release a reservation',
    description: 'Deposits to a released address are no longer attributed to the user (they become unattributed).',
    tag: 'Deposits',
    response: Reservation,
    pathParams: { network: '`BSC` or `POLYGON`.', address: 'The reserved address.' },
    responseExample: { network: 'BSC', address: ADDRESS, userId: 'vip-7', status: 'RELEASED', createdAt: AT, releasedAt: AT },
  },
  'POST /v1/external-wallets': {
    operationId: 'registerExternalWallet',
    summary: "Register a user's sending wallet",
    description:
      'A transfer from this address to your MASTER or POOL address is attributed to the user. Exchange hot wallets send for many people: known exchange addresses and addresses already registered to anyone are refused. Body `{ userId, network, address, label? }`.',
    tag: 'Deposits',
    response: ExternalWallet,
    responseExample: { network: 'BSC', address: ADDRESS, userId: 'user-42', label: 'ledger', createdAt: AT },
  },
  'GET /v1/external-wallets': {
    operationId: 'listExternalWallets',
    summary: 'List registered sending wallets',
    description: 'Newest first, cursor-paginated.',
    tag: 'Deposits',
    response: ExternalWalletsResponse,
    query: ListQuery,
    responseExample: { externalWallets: [{ network: 'BSC', address: ADDRESS, userId: 'user-42', label: null, createdAt: AT }] },
  },
  'DELETE /v1/external-wallets/{network}/{address}': {
    operationId: 'removeExternalWallet',
    summary: 'Remove a registered sending wallet',
    description: 'Answers 204 with no body.',
    tag: 'Deposits',
    response: ExternalWallet,
    pathParams: { network: '`BSC` or `POLYGON`.', address: 'The registered address.' },
    responseExample: { network: 'BSC', address: ADDRESS, userId: 'user-42', label: null, createdAt: AT },
  },
  'POST /v1/deposit-requests': {
    operationId: 'createDepositRequest',
    summary: 'Request an amount-matched deposit to the POOL address',
    description:
      'Body `{ userId, network, token, amount }` (amount with at most 2 decimals). Answers your POOL address and a unique amount — the requested amount plus a tail of 0.000001–0.009999 unique among open requests — valid for 30 minutes. A transfer of exactly that amount before expiry is attributed to the user; anything else arriving at the POOL is unattributed. With an optional `Idempotency-Key` (remembered 30 days) a retry returns the same request (200, `Idempotent-Replayed: true`); another body with that key is 409 IDEMPOTENCY_KEY_REUSED.',
    tag: 'Deposits',
    response: DepositRequestResponse,
    extraErrorStatuses: [409],
    idempotencyKey: 'optional',
    responseExample: { requestId: 'pr_01jgz4a7c9e1g3j5m7p9r1t3v5', userId: 'user-42', network: 'POLYGON', token: 'USDT', address: ADDRESS, amount: '100.004821', expiresAt: AT },
  },
  'GET /v1/wallets': {
    operationId: 'listWallets',
    summary: 'List wallets with on-chain balances',
    description: 'Your HOT, MASTER and POOL wallets, filterable by `network` and `kind`, with each token balance read from the chain (null when the chain cannot be read).',
    tag: 'Wallets',
    response: WalletsResponse,
    query: WalletsQuery,
    responseExample: {
      wallets: [
        { network: 'BSC', kind: 'HOT', purpose: 'USER', address: ADDRESS, userId: 'user-42', status: 'ACTIVE', createdAt: AT, balances: [{ token: 'USDT', amount: '0' }, { token: 'USDC', amount: '25.5' }] },
      ],
    },
  },
  'GET /v1/deposits': {
    operationId: 'listDeposits',
    summary: 'List deposits',
    description:
      'Newest first, cursor-paginated; filter by `from`/`to` (detection time), `status`, `userId`, or find one by `code` or `txHash`. Statuses: DETECTED → CONFIRMING → CONFIRMED (credited) → COLLECTING → COLLECTED → SETTLED, or FAILED (reorged before finality, or below the minimum amount: recorded, never credited).',
    tag: 'Deposits',
    response: DepositsResponse,
    query: DepositsQuery,
    responseExample: { deposits: [DEPOSIT_EXAMPLE] },
  },
  'GET /v1/deposits/{code}': {
    operationId: 'getDeposit',
    summary: 'Get a deposit',
    description: 'Fee, net amount, confirmations, attribution method and timestamps of one deposit.',
    tag: 'Deposits',
    response: Deposit,
    pathParams: { code: 'The deposit code, e.g. `D2611204K7QX2MZ`.' },
    responseExample: DEPOSIT_EXAMPLE,
  },
  'POST /v1/deposits/rescan': {
    operationId: 'rescanDeposit',
    summary: 'Re-examine one transaction',
    description:
      'Body `{ network, txHash }`. Finds deposits to your addresses in that transaction that were missed (e.g. while a node was down) and credits them once final; already credited deposits are reported as such, never credited twice.',
    tag: 'Deposits',
    response: RescanResponse,
    responseExample: { network: 'POLYGON', txHash: TX, results: [{ code: 'D2611204K7QX2MZ', outcome: 'ALREADY_CREDITED', status: 'CONFIRMED' }] },
  },
};
