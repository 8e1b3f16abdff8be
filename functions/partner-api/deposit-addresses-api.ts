import {
  DepositRequestResponse,
  WalletsQuery,
  ListQuery,
  WalletAddressParams,
} from '../../shared/api/deposit-api-schemas';
import { tronNodeOptions } from '../../shared/adapters/tron/tron-node-client';
import { chainTokenBalanceReader } from '../../shared/adapters/tron/tron-token-balance-reader';
import { idempotencyKeyOf, replayHeaders } from '../../shared/adapters/lambda/idempotency-header';
import { jsonBody, partnerApiHandler, routeTable } from '../../shared/adapters/lambda/partner-api-handler';
import {
  createDepositRequest,
  createReservation,
  getDepositAddress,
  registerExternalWallet,
  releaseReservation,
  removeExternalWallet,
} from '../../shared/app/deposits/deposit-addresses';
import { listWallets } from '../../shared/app/deposits/deposit-queries';
import { formatAmount } from '../../shared/domain/ledger/amount';
import { assetOf } from '../../shared/domain/ledger/asset';
import { getPartnerApiDeps } from '../../shared/composition/partner-auth';
import { masterAddressesFor } from '../../shared/composition/master-addresses';
import { getDepositAddressDeps } from '../../shared/composition/deposit-records';

/** The audit actor of partner API changes: the API key that signed the request. */
const apiKey = (principal: { apiKeyId: string }) => ({ type: 'API_KEY' as const, id: principal.apiKeyId });

const reservationView = (w: {
  network: string;
  address: string;
  userId: string | null;
  status: string;
  createdAt: string;
  releasedAt?: string;
}) => ({
  network: w.network,
  address: w.address,
  userId: w.userId,
  status: w.status,
  createdAt: w.createdAt,
  ...(w.releasedAt ? { releasedAt: w.releasedAt } : {}),
});

/**
 * Deposit addresses, reservations, external wallets, POOL deposit requests and the wallet list. Every
 * route acts on the authenticated partner only.
 */
export const handler = partnerApiHandler(
  getPartnerApiDeps,
  routeTable({
    'POST /v1/deposit-addresses': async ({ event, principal }) => {
      const w = await getDepositAddress(getDepositAddressDeps(), principal.partnerId, jsonBody(event));
      return {
        statusCode: w.created ? 201 : 200,
        body: {
          network: w.network,
          address: w.address,
          userId: w.userId,
          createdAt: w.createdAt,
          created: w.created,
        },
      };
    },
    'POST /v1/deposit-reservations': async ({ event, principal }) => {
      const w = await createReservation(
        getDepositAddressDeps(),
        principal.partnerId,
        jsonBody(event),
        apiKey(principal),
        { idempotencyKey: idempotencyKeyOf(event) },
      );
      return { statusCode: w.replayed ? 200 : 201, body: reservationView(w), ...replayHeaders(w.replayed) };
    },
    'GET /v1/deposit-reservations': async ({ event, principal }) => {
      const q = ListQuery.parse(event.queryStringParameters ?? {});
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
    'DELETE /v1/deposit-reservations/{network}/{address}': async ({ event, principal }) => {
      const p = WalletAddressParams.parse(event.pathParameters ?? {});
      return {
        statusCode: 200,
        body: reservationView(
          await releaseReservation(
            getDepositAddressDeps(),
            principal.partnerId,
            p.network,
            p.address,
            apiKey(principal),
          ),
        ),
      };
    },
    'POST /v1/external-wallets': async ({ event, principal }) => {
      const { replayed, ...wallet } = await registerExternalWallet(
        getDepositAddressDeps(),
        principal.partnerId,
        jsonBody(event),
        apiKey(principal),
        { idempotencyKey: idempotencyKeyOf(event) },
      );
      return { statusCode: replayed ? 200 : 201, body: wallet, ...replayHeaders(replayed) };
    },
    'GET /v1/external-wallets': async ({ event, principal }) => {
      const q = ListQuery.parse(event.queryStringParameters ?? {});
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
    'DELETE /v1/external-wallets/{network}/{address}': async ({ event, principal }) => {
      const p = WalletAddressParams.parse(event.pathParameters ?? {});
      await removeExternalWallet(
        getDepositAddressDeps(),
        principal.partnerId,
        p.network,
        p.address,
        apiKey(principal),
      );
      return { statusCode: 204, body: null };
    },
    'POST /v1/deposit-requests': async ({ event, principal }) => {
      const r = await createDepositRequest(getDepositAddressDeps(), principal.partnerId, jsonBody(event), {
        idempotencyKey: idempotencyKeyOf(event),
      });
      const body = {
        requestId: r.id,
        userId: r.userId,
        network: r.network,
        token: r.token,
        address: r.poolAddress,
        amount: formatAmount(r.amount, assetOf(`${r.token}@${r.network}`).decimals),
        expiresAt: r.expiresAt,
      };
      return {
        statusCode: r.replayed ? 200 : 201,
        body: DepositRequestResponse.parse(body),
        ...replayHeaders(r.replayed),
      };
    },
    'GET /v1/wallets': async ({ event, principal }) => {
      const q = WalletsQuery.parse(event.queryStringParameters ?? {});
      const deps = getDepositAddressDeps();
      const body = await listWallets(
        {
          wallets: deps.wallets,
          balances: chainTokenBalanceReader(
            getPartnerApiDeps().config.networks,
            tronNodeOptions(getPartnerApiDeps().config),
          ),
          networks: getPartnerApiDeps().config.networks,
          master: masterAddressesFor(deps).currentMaster,
        },
        principal.partnerId,
        {
          limit: q.limit,
          ...(q.cursor ? { cursor: q.cursor } : {}),
          ...(q.network ? { network: q.network } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
        },
      );
      return { statusCode: 200, body };
    },
  }),
);
