import type { WithdrawalWiring } from '../../functions/withdrawals-composition';
import { resumeStalledWithdrawals } from '../../shared/app/withdrawals/resume-withdrawals';
import type { Partner } from '../../shared/domain/partner/partner';
import { sendNativeFromFaucet } from './evm/local-chains';
import type { LocalEvmNetwork } from './evm/local-chains';

/** Native coin each demo MASTER wallet is topped up to (it pays its own withdrawal gas). */
const MASTER_GAS = 10n ** 19n;

/**
 * Withdrawals on the local stack: demo partners get a usable policy (any valid address; a person
 * approves above 1,000 USDT) unless an admin changed it, their MASTER wallets get native coin for gas,
 * and withdrawals left unfinished by the last run get their executions back (local executions live in
 * the process; every task routes from the stored status, so nothing is paid twice).
 */
export async function seedDemoWithdrawals(
  wiring: WithdrawalWiring,
  partners: readonly Pick<Partner, 'id' | 'code'>[],
  networks: Readonly<Record<'BSC' | 'POLYGON', LocalEvmNetwork>>,
): Promise<{ readonly resumed: number }> {
  const { deps } = wiring;
  for (const partner of partners) {
    if (!(await deps.settings.get(partner.id)).updatedAt) {
      await deps.settings.put(partner.id, {
        addressMode: 'MANUAL_ADDRESS',
        approval: { mode: 'CONDITIONAL', thresholdUsdt: 1_000_000_000n },
        updatedAt: new Date().toISOString(),
        updatedBy: 'local-stack',
      });
    }
    for (const code of ['BSC', 'POLYGON'] as const) {
      const master = await deps.masterWallet(partner.id, code);
      const balance = await deps.chain(code).nativeBalance(master.address);
      if (balance < MASTER_GAS / 2n)
        await sendNativeFromFaucet(networks[code], master.address, MASTER_GAS - balance);
    }
  }
  // No execution survived the last process: every unfinished withdrawal, waiting ones included.
  const report = await resumeStalledWithdrawals(deps, { olderThanMs: 0, all: true });
  return { resumed: report.started };
}
