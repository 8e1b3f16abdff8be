import type { StoredDeposit } from '../../shared/ports/deposits';

/**
 * A stored BSC USDT deposit for tests that write deposits straight to the repository: number `n` gives
 * its transaction hash, id and code (unique per test table); 25 USDT (18 decimals) CONFIRMED at
 * `detectedAt` (default 2026-11-20 11:00 UTC) unless overridden.
 */
export function storedDeposit(n: number, overrides: Partial<StoredDeposit> = {}): StoredDeposit {
  const hex = n.toString(16).padStart(64, '0');
  const detectedAt = overrides.detectedAt ?? '2026-11-20T11:00:00.000Z';
  return {
    id: `BSC:0x${hex}:0`,
    code: `D261120${String(n).padStart(8, '0')}`,
    partnerId: 'pt_test',
    userId: 'user-1',
    method: 'HOT_ADDRESS',
    network: 'BSC',
    token: 'USDT',
    asset: 'USDT@BSC',
    txHash: `0x${hex}`,
    logIndex: 0,
    blockNumber: 100 + n,
    blockHash: `0x${'b'.repeat(64)}`,
    fromAddress: '0x1111111111111111111111111111111111111111',
    toAddress: '0x2222222222222222222222222222222222222222',
    walletType: 'HOT',
    amount: 10n ** 18n * 25n,
    fee: 3n * 10n ** 17n,
    netAmount: 247n * 10n ** 17n,
    status: 'CONFIRMED',
    confirmations: 3,
    requiredConfirmations: 3,
    detectedAt,
    confirmedAt: detectedAt,
    updatedAt: detectedAt,
    feeShares: [],
    ...overrides,
  };
}
