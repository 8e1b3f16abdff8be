import type { WithdrawalWiring } from '../../shared/composition/withdrawals';
import { recordMasterFunding } from '../../shared/app/sweeps/gas-tank-funding';
import type { GasTankFundingDeps } from '../../shared/app/sweeps/gas-tank-funding';
import { resumeStalledWithdrawals } from '../../shared/app/withdrawals/resume-withdrawals';
import { isGatewayError } from '../../shared/domain/errors';
import type { Partner } from '../../shared/domain/partner/partner';
import { sendNativeFromFaucet } from './evm/local-chains';
import type { LocalEvmNetwork } from './evm/local-chains';

/** Native coin each demo MASTER wallet is topped up to (it pays its own withdrawal gas). */
const MASTER_GAS = 10n ** 19n;

/**
 * Withdrawals on the local stack: demo partners get a usable policy (any valid address; a person
 * approves above 1,000 USDT) unless an admin changed it, their MASTER wallets get native coin for gas
 * (booked world → MASTER's native custody once final, so the reconciliation's native check matches),
 * and withdrawals left unfinished by the last run get their executions back (local executions live in
 * the process; every task routes from the stored status, so nothing is paid twice).
 */
export async function seedDemoWithdrawals(
  wiring: WithdrawalWiring,
  partners: readonly Pick<Partner, 'id' | 'code'>[],
  networks: Readonly<Record<'BSC' | 'POLYGON', LocalEvmNetwork>>,
  /** Where a MASTER funding is booked (world → its native custody) once final, so reconciliation matches. */
  funding?: (network: 'BSC' | 'POLYGON') => Pick<GasTankFundingDeps, 'network' | 'chain' | 'ledger'>,
): Promise<{ readonly resumed: number }> {
  const { deps } = wiring;
  const sent: { partnerId: string; network: 'BSC' | 'POLYGON'; address: string; hash: string }[] = [];
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
      if (balance < MASTER_GAS / 2n) {
        const { hash } = await sendNativeFromFaucet(networks[code], master.address, MASTER_GAS - balance);
        sent.push({ partnerId: partner.id, network: code, address: master.address, hash });
      }
    }
  }
  if (funding) {
    for (const s of sent) {
      for (let waited = 0; ; waited += 500) {
        try {
          await recordMasterFunding(funding(s.network), s.partnerId, s.address, s.hash);
          break;
        } catch (e) {
          // CONFLICT: not final yet (local finality is a few 1-second blocks).
          if (!isGatewayError(e, 'CONFLICT') || waited >= 30_000) throw e;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  }
  // No execution survived the last process: every unfinished withdrawal, waiting ones included.
  const report = await resumeStalledWithdrawals(deps, { olderThanMs: 0, all: true });
  return { resumed: report.started };
}
