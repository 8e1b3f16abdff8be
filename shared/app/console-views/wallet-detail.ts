import type { NetworkCode, NetworkConfig, TokenSymbol } from '../../domain/chains/networks';
import { NotFoundError, ValidationError } from '../../domain/errors';
import { formatAmount } from '../../domain/ledger/amount';
import type { DepositRepository, StoredDeposit } from '../../ports/deposits';
import type { TokenBalanceReader } from '../../ports/token-balances';
import type { WalletRepository } from '../../ports/wallets';
import { depositView } from '../deposits/deposit-queries';
import type { MasterResolver } from '../deposits/deposit-queries';
import { TRANSACTIONS_MAX_READS } from './transactions';
import type { WithdrawalTransactionsReader } from './transactions';

type Networks = Readonly<Record<NetworkCode, NetworkConfig>>;

/** A HOT address's one-time approve to the gas tank (sweeps); absent until its first sweep. */
export interface ApprovalReader {
  getApproval(
    network: NetworkCode,
    address: string,
    token: TokenSymbol,
  ): Promise<{ readonly status: string } | undefined>;
}

export interface WalletDetailDeps {
  readonly wallets: WalletRepository;
  readonly deposits: DepositRepository;
  readonly balances: TokenBalanceReader;
  readonly networks: Networks;
  readonly approvals?: ApprovalReader;
  /** Withdrawals paid from (or sent to) the wallet: a MASTER pays them. */
  readonly withdrawals?: WithdrawalTransactionsReader;
  /** The one MASTER resolution (the KMS key on AWS has no wallet row). */
  readonly master?: MasterResolver;
}

/** Pages of the partner's deposits read to find a MASTER or POOL address's deposits (newest first). */
const SCAN_PAGES = 5;
const PAGE = 100;
export const WALLET_DEPOSITS_SHOWN = 50;

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * One of the partner's wallets: its on-chain balance per token, the approve status per token (HOT
 * addresses), its latest deposits and, for a MASTER, the withdrawals it paid. Another partner's wallet
 * is simply not found.
 */
export async function walletDetail(
  deps: WalletDetailDeps,
  partnerId: string,
  networkInput: string,
  addressInput: string,
) {
  if (!Object.hasOwn(deps.networks, networkInput)) {
    throw new ValidationError('Unknown network', [{ path: 'network', message: 'Use BSC, POLYGON or TRON' }]);
  }
  const network = networkInput as NetworkCode;
  const row = (await deps.wallets.lookup(network, [addressInput])).values().next().value;
  const master = deps.master ? await deps.master(partnerId, network) : undefined;
  const found =
    master && sameAddress(master.address, addressInput)
      ? master
      : row && row.partnerId === partnerId && !(master && row.kind === 'MASTER')
        ? row
        : undefined;
  if (!found) throw new NotFoundError(`Wallet ${addressInput} not found`);

  const tokens = Object.values(deps.networks[network].tokens);
  let onChain: Readonly<Record<string, bigint | null>> | undefined;
  try {
    onChain = (await deps.balances.balances(network, [found.address])).get(found.address.toLowerCase());
  } catch {
    onChain = undefined; // the chain is unreachable: the wallet still shows, with unknown balances
  }

  const approvals =
    found.kind === 'HOT' && deps.approvals
      ? await Promise.all(
          tokens.map(async (t) => ({
            token: t.symbol,
            status: (await deps.approvals?.getApproval(network, found.address, t.symbol))?.status ?? 'NONE',
          })),
        )
      : [];

  const mine: StoredDeposit[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < SCAN_PAGES && mine.length < WALLET_DEPOSITS_SHOWN; page += 1) {
    const result = await deps.deposits.list(partnerId, {
      limit: PAGE,
      ...(found.userId ? { userId: found.userId } : {}),
      ...(cursor ? { cursor } : {}),
    });
    mine.push(
      ...result.items.filter((d) => d.network === network && sameAddress(d.toAddress, found.address)),
    );
    cursor = result.nextCursor;
    if (!cursor) break;
  }

  const withdrawals =
    found.kind === 'MASTER' && deps.withdrawals
      ? (
          await deps.withdrawals.page(partnerId, {
            address: found.address,
            limit: WALLET_DEPOSITS_SHOWN,
            maxReads: TRANSACTIONS_MAX_READS,
          })
        ).rows
      : [];

  return {
    wallet: {
      network: found.network,
      kind: found.kind,
      purpose: found.purpose,
      address: found.address,
      userId: found.userId,
      status: found.status,
      createdAt: found.createdAt,
      ...(found.releasedAt ? { releasedAt: found.releasedAt } : {}),
    },
    balances: tokens.map((t) => {
      const v = onChain?.[t.symbol];
      return {
        token: t.symbol,
        decimals: t.decimals,
        amount: v === undefined || v === null ? null : formatAmount(v, t.decimals),
      };
    }),
    approvals,
    deposits: mine.slice(0, WALLET_DEPOSITS_SHOWN).map((d) => depositView(d, deps.networks)),
    withdrawals: withdrawals.filter((w) => w.network === network),
  };
}
