import * as z from 'zod';
import { ANY_ADDRESS_FORMAT } from '../../domain/chains/addresses';
import type { NetworkCode, NetworkConfig } from '../../domain/chains/networks';
import { ValidationError } from '../../domain/errors';
import { formatAmount } from '../../domain/ledger/amount';
import { findAsset } from '../../domain/ledger/asset';
import type { DepositRepository, StoredDeposit } from '../../ports/deposits';

type Networks = Readonly<Record<NetworkCode, NetworkConfig>>;

/** One line of the unified transactions view. */
export interface TransactionRow {
  readonly kind: 'DEPOSIT' | 'SWEEP' | 'WITHDRAWAL';
  readonly code: string;
  readonly network: string;
  readonly token: string;
  readonly amount: string;
  readonly status: string;
  readonly userId: string | null;
  readonly fromAddress: string | null;
  readonly toAddress: string | null;
  readonly txHash: string | null;
  readonly at: string;
}

/** The partner's withdrawals as transaction rows, once the withdrawal store is wired. */
export interface WithdrawalTransactionsReader {
  rows(
    partnerId: string,
    query: { userId?: string; txHash?: string; address?: string; limit: number },
  ): Promise<TransactionRow[]>;
}

export const TransactionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2000).optional(),
  userId: z
    .string()
    .regex(/^[A-Za-z0-9_.@:-]{1,128}$/)
    .optional(),
  address: z.string().regex(ANY_ADDRESS_FORMAT, 'A 0x… or T… address').optional(),
  txHash: z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{64}$/, 'A 32-byte transaction hash')
    .optional(),
  kind: z.enum(['DEPOSIT', 'SWEEP', 'WITHDRAWAL']).optional(),
});

const SCAN_PAGES = 5;

function depositRows(d: StoredDeposit): TransactionRow[] {
  const decimals = findAsset(d.asset)?.decimals ?? 0;
  const amount = formatAmount(d.amount, decimals);
  const rows: TransactionRow[] = [
    {
      kind: 'DEPOSIT',
      code: d.code,
      network: d.network,
      token: d.token,
      amount,
      status: d.status,
      userId: d.userId,
      fromAddress: d.fromAddress,
      toAddress: d.toAddress,
      txHash: d.txHash,
      at: d.detectedAt,
    },
  ];
  if (d.sweepTxHash) {
    rows.push({
      kind: 'SWEEP',
      code: d.code,
      network: d.network,
      token: d.token,
      amount,
      status: d.settledAt ? 'SETTLED' : d.status,
      userId: d.userId,
      fromAddress: d.toAddress,
      // The partner's MASTER wallet of the network (see the wallets page).
      toAddress: null,
      txHash: d.sweepTxHash,
      at: d.collectedAt ?? d.confirmedAt ?? d.detectedAt,
    });
  }
  return rows;
}

const matches = (row: TransactionRow, q: z.infer<typeof TransactionsQuery>) =>
  (!q.kind || row.kind === q.kind) &&
  (!q.address ||
    [row.fromAddress, row.toAddress].some((a) => a?.toLowerCase() === q.address?.toLowerCase())) &&
  (!q.txHash || row.txHash?.toLowerCase() === q.txHash.toLowerCase());

/**
 * Deposits, their sweeps to MASTER and withdrawals in one list, newest first, searchable by user id,
 * address or transaction hash. Paged on the deposit list; withdrawals (when wired) are merged into the
 * first page of a search.
 */
export async function listTransactions(
  deps: { deposits: DepositRepository; networks: Networks; withdrawals?: WithdrawalTransactionsReader },
  partnerId: string,
  input: unknown,
) {
  const parsed = TransactionsQuery.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      'Invalid query',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const q = parsed.data;
  const rows: TransactionRow[] = [];
  let nextCursor: string | undefined;

  if (q.kind !== 'WITHDRAWAL') {
    if (q.txHash) {
      const hash = q.txHash.startsWith('0x') ? q.txHash : `0x${q.txHash}`;
      for (const d of await deps.deposits.findByTxHash(partnerId, hash.toLowerCase()))
        rows.push(...depositRows(d));
    }
    // A hash that is not a deposit's may be a sweep's: those are found by reading recent deposits.
    if (!q.txHash || rows.length === 0) {
      let cursor = q.cursor;
      for (let page = 0; page < (q.address || q.txHash ? SCAN_PAGES : 1); page += 1) {
        const result = await deps.deposits.list(partnerId, {
          limit: q.limit,
          ...(q.userId ? { userId: q.userId } : {}),
          ...(cursor ? { cursor } : {}),
        });
        for (const d of result.items) rows.push(...depositRows(d).filter((r) => matches(r, q)));
        cursor = result.nextCursor;
        if (!cursor || rows.length >= q.limit) break;
      }
      nextCursor = cursor;
    }
  }
  if (deps.withdrawals && q.kind !== 'DEPOSIT' && q.kind !== 'SWEEP' && !q.cursor) {
    rows.push(
      ...(await deps.withdrawals.rows(partnerId, {
        limit: q.limit,
        ...(q.userId ? { userId: q.userId } : {}),
        ...(q.txHash ? { txHash: q.txHash } : {}),
        ...(q.address ? { address: q.address } : {}),
      })),
    );
  }
  rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { transactions: rows.filter((r) => matches(r, q)), ...(nextCursor ? { nextCursor } : {}) };
}
