import { randomInt } from 'node:crypto';
import * as z from 'zod';
import {
  DepositAddressRequest,
  DepositRequestBody,
  ExternalWalletRequest,
  ReservationRequest,
} from '../../api/deposit-api-schemas';
import { NETWORK_CODES } from '../../domain/chains/networks';
import type { NetworkCode, TokenSymbol } from '../../domain/chains/networks';
import { ConflictError, GatewayError, ValidationError } from '../../domain/errors';
import { parseAmount, formatAmount } from '../../domain/ledger/amount';
import { assetOf } from '../../domain/ledger/asset';
import { normalizeAddress } from '../../domain/withdrawal/policy';
import type { Clock } from '../../ports/clock';
import type { AuditEntry, AuditLog } from '../../ports/audit-log';
import type {
  ExternalWallet,
  HdAddressDeriver,
  WalletAddress,
  WalletKind,
  WalletRepository,
} from '../../ports/wallets';
import type { IdempotencyStore } from '../../ports/idempotency';
import type { PoolRequest, PoolRequestStore } from '../../ports/pool-requests';
import { parseIdempotencyKey, requestFingerprint, runIdempotentIfKeyed } from '../idempotency/run-idempotent';
import { assertSafeDestination } from '../withdrawals/destinations';
import type { DestinationRules } from '../withdrawals/destinations';

export const HD_ACCOUNT = { HOT: 0, MASTER: 1, POOL: 2 } as const;

export interface AddressDeps {
  readonly wallets: WalletRepository;
  readonly hd: HdAddressDeriver;
  readonly clock: Clock;
  readonly audit: AuditLog;
  /** Sender addresses that may never be registered (exchange hot wallets send for many users). */
  readonly knownExchangeAddresses: ReadonlySet<string>;
  /** TRON addresses (m/44'/195'/account'/0/index); without it TRON is refused. */
  readonly tronHd?: HdAddressDeriver;
  /** Idempotency records of the keyed POSTs (shared/app/idempotency). */
  readonly idempotency: IdempotencyStore;
  /** Addresses that burn money (zero, token contracts, gas tanks…) may not be registered as external wallets. */
  readonly destinations: DestinationRules;
}

/** An optional Idempotency-Key: honoured when sent, for IDEMPOTENCY_RETENTION_DAYS (ADR 0012). */
export interface KeyOption {
  readonly idempotencyKey?: string | undefined;
}

const Network = z.enum(NETWORK_CODES, { message: `Supported networks: ${NETWORK_CODES.join(', ')}` });

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ValidationError(
    'Invalid input',
    r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/**
 * The address in the network's canonical format (normalizeAddress: EVM 0x + 40 hex, checksummed when
 * mixed case; TRON base58check), as a zod transform over an input naming its network.
 */
function withChainAddress<T extends { network: NetworkCode; address: string }>(
  value: T,
  ctx: z.RefinementCtx,
): T {
  try {
    return { ...value, address: normalizeAddress(value.network, value.address) };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const f of e.fields) ctx.addIssue({ code: 'custom', path: ['address'], message: f.message });
    return value;
  }
}

async function newWallet(
  deps: AddressDeps,
  partnerId: string,
  network: NetworkCode,
  kind: WalletKind,
  purpose: WalletAddress['purpose'],
  userId: string | null,
): Promise<WalletAddress> {
  const hdAccount = HD_ACCOUNT[kind];
  const hd = network === 'TRON' ? deps.tronHd : deps.hd;
  if (!hd)
    throw new ValidationError('Invalid input', [
      { path: 'network', message: `${network} is not available on this deployment` },
    ]);
  const hdIndex = await deps.wallets.nextHdIndex(hdAccount);
  return {
    network,
    address: await hd.deriveAddress(hdAccount, hdIndex),
    partnerId,
    kind,
    purpose,
    userId,
    hdAccount,
    hdIndex,
    status: 'ACTIVE',
    createdAt: deps.clock.now().toISOString(),
  };
}

/** The user's HOT deposit address on a network: created once, then the same one every time. */
export async function getDepositAddress(
  deps: AddressDeps,
  partnerId: string,
  input: unknown,
): Promise<WalletAddress & { created: boolean }> {
  const { userId, network } = parse(DepositAddressRequest, input);
  const existing = await deps.wallets.userAddress(partnerId, network, userId);
  if (existing) return { ...existing, created: false };
  const result = await deps.wallets.createUserAddress(
    await newWallet(deps, partnerId, network, 'HOT', 'USER', userId),
  );
  return { ...result.wallet, created: result.created };
}

/** Reserves a fixed HOT address for a user; deposits to it are attributed to that user until released. */
/** Who made a change, for the audit log: the partner API key, or the console user. */
export type AddressActor = AuditEntry['actor'];

export const RESERVATION_IDEMPOTENCY_SCOPE = 'deposit-reservation';

/** With an Idempotency-Key a retry returns the first reservation (as it is now: it may have been released). */
export async function createReservation(
  deps: AddressDeps,
  partnerId: string,
  input: unknown,
  actor: AddressActor,
  options: KeyOption = {},
): Promise<WalletAddress & { readonly replayed: boolean }> {
  const { userId, network } = parse(ReservationRequest, input);
  const { replayed, result } = await runIdempotentIfKeyed(
    deps,
    {
      partnerId,
      scope: RESERVATION_IDEMPOTENCY_SCOPE,
      key: parseIdempotencyKey(options.idempotencyKey),
      requestHash: requestFingerprint([userId, network]),
    },
    {
      execute: async () => {
        const wallet = await newWallet(deps, partnerId, network, 'HOT', 'RESERVATION', userId);
        await deps.wallets.createWallet(wallet);
        await deps.audit.record({
          partnerId,
          actor,
          action: 'reservation.create',
          outcome: 'SUCCESS',
          at: wallet.createdAt,
          details: { network, address: wallet.address, userId },
        });
        return { resourceId: wallet.address, response: JSON.stringify(wallet), result: wallet };
      },
      replay: async (record) => {
        const now = (await deps.wallets.lookup(network, [record.resourceId])).get(
          record.resourceId.toLowerCase(),
        );
        return now ?? (JSON.parse(record.response ?? '{}') as WalletAddress);
      },
    },
  );
  return { ...result, replayed };
}

export async function releaseReservation(
  deps: AddressDeps,
  partnerId: string,
  networkInput: string,
  addressInput: string,
  actor: AddressActor,
): Promise<WalletAddress> {
  const { network, address } = parse(
    z.object({ network: Network, address: z.string() }).transform(withChainAddress),
    { network: networkInput, address: addressInput },
  );
  const released = await deps.wallets.releaseReservation(
    partnerId,
    network,
    address,
    deps.clock.now().toISOString(),
  );
  await deps.audit.record({
    partnerId,
    actor,
    action: 'reservation.release',
    outcome: 'SUCCESS',
    at: released.releasedAt ?? deps.clock.now().toISOString(),
    details: { network, address },
  });
  return released;
}

/** The partner's MASTER or POOL wallet on a network, created on first use. */
export async function ensurePartnerWallet(
  deps: AddressDeps,
  partnerId: string,
  network: NetworkCode,
  kind: 'MASTER' | 'POOL',
): Promise<WalletAddress> {
  const existing = await deps.wallets.partnerWallet(partnerId, network, kind);
  if (existing) return existing;
  const result = await deps.wallets.createPartnerWallet(
    await newWallet(deps, partnerId, network, kind, kind, null),
  );
  return result.wallet;
}

/**
 * Registers a sender address for a user: a transfer from it to the partner's MASTER or POOL address is
 * attributed to that user. Exchange hot wallets send for many people, so known exchange addresses and
 * addresses already registered to anyone are refused.
 */
export const EXTERNAL_WALLET_IDEMPOTENCY_SCOPE = 'external-wallet';

/** With an Idempotency-Key a retry returns the first registration instead of "already registered". */
export async function registerExternalWallet(
  deps: AddressDeps,
  partnerId: string,
  input: unknown,
  actor: AddressActor,
  options: KeyOption = {},
): Promise<ExternalWallet & { readonly replayed: boolean }> {
  const body = parse(ExternalWalletRequest.transform(withChainAddress), input);
  // A transfer "from" the zero address is a mint; from a token contract or a gas tank it is nobody's deposit.
  await assertSafeDestination(deps.destinations, body.network, body.address);
  const { replayed, result } = await runIdempotentIfKeyed(
    deps,
    {
      partnerId,
      scope: EXTERNAL_WALLET_IDEMPOTENCY_SCOPE,
      key: parseIdempotencyKey(options.idempotencyKey),
      requestHash: requestFingerprint([body.userId, body.network, body.address, body.label ?? null]),
    },
    {
      execute: async () => {
        const wallet = await addExternalWallet(deps, partnerId, body, actor);
        return {
          resourceId: `${wallet.network}:${wallet.address}`,
          response: JSON.stringify(wallet),
          result: wallet,
        };
      },
      replay: async (record) => JSON.parse(record.response ?? '{}') as ExternalWallet,
    },
  );
  return { ...result, replayed };
}

async function addExternalWallet(
  deps: AddressDeps,
  partnerId: string,
  {
    userId,
    network,
    address,
    label,
  }: { userId: string; network: NetworkCode; address: string; label?: string | undefined },
  actor: AddressActor,
): Promise<ExternalWallet> {
  if (deps.knownExchangeAddresses.has(address.toLowerCase())) {
    throw new ValidationError('Exchange wallets cannot be registered', [
      { path: 'address', message: 'This is a known exchange hot wallet that sends for many users' },
    ]);
  }
  if ((await deps.wallets.lookup(network, [address])).size > 0) {
    throw new ValidationError('Not an external wallet', [
      { path: 'address', message: 'This address belongs to the gateway' },
    ]);
  }
  const wallet: ExternalWallet = {
    network,
    address,
    partnerId,
    userId,
    label: label ?? null,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.wallets.registerExternal(wallet);
  await deps.audit.record({
    partnerId,
    actor,
    action: 'externalWallet.register',
    outcome: 'SUCCESS',
    at: wallet.createdAt,
    details: { network, address, userId },
  });
  return wallet;
}

export async function removeExternalWallet(
  deps: AddressDeps,
  partnerId: string,
  networkInput: string,
  addressInput: string,
  actor: AddressActor,
): Promise<void> {
  const { network, address } = parse(
    z.object({ network: Network, address: z.string() }).transform(withChainAddress),
    { network: networkInput, address: addressInput },
  );
  await deps.wallets.removeExternal(partnerId, network, address);
  await deps.audit.record({
    partnerId,
    actor,
    action: 'externalWallet.remove',
    outcome: 'SUCCESS',
    at: deps.clock.now().toISOString(),
    details: { network, address },
  });
}

const TAIL_UNITS = 1_000_000n; // the tail lives in the 4th-6th decimal places: 0.000001 … 0.009999
const MAX_TAIL = 9_999;
const REQUEST_TTL_MS = 30 * 60_000;

export const DEPOSIT_REQUEST_IDEMPOTENCY_SCOPE = 'deposit-request';

type OpenedRequest = PoolRequest & { readonly amountText: string };

/**
 * A POOL deposit request: the partner's POOL address and a unique amount (the request's amount plus a
 * tail unique among open requests for that pool and token). An exact transfer of that amount before
 * the expiry is attributed to the user; anything else to the POOL is unattributed for an operator.
 * Idempotent per Idempotency-Key when one is sent: a retry with the same key and body returns the first
 * request (same id, amount and expiry) for IDEMPOTENCY_RETENTION_DAYS; another body is IDEMPOTENCY_KEY_REUSED.
 */
export async function createDepositRequest(
  deps: AddressDeps & { poolRequests: PoolRequestStore },
  partnerId: string,
  input: unknown,
  options: KeyOption = {},
): Promise<OpenedRequest & { readonly replayed: boolean }> {
  const body = parse(DepositRequestBody, input);
  const { replayed, result } = await runIdempotentIfKeyed(
    deps,
    {
      partnerId,
      scope: DEPOSIT_REQUEST_IDEMPOTENCY_SCOPE,
      key: parseIdempotencyKey(options.idempotencyKey),
      requestHash: requestFingerprint([body.userId, body.network, body.token, body.amount]),
    },
    {
      execute: async () => {
        const request = await openDepositRequest(deps, partnerId, body);
        return {
          resourceId: request.id,
          response: JSON.stringify({ ...request, amount: request.amount.toString() }),
          result: request,
        };
      },
      // The request is immutable once opened (only its fulfilment changes): the snapshot is the answer.
      replay: async (record) => {
        const stored = JSON.parse(record.response ?? '{}') as OpenedRequest & { amount: string };
        return { ...stored, amount: BigInt(stored.amount) };
      },
    },
  );
  return { ...result, replayed };
}

async function openDepositRequest(
  deps: AddressDeps & { poolRequests: PoolRequestStore },
  partnerId: string,
  body: { userId: string; network: NetworkCode; token: TokenSymbol; amount: string },
): Promise<OpenedRequest> {
  const asset = assetOf(`${body.token}@${body.network}`, 'token');
  const base =
    parseAmount(body.amount, Math.min(2, asset.decimals), { field: 'amount' }) *
    10n ** BigInt(asset.decimals - Math.min(2, asset.decimals));
  const pool = await ensurePartnerWallet(deps, partnerId, body.network, 'POOL');
  const unit = 10n ** BigInt(asset.decimals) / TAIL_UNITS;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + REQUEST_TTL_MS).toISOString();
  for (let attempt = 0; attempt < 20; attempt++) {
    const amount = base + BigInt(randomInt(1, MAX_TAIL + 1)) * unit;
    try {
      const request = await deps.poolRequests.open({
        partnerId,
        userId: body.userId,
        network: body.network,
        token: body.token,
        poolAddress: pool.address,
        amount,
        createdAt: now.toISOString(),
        expiresAt,
      });
      return { ...request, amountText: formatAmount(amount, asset.decimals) };
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
  }
  throw new GatewayError(
    'RATE_LIMITED',
    'Too many open requests for this amount; try another amount or later',
  );
}
