import type { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { PrivateKeyTronSigner } from '../../../shared/adapters/tron/tron-signer';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import { gasTankFundingEntry } from '../../../shared/app/sweeps/sweep-accounting';
import type { LedgerStore } from '../../../shared/ports/ledger';

/**
 * The local TRON gas tank (HD account 3): filled from the stand-in's faucet when it holds less than half
 * of `target` (liquid plus staked), the funding booked in the ledger (world → its custody) once
 * solidified, and `stake` of it frozen for energy (Stake 2.0) so sweeps can take energy by delegation.
 */
export async function ensureTronGasTank(options: {
  readonly chain: TronChainGateway;
  readonly tank: TronSigner;
  readonly faucet: { readonly privateKey: string };
  readonly ledger: LedgerStore;
  readonly target: bigint;
  readonly stake: bigint;
  readonly sleep: (ms: number) => Promise<void>;
  readonly waitForFinalityMs: number;
}): Promise<{ readonly address: string; readonly funded: bigint; readonly staked: bigint }> {
  const { chain, tank } = options;
  const frozen = async () => {
    const a = await chain.node.post<{
      frozenV2?: { type?: string; amount?: number }[];
      account_resource?: { delegated_frozenV2_balance_for_energy?: number };
    }>('/wallet/getaccount', {
      address: tank.address,
      visible: true,
    });
    // Staked for energy: what is still with the tank plus what it has delegated to a deposit address.
    return (
      BigInt(a.frozenV2?.find((f) => f.type === 'ENERGY')?.amount ?? 0) +
      BigInt(a.account_resource?.delegated_frozenV2_balance_for_energy ?? 0)
    );
  };
  const holding = (await chain.account(tank.address)).balanceSun + (await frozen());
  let funded = 0n;
  if (holding < options.target / 2n) {
    funded = options.target - holding;
    const faucet = new PrivateKeyTronSigner(options.faucet.privateKey);
    const tx = await faucet.signTransaction(
      await chain.buildTrxTransfer(faucet.address, tank.address, funded),
    );
    const sent = await chain.broadcast(tx);
    if (sent.status === 'REJECTED')
      throw new Error(`TRON gas tank funding refused: ${sent.code} ${sent.message}`);
    const until = Date.now() + options.waitForFinalityMs;
    for (;;) {
      const [mined, head] = await Promise.all([chain.transaction(tx.txID), chain.head()]);
      if (mined?.success && mined.blockNumber <= head.finalized) {
        await options.ledger.post(gasTankFundingEntry('TRON', tx.txID, 'TRX@TRON', funded, mined.blockTime));
        break;
      }
      if (Date.now() >= until) throw new Error(`TRON gas tank funding ${tx.txID} not solidified in time`);
      await options.sleep(500);
    }
  }
  const missing = options.stake - (await frozen());
  let staked = 0n;
  if (missing >= 1_000_000n) {
    const freeze = await tank.signTransaction(await chain.buildFreezeEnergy(tank.address, missing));
    const out = await chain.broadcast(freeze);
    if (out.status === 'REJECTED') throw new Error(`TRON gas tank stake refused: ${out.code} ${out.message}`);
    staked = missing;
  }
  return { address: tank.address, funded, staked };
}
