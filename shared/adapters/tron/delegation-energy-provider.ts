import type { EnergyGrant, EnergyProvider, EnergyQuote, EnergyTxOptions } from '../../ports/energy';
import { EnergyUnavailableError } from '../../ports/energy';
import type { TronChainGateway } from './tron-chain-gateway';
import type { TronSigner } from './tron-signer';

/**
 * Energy from the platform's own staked TRX (Stake 2.0): `DelegateResource(ENERGY)` from the staking
 * account to the deposit address for the sweep, `UnDelegateResource` right after it is mined (no lock
 * period, so the stake is back at once; the energy the address used is charged to the stake and
 * recovers over 24 hours).
 *
 * Its cost for the per-sweep choice is an opportunity cost, `opportunityCostSunPerEnergy` × energy:
 * what the stake's energy would earn rented out (or save on another sweep). The delegation itself is
 * on-chain and free apart from bandwidth. It cannot serve a sweep when the delegatable stake is short.
 */
export interface DelegationEnergyOptions {
  readonly opportunityCostSunPerEnergy: bigint;
}

export class DelegationEnergyProvider implements EnergyProvider {
  readonly kind = 'DELEGATION' as const;

  constructor(
    private readonly chain: TronChainGateway,
    private readonly staker: TronSigner,
    private readonly options: DelegationEnergyOptions,
  ) {}

  get stakerAddress(): string {
    return this.staker.address;
  }

  /** Sun of stake that yields `energy` a day, from the network's current energy-per-stake ratio. */
  async stakeFor(energy: number): Promise<bigint> {
    const r = await this.chain.node.post<Record<string, number | undefined>>('/wallet/getaccountresource', {
      address: this.staker.address,
      visible: true,
    });
    const limit = BigInt(r['TotalEnergyLimit'] ?? 0);
    const weight = BigInt(r['TotalEnergyWeight'] ?? 0);
    if (limit <= 0n || weight <= 0n)
      throw new EnergyUnavailableError('DELEGATION', 'the node reports no energy weights');
    // energy per whole TRX = limit / weight; round up to whole TRX, plus one for the ratio's drift.
    const trx = (BigInt(energy) * weight + limit - 1n) / limit + 1n;
    return trx * 1_000_000n;
  }

  async quote(receiver: string, energy: number): Promise<EnergyQuote | undefined> {
    void receiver;
    const [needed, free] = await Promise.all([
      this.stakeFor(energy),
      this.chain.delegatableEnergySun(this.staker.address),
    ]);
    if (free < needed) return undefined;
    return { kind: this.kind, energy, costSun: BigInt(energy) * this.options.opportunityCostSunPerEnergy };
  }

  /** Signs the delegation, hands it to `beforeBroadcast` (the caller records it), then broadcasts it. */
  async acquire(
    receiver: string,
    energy: number,
    _maxCostSun?: bigint,
    options: EnergyTxOptions = {},
  ): Promise<EnergyGrant> {
    const sun = await this.stakeFor(energy);
    const tx = await this.staker.signTransaction(
      await this.chain.buildDelegateEnergy(this.staker.address, receiver, sun),
    );
    const grant: EnergyGrant = {
      kind: this.kind,
      receiver,
      energy,
      paidSun: 0n,
      txId: tx.txID,
      delegatedSun: sun,
    };
    await options.beforeBroadcast?.(tx, grant);
    const out = await this.chain.broadcast(tx);
    if (out.status === 'REJECTED')
      throw new EnergyUnavailableError('DELEGATION', `delegation refused: ${out.code} ${out.message}`);
    return grant;
  }

  async release(grant: EnergyGrant, options: EnergyTxOptions = {}): Promise<{ readonly txId?: string }> {
    const sun = await this.chain.delegatedEnergySun(this.staker.address, grant.receiver);
    if (sun === 0n) return {};
    const tx = await this.staker.signTransaction(
      await this.chain.buildUndelegateEnergy(this.staker.address, grant.receiver, sun),
    );
    await options.beforeBroadcast?.(tx, { ...grant, txId: tx.txID, delegatedSun: sun });
    const out = await this.chain.broadcast(tx);
    if (out.status === 'REJECTED') throw new Error(`undelegation refused: ${out.code} ${out.message}`);
    return { txId: tx.txID };
  }
}
