import type { SweepDeps, TronSweepDeps } from './deps';
import { EvmSweepStrategy } from './evm-sweep-strategy';
import type { SweepRunReport } from './evm-sweep-strategy';
import { runSweepProcess } from './sweep-process';
import type { SweepRunOptions } from './sweep-process';
import { TronSweepStrategy } from './tron-sweep-strategy';
import type { TronSweepReport } from './tron-sweep-strategy';

export type { SweepDeps, TronSweepDeps } from './deps';
export type { SweepRunReport } from './evm-sweep-strategy';
export type { TronSweepReport } from './tron-sweep-strategy';
export type { SweepRunOptions } from './sweep-process';

/** One sweep run on an EVM network: the sweep process with the EVM strategy. */
export function runSweeps(deps: SweepDeps, options: SweepRunOptions = {}): Promise<SweepRunReport> {
  return runSweepProcess(deps, (run) => new EvmSweepStrategy(deps, run), options);
}

/** One sweep run on TRON: the sweep process with the TRON strategy. */
export async function runTronSweeps(
  deps: TronSweepDeps,
  options: SweepRunOptions = {},
): Promise<TronSweepReport> {
  const report = await runSweepProcess(deps, (run) => new TronSweepStrategy(deps, run), options);
  return { ...report, network: 'TRON', gasTankLow: report.gasTank?.low ?? false };
}
