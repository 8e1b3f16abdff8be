import { GatewayError, ValidationError } from '../../domain/errors';
import type { LedgerStore } from '../../ports/ledger';
import type { GasTankSigners, SweepChain } from '../../ports/sweeps';
import { gasTankFundingEntry, masterFundingEntry } from './sweep-accounting';

export interface GasTankFundingDeps {
  readonly network: 'BSC' | 'POLYGON';
  readonly chain: SweepChain;
  readonly gasTank: GasTankSigners;
  readonly ledger: LedgerStore;
}

export async function gasTankAddress(deps: Pick<GasTankFundingDeps, 'network' | 'gasTank'>): Promise<string> {
  return (await deps.gasTank.gasTank(deps.network)).address;
}

/** A successful, final native-coin transfer to `to`, or a 4xx / CONFLICT (not final yet). */
async function finalNativeTransfer(chain: SweepChain, txHash: string, to: string, what: string) {
  if (!/^0x[0-9a-fA-F]{64}$/.test(txHash))
    throw new ValidationError('Invalid transaction hash', [
      { path: 'txHash', message: 'Expected 0x and 64 hex digits' },
    ]);
  const transfer = await chain.nativeTransfer(txHash);
  if (
    !transfer ||
    !transfer.success ||
    transfer.to.toLowerCase() !== to.toLowerCase() ||
    transfer.value <= 0n
  ) {
    throw new ValidationError(`Not a funding of ${what}`, [
      { path: 'txHash', message: `Expected a successful transfer of ${chain.nativeAsset} to ${to}` },
    ]);
  }
  const head = await chain.head();
  if (transfer.blockNumber > head.finalized)
    throw new GatewayError(
      'CONFLICT',
      `Funding ${txHash} is not final yet (block ${transfer.blockNumber}, final ${head.finalized})`,
    );
  return transfer;
}

/**
 * Records a native-coin transfer to a partner's MASTER in the ledger (world → its MASTER's native
 * custody), so the withdrawal gas it pays has a balance to come from and the reconciliation can
 * compare MASTER's native coin with the chain. Once per transaction.
 */
export async function recordMasterFunding(
  deps: Pick<GasTankFundingDeps, 'network' | 'chain' | 'ledger'>,
  partnerId: string,
  masterAddress: string,
  txHash: string,
): Promise<{ readonly status: 'APPLIED' | 'DUPLICATE'; readonly amount: bigint }> {
  const transfer = await finalNativeTransfer(deps.chain, txHash, masterAddress, 'the MASTER wallet');
  const result = await deps.ledger.post(
    masterFundingEntry(
      deps.network,
      txHash,
      partnerId,
      deps.chain.nativeAsset,
      transfer.value,
      transfer.blockTime,
    ),
  );
  return { status: result.status, amount: transfer.value };
}

/**
 * Records a native-coin transfer to the gas tank in the ledger (world → the gas tank's custody), so
 * the gas the sweeper spends has a balance to come from. Checked against the chain: a successful,
 * final transfer to the gas tank; recorded once per transaction (the entry id is its hash).
 */
export async function recordGasTankFunding(
  deps: GasTankFundingDeps,
  txHash: string,
): Promise<{ readonly status: 'APPLIED' | 'DUPLICATE'; readonly amount: bigint }> {
  const tank = await gasTankAddress(deps);
  const transfer = await finalNativeTransfer(deps.chain, txHash, tank, 'the gas tank');
  const result = await deps.ledger.post(
    gasTankFundingEntry(deps.network, txHash, deps.chain.nativeAsset, transfer.value, transfer.blockTime),
  );
  return { status: result.status, amount: transfer.value };
}

/**
 * Tops the gas tank up to `target` when it holds less than `minimum`, through `fund` (the local faucet,
 * or an operator's wallet), and records the funding once it is final.
 */
export async function ensureGasTankFunded(
  deps: GasTankFundingDeps & { readonly sleep: (ms: number) => Promise<void> },
  options: {
    readonly minimum: bigint;
    readonly target: bigint;
    readonly fund: (to: string, amount: bigint) => Promise<string>;
    readonly pollMs: number;
    readonly waitForFinalityMs: number;
  },
): Promise<{
  readonly address: string;
  readonly balance: bigint;
  readonly funded: bigint;
  readonly txHash?: string;
}> {
  const address = await gasTankAddress(deps);
  const balance = await deps.chain.nativeBalance(address);
  if (balance >= options.minimum) return { address, balance, funded: 0n };
  const amount = options.target - balance;
  const txHash = await options.fund(address, amount);
  const until = Date.now() + options.waitForFinalityMs;
  for (;;) {
    try {
      await recordGasTankFunding(deps, txHash);
      return { address, balance: balance + amount, funded: amount, txHash };
    } catch (e) {
      if (!(e instanceof GatewayError && e.code === 'CONFLICT') || Date.now() >= until) throw e;
      await deps.sleep(options.pollMs);
    }
  }
}
