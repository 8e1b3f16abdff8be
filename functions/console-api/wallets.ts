import * as z from 'zod';
import { NETWORK_CODES } from '../../shared/domain/chains/networks';
import { ListQuery, WalletsQuery } from '../../shared/api/deposit-api-schemas';
import { tronNodeOptions } from '../../shared/adapters/tron/tron-node-client';
import { chainTokenBalanceReader } from '../../shared/adapters/tron/tron-token-balance-reader';
import type { TokenBalanceReader } from '../../shared/ports/token-balances';
import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { idempotencyKeyOf } from '../../shared/adapters/lambda/idempotency-header';
import { DynamoSweepApprovalReader } from '../../shared/adapters/dynamodb/sweep-approvals';
import { DynamoWithdrawalRepository } from '../../shared/adapters/dynamodb/withdrawal-repository';
import { walletDetail } from '../../shared/app/console-views/wallet-detail';
import { withdrawalTransactionsReader } from '../../shared/app/console-views/withdrawal-activity';
import {
  ensurePartnerWallet,
  getDepositAddress,
  registerExternalWallet,
  removeExternalWallet,
} from '../../shared/app/deposits/deposit-addresses';
import { listWallets } from '../../shared/app/deposits/deposit-queries';
import { ValidationError } from '../../shared/domain/errors';
import { getCoreDeps } from '../../shared/composition/core';
import { getDepositAddressDeps } from '../../shared/composition/deposit-records';
import { masterAddressesFor } from '../../shared/composition/master-addresses';

let balanceReader: TokenBalanceReader | undefined;
const balances = () =>
  (balanceReader ??= chainTokenBalanceReader(
    getCoreDeps().config.networks,
    tronNodeOptions(getCoreDeps().config),
  ));

// The wallet detail reads token approvals alone, not through the sweep store or the sweep wiring
// (which builds the EVM sweep chain on ethers' providers): docs/adr/0025-lambda-bundles.md.
let approvalReader: DynamoSweepApprovalReader | undefined;
const approvals = () =>
  (approvalReader ??= new DynamoSweepApprovalReader(getCoreDeps().db, getCoreDeps().config.tableName));

let withdrawals: DynamoWithdrawalRepository | undefined;
const withdrawalRepository = () =>
  (withdrawals ??= new DynamoWithdrawalRepository(getCoreDeps().db, getCoreDeps().config.tableName));

const CreateWallet = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('HOT'), network: z.enum(NETWORK_CODES), userId: z.string() }),
  z.strictObject({ kind: z.enum(['MASTER', 'POOL']), network: z.enum(NETWORK_CODES) }),
]);

function parseCreate(body: unknown) {
  const r = CreateWallet.safeParse(body);
  if (r.success) return r.data;
  throw new ValidationError(
    'Invalid input',
    r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/**
 * Console wallets: the list by type with on-chain balances, create HOT (a user's deposit address),
 * MASTER and POOL, one wallet's detail, and external wallets. The same use-cases as /v1/wallets,
 * /v1/deposit-addresses and /v1/external-wallets, for the session's partner.
 */
export const routes: ConsoleRoutes = {
  'GET /console/wallets': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => {
      const q = WalletsQuery.parse(query);
      const deps = getDepositAddressDeps();
      return {
        statusCode: 200,
        body: await listWallets(
          {
            wallets: deps.wallets,
            balances: balances(),
            networks: getCoreDeps().config.networks,
            master: masterAddressesFor(deps).currentMaster,
          },
          principal.partnerId,
          {
            limit: q.limit,
            ...(q.cursor ? { cursor: q.cursor } : {}),
            ...(q.network ? { network: q.network } : {}),
            ...(q.kind ? { kind: q.kind } : {}),
          },
        ),
      };
    },
  },
  'POST /console/wallets': {
    auth: 'console',
    permission: 'wallet:create',
    handle: async ({ principal, body }) => {
      const input = parseCreate(body);
      const deps = getDepositAddressDeps();
      if (input.kind === 'HOT') {
        const w = await getDepositAddress(deps, principal.partnerId, {
          userId: input.userId,
          network: input.network,
        });
        return {
          statusCode: w.created ? 201 : 200,
          body: {
            wallet: {
              network: w.network,
              kind: w.kind,
              address: w.address,
              userId: w.userId,
              createdAt: w.createdAt,
            },
            created: w.created,
          },
        };
      }
      // MASTER is wherever the one MASTER resolution says (the KMS key on AWS): never a second HD wallet.
      const existing =
        input.kind === 'MASTER'
          ? await masterAddressesFor(deps).currentMaster(principal.partnerId, input.network)
          : await deps.wallets.partnerWallet(principal.partnerId, input.network, input.kind);
      const w =
        existing ??
        (input.kind === 'MASTER'
          ? await masterAddressesFor(deps).masterWallet(principal.partnerId, input.network)
          : await ensurePartnerWallet(deps, principal.partnerId, input.network, input.kind));
      return {
        statusCode: existing ? 200 : 201,
        body: {
          wallet: {
            network: w.network,
            kind: w.kind,
            address: w.address,
            userId: w.userId,
            createdAt: w.createdAt,
          },
          created: !existing,
        },
      };
    },
  },
  'GET /console/wallets/{network}/{address}': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, params }) => {
      const deps = getDepositAddressDeps();
      return {
        statusCode: 200,
        body: await walletDetail(
          {
            wallets: deps.wallets,
            deposits: deps.deposits,
            balances: balances(),
            networks: getCoreDeps().config.networks,
            approvals: approvals(),
            withdrawals: withdrawalTransactionsReader(withdrawalRepository()),
            master: masterAddressesFor(deps).currentMaster,
          },
          principal.partnerId,
          params['network'] ?? '',
          params['address'] ?? '',
        ),
      };
    },
  },
  'GET /console/external-wallets': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => {
      const q = ListQuery.parse(query);
      const page = await getDepositAddressDeps().wallets.listExternal(principal.partnerId, {
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      const externalWallets = page.items.map(({ partnerId: _p, ...w }) => w);
      return {
        statusCode: 200,
        body: { externalWallets, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
      };
    },
  },
  'POST /console/external-wallets': {
    auth: 'console',
    permission: 'wallet:create',
    handle: async ({ principal, body, event }) => {
      const {
        partnerId: _p,
        replayed,
        ...wallet
      } = await registerExternalWallet(
        getDepositAddressDeps(),
        principal.partnerId,
        body,
        { type: 'USER', id: principal.userId },
        { idempotencyKey: idempotencyKeyOf(event) },
      );
      return { statusCode: replayed ? 200 : 201, body: { externalWallet: wallet } };
    },
  },
  'POST /console/external-wallets/{network}/{address}/remove': {
    auth: 'console',
    permission: 'wallet:create',
    handle: async ({ principal, params }) => {
      await removeExternalWallet(
        getDepositAddressDeps(),
        principal.partnerId,
        params['network'] ?? '',
        params['address'] ?? '',
        { type: 'USER', id: principal.userId },
      );
      return { statusCode: 200, body: { removed: true } };
    },
  },
};

export const handler = consoleApiHandler(getCoreDeps, routes);
