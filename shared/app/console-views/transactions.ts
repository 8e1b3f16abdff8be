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

/** The partner's withdrawals as transaction rows, a page at a time (filters applied while paging). */
export interface WithdrawalTransactionsReader {
  page(
    partnerId: string,
    query: {
      userId?: string;
      txHash?: string;
      address?: string;
      limit: number;
      cursor?: string;
      /** List reads the page may spend before it stops with a cursor. */
      maxReads: number;
    },
  ): Promise<{ readonly rows: TransactionRow[]; readonly nextCursor?: string }>;
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

/**
 * List reads one page of the view may spend (deposits and withdrawals together; a hash search adds one
 * read of the deposits' hash index). A filter no index serves is applied while paging, 100 items a
 * read; a page that runs out of reads stops with a cursor.
 */
export const TRANSACTIONS_MAX_READS = 10;

/** Where each source stands: absent before its first page, `null` once it has ended. */
interface Position {
  readonly d?: string | null;
  readonly w?: string | null;
}

/**
 * `<deposits>.<withdrawals>`, each the source's own cursor (base64url) or `-` once it has ended: kept
 * compact so that, sealed by the console (ADR 0020), it stays within CURSOR_MAX_LENGTH.
 */
const POSITION = /^([A-Za-z0-9_-]{1,900})\.([A-Za-z0-9_-]{1,900})$/;
const ENDED = '-';

function encodePosition(p: Position): string | undefined {
  if (!p.d && !p.w) return undefined;
  return `${p.d || ENDED}.${p.w || ENDED}`;
}

function decodePosition(cursor: string): Position {
  const m = POSITION.exec(cursor);
  if (!m) {
    throw new ValidationError('Invalid cursor', [
      { path: 'cursor', message: 'Use nextCursor from the previous page' },
    ]);
  }
  const part = (s: string) => (s === ENDED ? null : s);
  return { d: part(m[1] as string), w: part(m[2] as string) };
}

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
 * Deposits, their sweeps to MASTER and withdrawals in one list, newest first within a page, searchable
 * by user id, address or transaction hash. Deposits and withdrawals are paged side by side, each from
 * its own index, under one cursor; a page spends at most TRANSACTIONS_MAX_READS list reads (split
 * between the two when both are listed) and says with its cursor whether either has more.
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
  const at: Position = q.cursor ? decodePosition(q.cursor) : {};
  const rows: TransactionRow[] = [];
  const listsDeposits = q.kind !== 'WITHDRAWAL' && at.d !== null;
  const listsWithdrawals =
    deps.withdrawals !== undefined && q.kind !== 'DEPOSIT' && q.kind !== 'SWEEP' && at.w !== null;
  // Both sources listed: half the reads each; one source: all of them.
  const maxReads = listsDeposits && listsWithdrawals ? TRANSACTIONS_MAX_READS / 2 : TRANSACTIONS_MAX_READS;
  let d: string | null = null;
  let w: string | null = null;

  if (listsDeposits) {
    // A deposit's own hash is served by an index; found there, the list need not be read for it.
    const byHash =
      q.txHash && !at.d
        ? await deps.deposits.findByTxHash(
            partnerId,
            (q.txHash.startsWith('0x') ? q.txHash : `0x${q.txHash}`).toLowerCase(),
          )
        : [];
    if (byHash.length > 0) {
      for (const dep of byHash) rows.push(...depositRows(dep).filter((r) => matches(r, q)));
    } else {
      // Kind, address and a sweep's hash are no index's keys: filtered while paging, within the reads.
      const filters = Boolean(q.kind || q.address || q.txHash);
      const page = await deps.deposits.list(partnerId, {
        limit: q.limit,
        maxReads,
        ...(q.userId ? { userId: q.userId } : {}),
        ...(at.d ? { cursor: at.d } : {}),
        ...(filters ? { match: (dep: StoredDeposit) => depositRows(dep).some((r) => matches(r, q)) } : {}),
      });
      for (const dep of page.items) rows.push(...depositRows(dep).filter((r) => matches(r, q)));
      d = page.nextCursor ?? null;
    }
  }
  if (listsWithdrawals && deps.withdrawals) {
    const page = await deps.withdrawals.page(partnerId, {
      limit: q.limit,
      maxReads,
      ...(at.w ? { cursor: at.w } : {}),
      ...(q.userId ? { userId: q.userId } : {}),
      ...(q.txHash ? { txHash: q.txHash } : {}),
      ...(q.address ? { address: q.address } : {}),
    });
    rows.push(...page.rows);
    w = page.nextCursor ?? null;
  }
  rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const nextCursor = encodePosition({ d, w });
  return { transactions: rows, ...(nextCursor ? { nextCursor } : {}) };
}
