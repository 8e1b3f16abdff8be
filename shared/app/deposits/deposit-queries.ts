import type { NetworkCode, NetworkConfig } from '../../domain/chains/networks';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { formatAmount } from '../../domain/ledger/amount';
import { findAsset } from '../../domain/ledger/asset';
import type { AuditLog } from '../../ports/audit-log';
import type { DepositRepository, StoredDeposit } from '../../ports/deposits';
import type { DepositIntake, TransferScanner } from '../../ports/evm-transfers';
import type { TokenBalanceReader } from '../../ports/token-balances';
import type { WalletAddress, WalletKind, WalletRepository } from '../../ports/wallets';

type Networks = Readonly<Record<NetworkCode, NetworkConfig>>;

export function depositView(d: StoredDeposit, networks: Networks) {
  const decimals = findAsset(d.asset)?.decimals ?? 0;
  return {
    code: d.code,
    status: d.status,
    network: d.network,
    token: d.token,
    asset: d.asset,
    amount: formatAmount(d.amount, decimals),
    fee: formatAmount(d.fee, decimals),
    netAmount: formatAmount(d.netAmount, decimals),
    userId: d.userId,
    method: d.method,
    walletType: d.walletType,
    address: d.toAddress,
    fromAddress: d.fromAddress,
    txHash: d.txHash,
    logIndex: d.logIndex,
    blockNumber: d.blockNumber,
    confirmations: d.confirmations,
    requiredConfirmations: d.requiredConfirmations,
    ...(d.failureReason ? { failureReason: d.failureReason } : {}),
    detectedAt: d.detectedAt,
    ...(d.confirmedAt ? { confirmedAt: d.confirmedAt } : {}),
    ...(d.sweepTxHash ? { sweepTxHash: d.sweepTxHash } : {}),
    ...(d.collectedAt ? { collectedAt: d.collectedAt } : {}),
    ...(d.settledAt ? { settledAt: d.settledAt } : {}),
    explorerUrl: networks[d.network].explorerTxUrl.replace('{hash}', d.txHash),
  };
}

/** The filters of a deposit list, as the handlers parse them (the API's DepositsQuery). */
export interface DepositListQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly status?: string | undefined;
  readonly userId?: string | undefined;
  readonly code?: string | undefined;
  readonly txHash?: string | undefined;
}

/** A partner's deposits: by code, by transaction hash, or filtered and cursor-paginated, newest first. */
export async function listDeposits(
  deps: { deposits: DepositRepository; networks: Networks },
  partnerId: string,
  query: DepositListQuery,
) {
  if (query.code) {
    const d = await deps.deposits.getByCode(partnerId, query.code);
    return { deposits: d ? [depositView(d, deps.networks)] : [] };
  }
  if (query.txHash) {
    const found = await deps.deposits.findByTxHash(partnerId, query.txHash);
    return { deposits: found.map((d) => depositView(d, deps.networks)) };
  }
  const page = await deps.deposits.list(partnerId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.status ? { status: query.status as StoredDeposit['status'] } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
  });
  return {
    deposits: page.items.map((d) => depositView(d, deps.networks)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

export async function getDeposit(
  deps: { deposits: DepositRepository; networks: Networks },
  partnerId: string,
  code: string,
) {
  const d = await deps.deposits.getByCode(partnerId, code);
  if (!d) throw new NotFoundError(`Deposit ${code} not found`);
  return depositView(d, deps.networks);
}

/**
 * Re-examines one transaction: a deposit missed while a node was down is found and credited once it
 * is final; one already credited is reported, never credited again. Only the caller's deposits are
 * reported.
 */
export async function rescanTransaction(
  deps: {
    deposits: DepositRepository;
    intake: DepositIntake;
    scanner: (network: NetworkCode) => TransferScanner;
  },
  partnerId: string,
  input: { network: NetworkCode; txHash: string },
) {
  const scanner = deps.scanner(input.network);
  const transfers = await scanner.transfersInTransaction(input.txHash);
  const ids = transfers.map((t) => `${input.network}:${t.txHash.toLowerCase()}:${t.logIndex}`);
  const before = new Map(
    (await Promise.all(ids.map((id) => deps.deposits.get(id))))
      .filter((d): d is StoredDeposit => !!d)
      .map((d) => [d.id, d.status]),
  );
  if (transfers.length > 0) {
    const head = await scanner.head();
    await deps.intake.ingest(input.network, transfers, head);
    await deps.intake.confirm(input.network, head, scanner);
  }
  const after = (await Promise.all(ids.map((id) => deps.deposits.get(id)))).filter(
    (d): d is StoredDeposit => !!d && d.partnerId === partnerId,
  );
  const credited = new Set(['CONFIRMED', 'COLLECTING', 'COLLECTED', 'SETTLED']);
  return {
    network: input.network,
    txHash: input.txHash.toLowerCase(),
    results: after.map((d) => ({
      code: d.code,
      status: d.status,
      outcome: (credited.has(d.status)
        ? credited.has(before.get(d.id) ?? '')
          ? 'ALREADY_CREDITED'
          : 'CREDITED'
        : d.status === 'FAILED'
          ? 'FAILED'
          : 'DETECTED') as 'CREDITED' | 'ALREADY_CREDITED' | 'DETECTED' | 'FAILED',
    })),
  };
}

/** Where MASTER is for a partner on a network, as the one MASTER resolution says (nothing is created). */
export type MasterResolver = (partnerId: string, network: NetworkCode) => Promise<WalletAddress | undefined>;

/**
 * The partner's MASTER wallets as resolved (the KMS key on AWS, the HD MASTER locally), never from the
 * wallet rows alone: a MASTER row the signer does not hold would show funds where nothing signs.
 */
async function resolvedMasters(master: MasterResolver, partnerId: string, networks: readonly NetworkCode[]) {
  const found = await Promise.all(networks.map((n) => master(partnerId, n).catch(() => undefined)));
  return found.filter((w): w is WalletAddress => w !== undefined);
}

/** The partner's wallets with their on-chain token balances. */
export async function listWallets(
  deps: {
    wallets: WalletRepository;
    balances: TokenBalanceReader;
    networks: Networks;
    master?: MasterResolver;
  },
  partnerId: string,
  query: { limit: number; cursor?: string; network?: NetworkCode; kind?: WalletKind },
) {
  const networks = query.network ? [query.network] : (Object.keys(deps.networks) as NetworkCode[]);
  const master = deps.master;
  const page =
    master && query.kind === 'MASTER'
      ? { items: await resolvedMasters(master, partnerId, networks), nextCursor: undefined }
      : await deps.wallets.listWallets(partnerId, query.network, {
          limit: query.limit,
          ...(query.cursor ? { cursor: query.cursor } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
        });
  if (master && query.kind === undefined) {
    // MASTER rows come from the resolution, once, on the first page.
    const rest = page.items.filter((w) => w.kind !== 'MASTER');
    page.items = query.cursor ? rest : [...(await resolvedMasters(master, partnerId, networks)), ...rest];
  }
  const byNetwork = new Map<NetworkCode, string[]>();
  for (const w of page.items) byNetwork.set(w.network, [...(byNetwork.get(w.network) ?? []), w.address]);
  const balances = new Map<string, Readonly<Record<string, bigint | null>>>();
  await Promise.all(
    [...byNetwork].map(async ([network, addresses]) => {
      try {
        for (const [a, b] of await deps.balances.balances(network, addresses))
          balances.set(`${network}:${a}`, b);
      } catch {
        // The chain is unreachable: wallets are still listed, with unknown balances.
      }
    }),
  );
  return {
    wallets: page.items.map((w) => {
      const row = balances.get(`${w.network}:${w.address.toLowerCase()}`);
      const tokens = Object.values(deps.networks[w.network].tokens);
      return {
        network: w.network,
        kind: w.kind,
        purpose: w.purpose,
        address: w.address,
        userId: w.userId,
        status: w.status,
        createdAt: w.createdAt,
        balances: tokens.map((t) => {
          const v = row?.[t.symbol];
          return {
            token: t.symbol,
            amount: v === undefined || v === null ? null : formatAmount(v, t.decimals),
          };
        }),
      };
    }),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** An operator ties an unattributed deposit to a user, once; the change is audited. */
export async function assignDeposit(
  deps: { deposits: DepositRepository; audit: AuditLog; clock: { now(): Date } },
  partnerId: string,
  code: string,
  userId: string,
  operator: string,
) {
  const d = await deps.deposits.getByCode(partnerId, code);
  if (!d) throw new NotFoundError(`Deposit ${code} not found`);
  if (d.method !== 'UNATTRIBUTED' || d.userId) {
    throw new ConflictError(`Deposit ${code} is already attributed to ${d.userId ?? 'a user'}`);
  }
  const at = deps.clock.now().toISOString();
  const updated = await deps.deposits.update(d.id, d.status, {
    userId,
    assignedBy: operator,
    assignedAt: at,
    updatedAt: at,
  });
  await deps.audit.record({
    partnerId,
    actor: { type: 'OPERATOR', id: operator },
    action: 'deposit.assign',
    outcome: 'SUCCESS',
    at,
    details: { code, userId },
  });
  return updated;
}
