import { DepositsQuery, ListQuery } from '../../shared/api/deposit-api-schemas';
import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { idempotencyKeyOf } from '../../shared/adapters/lambda/idempotency-header';
import { DynamoWithdrawalRepository } from '../../shared/adapters/dynamodb/withdrawal-repository';
import { withExplorerLink } from '../../shared/app/console-views/explorer';
import { listTransactions } from '../../shared/app/console-views/transactions';
import { withdrawalTransactionsReader } from '../../shared/app/console-views/withdrawal-activity';
import { createReservation, releaseReservation } from '../../shared/app/deposits/deposit-addresses';
import { getDeposit, listDeposits } from '../../shared/app/deposits/deposit-queries';
import type { WalletAddress } from '../../shared/ports/wallets';
import { getCoreDeps } from '../../shared/composition/core';
import { getDepositAddressDeps } from '../../shared/composition/deposit-records';

const reads = () => ({ deposits: getDepositAddressDeps().deposits, networks: getCoreDeps().config.networks });
let withdrawals: DynamoWithdrawalRepository | undefined;
const withdrawalRepository = () =>
  (withdrawals ??= new DynamoWithdrawalRepository(getCoreDeps().db, getCoreDeps().config.tableName));

const reservationView = (w: WalletAddress) => ({
  network: w.network,
  address: w.address,
  userId: w.userId,
  status: w.status,
  createdAt: w.createdAt,
  ...(w.releasedAt ? { releasedAt: w.releasedAt } : {}),
});

/**
 * Console deposits: history with filters, one deposit, reservations, and the unified transactions
 * view. The same use-cases as /v1/deposits and /v1/deposit-reservations, for the session's partner.
 */
export const routes: ConsoleRoutes = {
  'GET /console/deposits': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => {
      const result = await listDeposits(reads(), principal.partnerId, DepositsQuery.parse(query));
      return { statusCode: 200, body: { ...result, deposits: result.deposits.map(withExplorerLink) } };
    },
  },
  'GET /console/deposits/{code}': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, params }) => ({
      statusCode: 200,
      body: {
        deposit: withExplorerLink(await getDeposit(reads(), principal.partnerId, params['code'] ?? '')),
      },
    }),
  },
  'GET /console/transactions': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => ({
      statusCode: 200,
      body: await listTransactions(
        { ...reads(), withdrawals: withdrawalTransactionsReader(withdrawalRepository()) },
        principal.partnerId,
        query,
      ),
    }),
  },
  'GET /console/deposit-reservations': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => {
      const q = ListQuery.parse(query);
      const page = await getDepositAddressDeps().wallets.listWallets(principal.partnerId, undefined, {
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
        kind: 'HOT',
      });
      return {
        statusCode: 200,
        body: {
          reservations: page.items.filter((w) => w.purpose === 'RESERVATION').map(reservationView),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        },
      };
    },
  },
  'POST /console/deposit-reservations': {
    auth: 'console',
    permission: 'wallet:create',
    handle: async ({ principal, body, event }) => {
      const w = await createReservation(
        getDepositAddressDeps(),
        principal.partnerId,
        body,
        { type: 'USER', id: principal.userId },
        { idempotencyKey: idempotencyKeyOf(event) },
      );
      return { statusCode: w.replayed ? 200 : 201, body: { reservation: reservationView(w) } };
    },
  },
  'POST /console/deposit-reservations/{network}/{address}/release': {
    auth: 'console',
    permission: 'wallet:create',
    handle: async ({ principal, params }) => ({
      statusCode: 200,
      body: {
        reservation: reservationView(
          await releaseReservation(
            getDepositAddressDeps(),
            principal.partnerId,
            params['network'] ?? '',
            params['address'] ?? '',
            { type: 'USER', id: principal.userId },
          ),
        ),
      },
    }),
  },
};

export const handler = consoleApiHandler(getCoreDeps, routes);
