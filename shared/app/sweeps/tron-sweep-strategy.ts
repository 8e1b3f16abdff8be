import { isGatewayError } from '../../domain/errors';
import { accounts } from '../../domain/ledger/accounts';
import type { Posting } from '../../domain/ledger/entry';
import { usdValue, withMargin } from '../../domain/sweeps/gas';
import { decideSweep } from '../../domain/sweeps/sweep-plan';
import type { SweepGroup } from '../../domain/sweeps/sweep-plan';
import { CLOSED_SWEEP_STATUSES, nextSweepStatus } from '../../domain/sweeps/sweep-status';
import type { SweepEvent } from '../../domain/sweeps/sweep-status';
import { askPending } from '../../domain/sweeps/sweep-transaction';
import type { EnergyGrant } from '../../ports/energy';
import { EnergyUnavailableError } from '../../ports/energy';
import type { ChainHeadInfo } from '../../ports/evm-transfers';
import type { GasRecord } from '../../ports/gas-records';
import type {
  TronMasterEnergyRequest,
  TronSignedTx,
  TronSweep,
  TronSweepStep,
  TronSweepTxOutcome,
  TronTx,
} from '../../ports/tron-sweeps';
import type { TronSweepDeps } from './deps';
import { PLATFORM_CUSTODY, gasEntryOf, sweepEntry } from './sweep-accounting';
import type { GroupState, SweepReportBase, SweepRunContext, SweepStrategy } from './sweep-process';
import { acquireCheapestEnergy } from './tron-energy';
import type { EnergyAcquisition } from './tron-energy';
import { followTronReturns, returnTronLeftovers } from './tron-native-leftovers';
import type { TronLeftoverContext } from './tron-native-leftovers';
import type { LeftoverReport } from './native-leftovers';

/**
 * The TRON strategy of the sweep process (sweep-process.ts; docs/adr/0007-tron-energy-and-sweeps.md):
 * credited USDT moves from a HOT (or POOL) address to the partner's MASTER, sent by the address itself
 * (no approve, no relayer: the platform pays by giving the address what it lacks):
 *
 *   1. PREPARING — recorded with the address's lock, its deposits claimed (COLLECTING) in the same
 *      write. ACTIVATE: an address that never
 *      received TRX does not exist on chain; the gas tank sends it `activationSun`.
 *   2. ENERGY — the transfer's energy (an estimate plus a margin) from the cheapest source that can
 *      serve it now: the platform's staked TRX delegated (reclaimed after), a rental (recorded as an
 *      ORDERING step with a client order id before it is ordered, so a retry finds the same order), or
 *      burning (the gas tank tops the address up with the TRX it will burn).
 *   3. SIGNED — the address's key signs `transfer(MASTER, sum)`; the bytes are recorded, then
 *      broadcast; a crash re-sends the same bytes. A TRON
 *      transaction expires: one not on chain after its expiration never will be — EXPIRED, deposits
 *      back to CONFIRMED, DROPPED once its own steps are booked.
 *   4. MINED → deposits COLLECTED, energy released; solidified (and still canonical) → ledger and gas
 *      records booked once (deterministic entry ids), deposits SETTLED, FINAL.
 */
export interface TronSweepCounters {
  sweepsStarted: number;
  sweepsMined: number;
  sweepsSettled: number;
  sweepsDropped: number;
  energy: Record<'DELEGATION' | 'RENTAL' | 'BURN' | 'OWN', number>;
  /** MASTER energy requests of withdrawals served, by source (ADR 0023). */
  masterEnergy: Record<'DELEGATION' | 'RENTAL' | 'BURN' | 'OWN', number>;
  fallbacks: string[];
}

export type TronSweepReport = SweepReportBase &
  TronSweepCounters & {
    readonly network: 'TRON';
    /** The gas tank's liquid TRX is below its minimum (GasTankLow raised). */
    readonly gasTankLow: boolean;
  };

// The energy choice lives in tron-energy.ts (shared with anything else that sends TRC-20).
export { rankEnergySources } from './tron-energy';
export type { EnergyChoice } from './tron-energy';

/** A record that carries energy steps: a sweep, or a MASTER energy request. */
type EnergyHolder = { readonly id: string; readonly steps: readonly TronSweepStep[] };
/** Records an energy step (and the source it makes current) on a holder: one conditional write. */
type EnergySaver<T extends EnergyHolder> = (
  current: T,
  patch: { readonly steps?: TronSweepStep[]; readonly energySource?: TronSweep['energySource'] },
) => Promise<T>;

const OPEN_LIMIT = 100;
const CLOSED = CLOSED_SWEEP_STATUSES;

export class TronSweepStrategy implements SweepStrategy<TronSweepCounters> {
  readonly network = 'TRON' as const;
  readonly counters: TronSweepCounters = {
    sweepsStarted: 0,
    sweepsMined: 0,
    sweepsSettled: 0,
    sweepsDropped: 0,
    energy: { DELEGATION: 0, RENTAL: 0, BURN: 0, OWN: 0 },
    masterEnergy: { DELEGATION: 0, RENTAL: 0, BURN: 0, OWN: 0 },
    fallbacks: [],
  };
  /** Every TRON step waits for a block: no round goes on without waiting. */
  readonly moves = 0;
  private head: (ChainHeadInfo & { timestamp: number }) | undefined;

  constructor(
    private readonly deps: TronSweepDeps,
    private readonly run: SweepRunContext,
  ) {}

  async begin(): Promise<void> {
    this.head = await this.deps.chain.head();
  }

  async nextRound(): Promise<void> {
    this.head = await this.deps.chain.head();
  }

  async stillOpen(): Promise<number> {
    return (await this.deps.store.listOpen(OPEN_LIMIT)).length + this.openReturns;
  }

  /** TRX leftovers of addresses whose sweeps the gas tank paid for, back to it (ADR 0024). */
  async returnLeftovers(busy: ReadonlySet<string>): Promise<LeftoverReport> {
    const ctx = this.leftoverContext();
    if (!ctx) return { checked: 0, returned: 0, notWorth: 0, leftAlone: [], failed: 0 };
    const report = await returnTronLeftovers(ctx, busy);
    this.openReturns += report.returned;
    return report;
  }

  private openReturns = 0;

  private leftoverContext(): TronLeftoverContext | undefined {
    const store = this.deps.leftoverStore;
    if (!store) return undefined;
    return {
      deps: this.deps,
      store,
      run: this.run,
      head: async () => (this.head ??= await this.deps.chain.head()),
    };
  }

  /** The gas tank pays activations and burn top-ups: its liquid TRX. */
  async gasTank() {
    const { address } = this.deps.gasTank;
    return { address, asset: 'TRX@TRON', balance: (await this.deps.chain.account(address)).balanceSun };
  }

  async progressGroup(group: SweepGroup): Promise<GroupState> {
    await this.start(group);
    return 'DONE';
  }

  /** Records a new sweep for a group (PREPARING); the steps run in progress(). */
  private async start(group: SweepGroup): Promise<void> {
    if (group.token !== 'USDT') return;
    const onChain = await this.deps.chain.tokenBalance('USDT', group.address);
    const decision = decideSweep(group, this.deps.settings.minimumAmount(group.asset), onChain);
    if (!decision.sweep) {
      if (decision.reason === 'CHAIN_BALANCE_SHORT')
        this.deps.log?.warn('TRON address holds less than its credited deposits; not swept', {
          address: group.address,
          credited: group.amount.toString(),
          onChain: onChain.toString(),
        });
      return;
    }
    const wallet = (await this.deps.wallets.lookup('TRON', [group.address])).get(group.address.toLowerCase());
    if (!wallet) throw new Error(`${group.address} is not a gateway address`);
    const master = await this.deps.masterWallet(group.partnerId);
    const at = this.run.now();
    const sweep: TronSweep = {
      id: `TRON:${group.address}:${this.deps.clock.now().getTime()}`,
      network: 'TRON',
      status: 'PREPARING',
      partnerId: group.partnerId,
      address: group.address,
      walletType: group.walletType,
      hdAccount: wallet.hdAccount,
      hdIndex: wallet.hdIndex,
      token: 'USDT',
      asset: group.asset,
      amount: decision.amount,
      destination: master.address,
      depositIds: group.depositIds,
      steps: [],
      createdAt: at,
      updatedAt: at,
    };
    try {
      await this.deps.store.create(sweep);
    } catch (e) {
      if (isGatewayError(e, 'CONFLICT')) return; // an open sweep holds the address; it goes first
      throw e;
    }
    this.counters.sweepsStarted += 1;
    await this.progress(sweep);
  }

  async followOpen(): Promise<void> {
    for (const sweep of await this.deps.store.listOpen(OPEN_LIMIT)) {
      try {
        await this.progress(sweep);
      } catch (e) {
        // CONFLICT: another run moved this sweep first; it carries on from there.
        if (!isGatewayError(e, 'CONFLICT')) this.run.fail(`sweep ${sweep.id}`, e);
      }
    }
    const leftovers = this.leftoverContext();
    if (leftovers) this.openReturns = await followTronReturns(leftovers);
    await this.serveMasterEnergy();
  }

  /** One write: the transition table decides the status; the store conditions on status and revision. */
  private async save(
    sweep: TronSweep,
    event: SweepEvent,
    patch: Partial<Omit<TronSweep, 'status'>> = {},
  ): Promise<TronSweep> {
    return this.deps.store.update(sweep.id, sweep.status, {
      ...sweep,
      ...patch,
      status: nextSweepStatus(sweep.status, event),
      revision: (sweep.revision ?? 0) + 1,
      updatedAt: this.run.now(),
    });
  }

  private async progress(initial: TronSweep): Promise<void> {
    let sweep = initial;
    if (sweep.status === 'PREPARING') sweep = await this.prepare(sweep);
    if (sweep.status === 'SIGNED') sweep = await this.follow(sweep);
    if (sweep.status === 'MINED') await this.finish(sweep);
    if (sweep.status === 'EXPIRED') await this.closeExpired(sweep);
  }

  /** EXPIRED: books the steps it did take (activation, top-up, delegation) once final, then DROPPED. */
  private async closeExpired(sweep: TronSweep): Promise<void> {
    const steps = await this.finalSteps(sweep);
    if (!steps) return;
    for (const { step, outcome } of steps) await this.bookStep(sweep, step, outcome, outcome.blockTime);
    await this.save(sweep, 'DROP');
  }

  /**
   * The sweep's own step transactions as mined (a rental's delegation is the provider's), once every
   * one is final; undefined: wait (also for one recorded, unexpired and not yet seen: it may still land).
   */
  private async finalSteps(sweep: { readonly steps: readonly TronSweepStep[] }) {
    const head = this.head ?? (await this.deps.chain.head());
    const steps: { step: TronSweepStep; outcome: TronSweepTxOutcome }[] = [];
    for (const step of sweep.steps) {
      if (!step.txId || step.kind === 'RENTAL') continue;
      const o = await this.deps.chain.transaction(step.txId);
      if (o && o.blockNumber > head.finalized) return undefined;
      if (
        !o &&
        step.state === undefined &&
        step.expiration !== undefined &&
        head.timestamp <= step.expiration
      )
        return undefined; // may still land
      if (o) steps.push({ step, outcome: o });
    }
    return steps;
  }

  /** Sends (or re-sends) a step transaction; true when it is mined successfully. */
  private async stepMined(step: TronSweepStep): Promise<'MINED' | 'PENDING' | 'FAILED'> {
    if (!step.txId) return 'MINED';
    const outcome = await this.deps.chain.transaction(step.txId);
    if (outcome) return outcome.success ? 'MINED' : 'FAILED';
    if (step.signed) {
      if (step.expiration !== undefined && (this.head?.timestamp ?? 0) > step.expiration) return 'FAILED';
      await this.deps.chain.broadcast(step.signed);
    }
    return 'PENDING';
  }

  private sendFromGasTank(sweep: TronSweep, kind: 'ACTIVATION' | 'TOPUP', sun: bigint): Promise<TronSweep> {
    return this.sendTrx(sweep, sweep.address, kind, sun, (s, patch) => this.save(s, 'STEP', patch));
  }

  /** The gas tank sends `receiver` TRX: the step (signed bytes) is recorded on `record`, then broadcast. */
  private async sendTrx<T extends EnergyHolder>(
    record: T,
    receiver: string,
    kind: 'ACTIVATION' | 'TOPUP',
    sun: bigint,
    save: EnergySaver<T>,
  ): Promise<T> {
    const signed = await this.deps.gasTank.signTransaction(
      await this.deps.chain.buildTrxTransfer(this.deps.gasTank.address, receiver, sun),
    );
    const step: TronSweepStep = {
      kind,
      at: this.run.now(),
      txId: signed.txID,
      signed,
      sun,
      paidSun: 0n,
      expiration: expirationOf(signed),
    };
    const next = await save(record, { steps: [...record.steps, step] });
    const out = await this.deps.chain.broadcast(signed);
    if (out.status === 'REJECTED') throw new Error(`${kind} refused: ${out.code} ${out.message}`);
    return next;
  }

  private async prepare(initial: TronSweep): Promise<TronSweep> {
    let sweep = initial;
    // TRX sent (activation, top-up) first: nothing new until it is mined. Energy steps are judged by the
    // energy the address shows, with a deadline (a provider's transaction may never come).
    for (const step of sweep.steps) {
      if ((step.kind !== 'ACTIVATION' && step.kind !== 'TOPUP') || step.state) continue;
      const state = await this.stepMined(step);
      if (state === 'PENDING') return sweep;
      if (state === 'FAILED') {
        // An expired or failed step is done again; it stays on the record (closed), so the fee of one
        // that was mined and failed is still booked when the sweep is.
        const closed = { ...step, state: 'ABANDONED' as const, note: 'expired unsent or failed' };
        return this.save(sweep, 'STEP', { steps: sweep.steps.map((s) => (s === step ? closed : s)) });
      }
    }
    const account = await this.deps.chain.account(sweep.address);
    if (!account.exists) {
      if (sweep.steps.some((s) => s.kind === 'ACTIVATION' && !s.state)) return sweep; // mined, not visible yet
      return this.sendFromGasTank(sweep, 'ACTIVATION', this.deps.settings.activationSun);
    }
    const price = await this.deps.chain.energyPriceSun();
    const estimate = withMarginInt(
      await this.deps.chain.estimateTransferEnergy('USDT', sweep.address, sweep.destination, sweep.amount),
      this.deps.settings.energyMarginPercent,
    );
    const feeLimit = BigInt(estimate) * price;
    const ordering = sweep.steps.find((s) => s.kind === 'RENTAL' && s.state === 'ORDERING');
    if (ordering) return this.resumeOrder(sweep, ordering);
    // Our delegation, recorded before its broadcast: re-sent (the same bytes) until it is on chain; one
    // that expired unsent or failed is closed (a mined one is still booked) and the energy chosen again.
    const delegated = sweep.steps.find((s) => s.kind === 'DELEGATION' && s.signed && s.state === undefined);
    if (delegated) {
      const state = await this.stepMined(delegated);
      if (state === 'PENDING') return sweep;
      if (state === 'FAILED')
        return this.save(sweep, 'STEP', {
          energySource: undefined,
          energyNeeded: undefined,
          steps: sweep.steps.map((s) =>
            s === delegated ? { ...s, state: 'ABANDONED' as const, note: 'expired unsent or failed' } : s,
          ),
        });
    }
    if (!sweep.energySource) {
      const available = (await this.deps.chain.resources(sweep.address)).energyAvailable;
      const missing = estimate - available;
      if (missing <= 0) {
        sweep = await this.save(sweep, 'STEP', { energySource: 'OWN', energyNeeded: estimate });
      } else {
        sweep = await this.obtainEnergy(sweep, missing, price, account.balanceSun);
        return sweep; // wait for the energy (or the top-up) to land
      }
    }
    // Energy in place?
    if (sweep.energySource === 'BURN') {
      if (account.balanceSun < feeLimit) {
        // The price moved or the estimate grew: top up the difference.
        return this.sendFromGasTank(sweep, 'TOPUP', feeLimit - account.balanceSun);
      }
    } else {
      const available = (await this.deps.chain.resources(sweep.address)).energyAvailable;
      if (available < estimate) {
        // Not visible yet; a source that never delivers is given up for burning after energyWaitMs.
        const step = [...sweep.steps]
          .reverse()
          .find((s) => (s.kind === 'DELEGATION' || s.kind === 'RENTAL') && s.state === undefined);
        const waited = step?.at ? this.deps.clock.now().getTime() - Date.parse(step.at) : 0;
        if (sweep.energySource !== 'OWN' && waited > (this.deps.settings.energyWaitMs ?? 300_000)) {
          this.counters.fallbacks.push(
            `${sweep.energySource}: no energy after ${Math.round(waited / 1_000)} s`,
          );
          this.counters.energy.BURN += 1;
          const next = await this.save(sweep, 'STEP', { energySource: 'BURN' });
          return account.balanceSun < feeLimit
            ? this.sendFromGasTank(next, 'TOPUP', feeLimit - account.balanceSun)
            : next;
        }
        return sweep;
      }
    }
    // 3. Sign, record (deposits COLLECTING), broadcast.
    const signer = await this.deps.addressSigner(sweep.hdAccount, sweep.hdIndex);
    if (signer.address !== sweep.address)
      throw new Error(`HD key ${sweep.hdAccount}/${sweep.hdIndex} is not ${sweep.address}`);
    const signed = await signer.signTransaction(
      await this.deps.chain.buildTokenTransfer(
        'USDT',
        sweep.address,
        sweep.destination,
        sweep.amount,
        feeLimit,
      ),
    );
    // The bytes are recorded (SIGNED) before they are sent; a crash after that re-sends the same bytes.
    sweep = await this.save(sweep, 'SIGN', {
      signed,
      txId: signed.txID,
      expiration: expirationOf(signed),
    });
    return this.broadcast(sweep);
  }

  /** SIGNED: (re-)sends the recorded bytes; the deposits were claimed when the sweep was recorded. */
  private async broadcast(sweep: TronSweep): Promise<TronSweep> {
    const out = await this.deps.chain.broadcast(sweep.signed as TronSignedTx);
    if (out.status === 'REJECTED')
      this.deps.log?.warn('TRON sweep broadcast refused; retried until it expires', {
        txId: sweep.txId,
        code: out.code,
        message: out.message,
      });
    return sweep;
  }

  private resumeOrder(sweep: TronSweep, ordering: TronSweepStep): Promise<TronSweep> {
    return this.resumeRental(
      sweep,
      sweep.address,
      ordering,
      this.counters.energy,
      this.sweepSaver(ordering.energy),
    );
  }

  /** What a sweep records with an energy step: the source and the energy it was obtained for. */
  private sweepSaver(needed: number | undefined): EnergySaver<TronSweep> {
    return (sweep, patch) =>
      this.save(sweep, 'STEP', {
        ...patch,
        ...('energySource' in patch ? { energyNeeded: patch.energySource ? needed : undefined } : {}),
      });
  }

  private async obtainEnergy(
    sweep: TronSweep,
    missing: number,
    price: bigint,
    balanceSun: bigint,
  ): Promise<TronSweep> {
    const save = this.sweepSaver(missing);
    const { current, got } = await this.orderEnergy(sweep, sweep.address, missing, price, save);
    if (!got) return current;
    this.counters.energy[got.kind] += 1;
    if (got.kind !== 'BURN' && got.grant) return current;
    const next = await save(current, { energySource: 'BURN' });
    const topUp = withMargin(got.costSun, this.deps.settings.energyMarginPercent) - balanceSun;
    return topUp > 0n ? this.sendFromGasTank(next, 'TOPUP', topUp) : next;
  }

  /**
   * Energy for `receiver` from the cheapest source, every step recorded on `record` (a sweep or a MASTER
   * energy request) through `save`: a rental as ORDERING with a client order id derived from the record
   * before it is ordered (of two runs only one records it; a crash or a lost answer finds the same order
   * again, resumeRental), our delegation with its signed bytes before it is broadcast (a crash after the
   * broadcast finds it and its fee is booked from the record), a grant once it is filled. `got` is
   * undefined while an order's outcome is unknown — nothing is bought elsewhere meanwhile; BURN (or no
   * grant) is the caller's to fund.
   */
  private async orderEnergy<T extends EnergyHolder>(
    record: T,
    receiver: string,
    missing: number,
    price: bigint,
    save: EnergySaver<T>,
  ): Promise<{ current: T; got?: EnergyAcquisition }> {
    let current = record;
    let delegationTxId: string | undefined;
    const clientOrderId = `${record.id}:rental:${record.steps.filter((s) => s.kind === 'RENTAL').length + 1}`;
    const got = await acquireCheapestEnergy(this.deps.energy, receiver, missing, price, {
      clientOrderId,
      beforeOrder: async (maxCostSun) => {
        const intent: TronSweepStep = {
          kind: 'RENTAL',
          state: 'ORDERING',
          clientOrderId,
          maxCostSun,
          at: this.run.now(),
          sun: 0n,
          paidSun: 0n,
          energy: missing,
        };
        current = await save(current, { steps: [...current.steps, intent] });
      },
      beforeBroadcast: async (signed, grant) => {
        const step: TronSweepStep = {
          kind: 'DELEGATION',
          at: this.run.now(),
          txId: signed.txID,
          signed,
          sun: grant.delegatedSun ?? 0n,
          paidSun: grant.paidSun,
          energy: grant.energy,
          expiration: expirationOf(signed),
        };
        current = await save(current, { energySource: 'DELEGATION', steps: [...current.steps, step] });
        delegationTxId = signed.txID;
      },
      onRefused: async (reason, kind) => {
        const refused = (s: TronSweepStep) =>
          kind === 'RENTAL' ? s.clientOrderId === clientOrderId : s.txId === delegationTxId;
        current = await save(current, {
          ...(kind === 'DELEGATION' ? { energySource: undefined } : {}),
          steps: current.steps.map((s) =>
            refused(s) ? { ...s, state: 'REFUSED' as const, note: reason } : s,
          ),
        });
      },
    });
    if (got.orderOutcomeUnknown) {
      // Maybe placed, maybe not: never buy elsewhere before the provider has answered for this id.
      this.deps.log?.warn('energy order unanswered; asked again with the same client order id next round', {
        recordId: record.id,
        clientOrderId,
        error: got.orderOutcomeUnknown,
      });
      return { current };
    }
    for (const f of got.fallbacks) {
      this.counters.fallbacks.push(f);
      this.deps.log?.warn('energy source failed; fell back to the next cheapest', { error: f });
    }
    const grant = got.grant;
    if (got.kind === 'BURN' || !grant) return { current, got };
    if (got.kind === 'DELEGATION' && delegationTxId) return { current, got }; // recorded before its broadcast
    const intent = current.steps.find((s) => s.clientOrderId === clientOrderId);
    current = await save(current, {
      energySource: got.kind,
      steps: intent
        ? current.steps.map((s) => (s === intent ? filledOrder(intent, grant) : s))
        : [
            ...current.steps,
            {
              kind: got.kind,
              at: this.run.now(),
              ...(grant.txId ? { txId: grant.txId } : {}),
              sun: grant.delegatedSun ?? 0n,
              paidSun: grant.paidSun,
              energy: grant.energy,
              ...(grant.orderId ? { orderId: grant.orderId } : {}),
            },
          ],
    });
    return { current, got };
  }

  /**
   * An energy order recorded (ORDERING) but not answered — a crash, a timeout or a lost answer: asks
   * the provider again with the same client order id, which answers the first order if it was placed.
   * A refusal, or no answer within the energy wait, closes the step (kept for review) and the next
   * round chooses again.
   */
  private async resumeRental<T extends EnergyHolder>(
    record: T,
    receiver: string,
    ordering: TronSweepStep,
    counter: Record<'RENTAL', number>,
    save: EnergySaver<T>,
  ): Promise<T> {
    const replace = (step: TronSweepStep) => record.steps.map((s) => (s === ordering ? step : s));
    const waited = ordering.at ? this.deps.clock.now().getTime() - Date.parse(ordering.at) : 0;
    try {
      const rental = this.deps.energy.rental;
      if (!rental)
        throw new EnergyUnavailableError('RENTAL', 'no rental provider is configured', {
          outcome: 'UNKNOWN',
        });
      const grant = await rental.acquire(receiver, ordering.energy ?? 0, ordering.maxCostSun ?? 0n, {
        clientOrderId: ordering.clientOrderId as string,
      });
      counter.RENTAL += 1;
      return save(record, { energySource: 'RENTAL', steps: replace(filledOrder(ordering, grant)) });
    } catch (e) {
      if (!(e instanceof EnergyUnavailableError)) throw e;
      const unknown = e.outcome === 'UNKNOWN';
      if (unknown && waited <= (this.deps.settings.energyWaitMs ?? 300_000)) return record; // ask again next round
      this.counters.fallbacks.push(`RENTAL: ${e.message}`);
      if (unknown)
        this.deps.log?.error(
          'energy order unanswered; given up (it may have been placed: check with the provider)',
          { recordId: record.id, clientOrderId: ordering.clientOrderId, error: e.message },
        );
      return save(record, {
        energySource: undefined,
        steps: replace({ ...ordering, state: unknown ? 'ABANDONED' : 'REFUSED', note: e.message }),
      });
    }
  }

  /** SIGNED: waits for the transfer; re-sends it; drops it when it expired unmined. */
  private async follow(sweep: TronSweep): Promise<TronSweep> {
    const txId = sweep.txId as string;
    const outcome = await this.deps.chain.transaction(txId);
    if (!outcome) {
      if (sweep.expiration !== undefined && (this.head?.timestamp ?? 0) > sweep.expiration) {
        // Expired and not on chain: it can never be mined. The funds are still in the address.
        await this.run.deposits.release(sweep.depositIds, sweep.id);
        this.counters.sweepsDropped += 1;
        return this.save(await this.releaseEnergy(sweep), 'EXPIRE');
      }
      if (sweep.signed) return this.broadcast(sweep);
      return sweep;
    }
    if (outcome.success) await this.run.deposits.collect(sweep.depositIds, sweep.id, txId, this.run.now());
    this.counters.sweepsMined += 1;
    const mined = await this.save(sweep, 'MINE', { outcome });
    return this.releaseEnergy(mined);
  }

  /**
   * Takes back whatever our stake delegates to the address — this sweep's delegation, and one a crash
   * left unrecorded (the provider undelegates what the chain shows, not what we remember).
   */
  private async releaseEnergy(sweep: TronSweep): Promise<TronSweep> {
    if (sweep.energyReleased) return sweep;
    const delegation = sweep.steps.find((s) => s.kind === 'DELEGATION' && s.state === undefined);
    let current = sweep;
    // The undelegation is recorded before it is broadcast (its fee is booked from the record); one a
    // crash left recorded and unsent is re-sent as the same bytes while it can still be mined.
    const recorded = [...sweep.steps].reverse().find((s) => s.kind === 'UNDELEGATION' && s.signed);
    if (recorded && (await this.stepMined(recorded)) === 'PENDING') {
      // sent (again); the delegation is taken back when it is mined
    } else if (this.deps.energy.delegation) {
      const grant: EnergyGrant = {
        kind: 'DELEGATION',
        receiver: sweep.address,
        energy: delegation?.energy ?? 0,
        paidSun: 0n,
        ...(delegation ? { delegatedSun: delegation.sun } : {}),
      };
      await this.deps.energy.delegation.release(grant, {
        beforeBroadcast: async (signed, g) => {
          const step: TronSweepStep = {
            kind: 'UNDELEGATION',
            txId: signed.txID,
            signed,
            sun: g.delegatedSun ?? 0n,
            paidSun: 0n,
            expiration: expirationOf(signed),
          };
          current = await this.save(current, 'STEP', { steps: [...current.steps, step] });
        },
      });
    }
    if (CLOSED.includes(current.status)) return current;
    return this.save(current, 'STEP', { energyReleased: true });
  }

  /** MINED: books the sweep once its block (and every step's) is solidified and still canonical. */
  private async finish(initial: TronSweep): Promise<void> {
    // A crash after MINED was recorded may have interrupted the release: it is done (or re-sent) first.
    const sweep = await this.releaseEnergy(initial);
    const head = this.head ?? (await this.deps.chain.head());
    const outcome = await this.deps.chain.transaction(sweep.txId as string);
    if (!outcome) {
      // Forked out before solidification: back to SIGNED, the same bytes are re-sent.
      await this.save(sweep, 'REORGED_OUT', { outcome: undefined });
      return;
    }
    if (outcome.blockNumber > head.finalized) return;
    // Wait for them too, and for one recorded and sent that is not on chain yet (an undelegation).
    const steps = await this.finalSteps(sweep);
    if (!steps) return;
    const at = outcome.blockTime;
    for (const { step, outcome: o } of steps) await this.bookStep(sweep, step, o, at);
    await this.bookSweep(sweep, outcome, at);
    if (outcome.success) {
      await this.run.deposits.settle(sweep.depositIds, sweep.id, sweep.txId as string, at);
      this.counters.sweepsSettled += 1;
    } else await this.run.deposits.release(sweep.depositIds, sweep.id);
    await this.save(sweep, outcome.success ? 'FINALIZED' : 'FINALIZED_REVERTED', { outcome });
  }

  // --- MASTER energy for waiting TRON withdrawals (ADR 0023) -------------------------------------

  /**
   * Serves the withdrawals' MASTER energy requests (TronMasterEnergyRequest) like a sweep's energy: the
   * cheapest source for the energy MASTER lacks — the platform's stake delegated (taken back once the
   * withdrawal is over), a rental (recorded ORDERING with the client order id `<request id>:rental:<n>`
   * before it is ordered; a lost answer is asked again under the same id), or burning (the gas tank
   * tops MASTER up with the TRX to burn). Every transaction is recorded on the request before it is
   * broadcast, and booked once from the record when final (deterministic `gas:TRON:<txid>` entries).
   */
  private async serveMasterEnergy(): Promise<void> {
    const me = this.deps.masterEnergy;
    if (!me) return;
    let open: TronMasterEnergyRequest[];
    try {
      open = await me.requests.listOpenMasterEnergy(OPEN_LIMIT);
    } catch (e) {
      this.run.fail('MASTER energy requests', e);
      return;
    }
    for (const request of open) {
      try {
        await this.serveEnergyRequest(request, open);
      } catch (e) {
        // CONFLICT: another run wrote the request first; the next round sees where it stands.
        if (!isGatewayError(e, 'CONFLICT')) this.run.fail(`MASTER energy ${request.id}`, e);
      }
    }
  }

  /** One write: REQUESTED becomes SERVING with the first, conditioned on the stored revision. */
  private async saveRequest(
    request: TronMasterEnergyRequest,
    patch: Partial<Omit<TronMasterEnergyRequest, 'id' | 'revision'>>,
  ): Promise<TronMasterEnergyRequest> {
    const me = this.deps.masterEnergy as NonNullable<TronSweepDeps['masterEnergy']>;
    return me.requests.updateMasterEnergy(request.status, {
      ...request,
      ...patch,
      status: patch.status ?? 'SERVING',
      revision: request.revision + 1,
      updatedAt: this.run.now(),
    });
  }

  private async serveEnergyRequest(
    initial: TronMasterEnergyRequest,
    open: readonly TronMasterEnergyRequest[],
  ): Promise<void> {
    const me = this.deps.masterEnergy as NonNullable<TronSweepDeps['masterEnergy']>;
    let request = initial;
    const withdrawal = await me.withdrawalState(request.partnerId, request.code);
    if (withdrawal === 'ENDED') {
      await this.closeEnergyRequest(request, open);
      return;
    }
    request = await this.bookFinalSteps(request);
    if (withdrawal === 'SIGNED' && !askPending(request)) {
      // It is using what it got: an order still unanswered is settled (under its id); nothing new is
      // bought, and a request it no longer needed (MASTER had the energy by then) is marked so. A signed
      // attempt refused for want of energy or TRX asks again (askedAt), and is served like a waiting one.
      const ordering = request.steps.find((s) => s.kind === 'RENTAL' && s.state === 'ORDERING');
      if (ordering) await this.resumeEnergyOrder(request, ordering);
      else if (!request.energySource) await this.saveRequest(request, { energySource: 'OWN' });
      return;
    }
    // Our top-ups first: nothing new until they are mined (an expired or failed one is kept, for its
    // fee, and done again).
    for (const step of request.steps) {
      if (step.kind !== 'TOPUP' || step.state !== undefined || step.booked) continue;
      const state = await this.stepMined(step);
      if (state === 'PENDING') return;
      if (state === 'FAILED') {
        await this.saveRequest(request, {
          steps: request.steps.map((s) => (s === step ? { ...s, state: 'ABANDONED' as const } : s)),
        });
        return;
      }
    }
    const ordering = request.steps.find((s) => s.kind === 'RENTAL' && s.state === 'ORDERING');
    if (ordering) {
      await this.resumeEnergyOrder(request, ordering);
      return;
    }
    // Delegations not yet final (one per serving: a request asked again may hold several).
    const delegations = request.energyReleased
      ? []
      : request.steps.filter(
          (s) => s.kind === 'DELEGATION' && s.signed && s.state === undefined && !s.booked,
        );
    for (const delegated of delegations) {
      const state = await this.stepMined(delegated);
      if (state === 'PENDING') return;
      if (state === 'FAILED') {
        await this.saveRequest(request, {
          energySource: undefined,
          steps: request.steps.map((s) =>
            s === delegated ? { ...s, state: 'ABANDONED' as const, note: 'expired unsent or failed' } : s,
          ),
        });
        return;
      }
    }
    const [resources, price, account] = await Promise.all([
      this.deps.chain.resources(request.master),
      this.deps.chain.energyPriceSun(),
      this.deps.chain.account(request.master),
    ]);
    const missing = request.energy - resources.energyAvailable;
    const trxSun = request.trxSun ?? 0n;
    if (!request.energySource) {
      if (missing <= 0) {
        this.counters.masterEnergy.OWN += 1;
        request = await this.saveRequest(request, { energySource: 'OWN' });
        await this.holdTrx(request, trxSun, account.balanceSun);
        return;
      }
      await this.obtainMasterEnergy(request, missing, price, account.balanceSun);
      return;
    }
    if (request.energySource === 'BURN') {
      // The TRX to burn spent meanwhile (the price moved, another transfer burned it): top up again.
      await this.holdTrx(request, trxSun + (missing > 0 ? (request.burnSun ?? 0n) : 0n), account.balanceSun);
      return;
    }
    if (missing <= 0) {
      // The energy is there: the withdrawal goes on, once MASTER holds the TRX for its bandwidth.
      await this.holdTrx(request, trxSun, account.balanceSun);
      return;
    }
    const step = [...request.steps]
      .reverse()
      .find((s) => (s.kind === 'DELEGATION' || s.kind === 'RENTAL') && s.state === undefined);
    if (request.energySource === 'OWN' || step?.kind === 'DELEGATION') {
      // OWN: MASTER had it when the request was first served, and another transfer used it since.
      // DELEGATION (ours, mined: delivered): the energy MASTER used within the last day still counts
      // against what it is delegated, or another transfer used it — more is needed, not a longer wait.
      await this.obtainMasterEnergy(request, missing, price, account.balanceSun);
      return;
    }
    const waited = step?.at ? this.deps.clock.now().getTime() - Date.parse(step.at) : 0;
    if (waited > (this.deps.settings.energyWaitMs ?? 300_000)) {
      // A source that never delivered: burn instead.
      this.counters.fallbacks.push(`${request.energySource}: no energy on MASTER after ${waited} ms`);
      await this.burnForMaster(request, missing, price, account.balanceSun);
    }
  }

  private async burnForMaster(
    request: TronMasterEnergyRequest,
    missing: number,
    price: bigint,
    balanceSun: bigint,
  ): Promise<void> {
    const burnSun = withMargin(BigInt(missing) * price, this.deps.settings.energyMarginPercent);
    this.counters.masterEnergy.BURN += 1;
    const next = await this.saveRequest(request, { energySource: 'BURN', burnSun });
    await this.holdTrx(next, burnSun + (request.trxSun ?? 0n), balanceSun);
  }

  /**
   * MASTER is to hold `sun` (to burn for energy or bandwidth): the gas tank tops it up by what it lacks.
   * Holding it, a withdrawal's ask after signing is answered (it goes on; nothing more is bought for it).
   */
  private async holdTrx(request: TronMasterEnergyRequest, sun: bigint, balanceSun: bigint): Promise<void> {
    if (balanceSun < sun) {
      await this.topUpMaster(request, sun - balanceSun);
      return;
    }
    if (askPending(request)) await this.saveRequest(request, { answeredAt: this.run.now() });
  }

  /**
   * The request's own transactions (top-ups, delegations, undelegations) booked once each is final —
   * MASTER's TRX custody follows the chain while the withdrawal waits, not only when the request closes.
   * Booking is idempotent (one `gas:TRON:<txid>` entry, one gas record per hash); `booked` saves asking again.
   */
  private async bookFinalSteps(request: TronMasterEnergyRequest): Promise<TronMasterEnergyRequest> {
    const head = this.head ?? (await this.deps.chain.head());
    const subject = masterSubject(request);
    const booked = new Set<TronSweepStep>();
    for (const step of request.steps) {
      if (!step.txId || step.kind === 'RENTAL' || step.booked) continue;
      const o = await this.deps.chain.transaction(step.txId);
      if (!o || o.blockNumber > head.finalized) continue;
      await this.bookStep(subject, step, o, o.blockTime);
      booked.add(step);
    }
    if (booked.size === 0) return request;
    return this.saveRequest(request, {
      steps: request.steps.map((s) => (booked.has(s) ? { ...s, booked: true } : s)),
    });
  }

  /**
   * The gas tank sends MASTER `sun`, recorded (signed bytes) before the broadcast. A gas tank that
   * cannot cover it records nothing (the run's GasTankLow check, and the withdrawal's masterGasLow).
   */
  private async topUpMaster(request: TronMasterEnergyRequest, sun: bigint): Promise<void> {
    const tank = this.deps.gasTank.address;
    const balance = (await this.deps.chain.account(tank)).balanceSun;
    if (balance < sun) {
      this.deps.log?.error('the TRON gas tank cannot top MASTER up for a withdrawal’s energy', {
        requestId: request.id,
        needed: sun.toString(),
        balance: balance.toString(),
      });
      return;
    }
    await this.sendTrx(request, request.master, 'TOPUP', sun, (r, patch) => this.saveRequest(r, patch));
  }

  private async obtainMasterEnergy(
    request: TronMasterEnergyRequest,
    missing: number,
    price: bigint,
    balanceSun: bigint,
  ): Promise<void> {
    const save: EnergySaver<TronMasterEnergyRequest> = (r, patch) => this.saveRequest(r, patch);
    const { current, got } = await this.orderEnergy(request, request.master, missing, price, save);
    if (!got) return;
    if (got.kind === 'BURN' || !got.grant) return this.burnForMaster(current, missing, price, balanceSun);
    this.counters.masterEnergy[got.kind] += 1;
  }

  /** A MASTER energy order recorded and not answered: asked again under the same client order id. */
  private async resumeEnergyOrder(request: TronMasterEnergyRequest, ordering: TronSweepStep): Promise<void> {
    await this.resumeRental(request, request.master, ordering, this.counters.masterEnergy, (r, patch) =>
      this.saveRequest(r, patch),
    );
  }

  /**
   * The withdrawal is over: the delegation to MASTER is taken back (recorded before its broadcast) —
   * unless another open request still counts on MASTER's delegated energy (the stake delegated to one
   * address is taken back as a whole; the last request takes it) — then, once every step is final,
   * each is booked once and the request is DONE.
   */
  private async closeEnergyRequest(
    initial: TronMasterEnergyRequest,
    open: readonly TronMasterEnergyRequest[],
  ): Promise<void> {
    const me = this.deps.masterEnergy as NonNullable<TronSweepDeps['masterEnergy']>;
    let request = initial;
    // An order recorded and unanswered may have been placed: asked again under its id (or given up
    // after the energy wait, kept for review) before the request is closed.
    const ordering = request.steps.find((s) => s.kind === 'RENTAL' && s.state === 'ORDERING');
    if (ordering) {
      await this.resumeEnergyOrder(request, ordering);
      return;
    }
    if (!request.energyReleased) {
      const delegated = request.steps.some((s) => s.kind === 'DELEGATION' && s.txId && s.state === undefined);
      if (delegated) {
        for (const other of open) {
          if (other.id === request.id || other.master !== request.master || other.energyReleased) continue;
          if (!other.steps.some((s) => s.kind === 'DELEGATION' && s.txId && s.state === undefined)) continue;
          if ((await me.withdrawalState(other.partnerId, other.code)) !== 'ENDED') return; // it goes last
        }
        // One recorded and unsent is re-sent (the same bytes); one that expired or failed is done again.
        const recorded = [...request.steps].reverse().find((s) => s.kind === 'UNDELEGATION' && s.signed);
        const state = recorded ? await this.stepMined(recorded) : undefined;
        if (state === 'PENDING') return;
        if (state !== 'MINED' && this.deps.energy.delegation) {
          let sent = false;
          await this.deps.energy.delegation.release(
            { kind: 'DELEGATION', receiver: request.master, energy: 0, paidSun: 0n },
            {
              beforeBroadcast: async (signed, g) => {
                const step: TronSweepStep = {
                  kind: 'UNDELEGATION',
                  at: this.run.now(),
                  txId: signed.txID,
                  signed,
                  sun: g.delegatedSun ?? 0n,
                  paidSun: 0n,
                  expiration: expirationOf(signed),
                };
                request = await this.saveRequest(request, { steps: [...request.steps, step] });
                sent = true;
              },
            },
          );
          if (sent) return; // taken back once it is mined
        }
      }
      request = await this.saveRequest(request, { energyReleased: true });
    }
    const steps = await this.finalSteps(request);
    if (!steps) return;
    const subject = masterSubject(request);
    for (const { step, outcome } of steps)
      if (!step.booked) await this.bookStep(subject, step, outcome, outcome.blockTime);
    // A rental is paid off chain (no ledger posting, as for sweeps): its price is the withdrawal's gas
    // on the partner's gas records, once (one record per network and hash).
    for (const step of request.steps) {
      if (step.kind !== 'RENTAL' || step.state !== undefined || step.paidSun <= 0n) continue;
      const energy = BigInt(step.energy ?? 0);
      await this.deps.gasRecords.record({
        network: 'TRON',
        type: 'WITHDRAWAL',
        partnerId: request.partnerId,
        txHash: step.txId ?? `rental:${step.clientOrderId ?? step.orderId ?? request.id}`,
        address: request.master,
        token: 'USDT',
        blockNumber: 0,
        gasUsed: energy,
        effectiveGasPrice: energy > 0n ? step.paidSun / energy : 0n,
        nativeAmount: step.paidSun,
        nativeAsset: this.native,
        transferredAmount: 0n,
        usdValue: usdValue(step.paidSun, 6, this.deps.settings.nativeUsdPrice),
        success: true,
        at: step.at ?? request.updatedAt,
      });
    }
    await this.saveRequest(request, { status: 'DONE' });
  }

  private native = 'TRX@TRON';

  private async bookStep(
    sweep: StepSubject,
    step: TronSweepStep,
    o: TronSweepTxOutcome,
    at: string,
  ): Promise<void> {
    const tank = accounts.custody(PLATFORM_CUSTODY, 'HOT', this.native);
    const address = accounts.custody(sweep.partnerId, sweep.walletType, this.native);
    const postings: Posting[] = [];
    const sent = (step.kind === 'ACTIVATION' || step.kind === 'TOPUP') && o.success ? step.sun : 0n;
    if (sent > 0n) postings.push({ debit: address, credit: tank, amount: sent, reason: 'TRANSFER' });
    if (o.feeSun > 0n)
      postings.push({ debit: accounts.gas('TRON', this.native), credit: tank, amount: o.feeSun });
    if (postings.length > 0)
      await this.deps.ledger.post(
        gasEntryOf('TRON', step.txId as string, postings, at, {
          type: step.kind,
          partnerId: sweep.partnerId,
          address: sweep.address,
        }),
      );
    if (step.kind === 'ACTIVATION' || step.kind === 'TOPUP') {
      await this.deps.gasRecords.record(
        this.record(sweep, 'TOPUP', step.txId as string, o, o.feeSun, sent, at),
      );
    }
  }

  private async bookSweep(sweep: TronSweep, o: TronSweepTxOutcome, at: string): Promise<void> {
    const txId = sweep.txId as string;
    if (o.success) {
      await this.deps.ledger.post(
        sweepEntry(
          {
            network: 'TRON',
            hash: txId,
            partnerId: sweep.partnerId,
            walletType: sweep.walletType,
            asset: sweep.asset,
            amount: sweep.amount,
            from: sweep.address,
            to: sweep.destination,
            deposits: sweep.depositIds.length,
            sweepId: sweep.id,
          },
          at,
        ),
      );
    }
    if (o.feeSun > 0n) {
      await this.deps.ledger.post(
        gasEntryOf(
          'TRON',
          txId,
          [
            {
              debit: accounts.gas('TRON', this.native),
              credit: accounts.custody(sweep.partnerId, sweep.walletType, this.native),
              amount: o.feeSun,
            },
          ],
          at,
          { type: 'SWEEP', partnerId: sweep.partnerId, address: sweep.address },
        ),
      );
    }
    // The gas record carries what the sweep cost in TRX: burned on chain plus any rental price (paid to
    // the provider off chain, so it is an expense outside custody and not a ledger posting).
    const rental = sweep.steps.filter((s) => s.kind === 'RENTAL').reduce((sum, s) => sum + s.paidSun, 0n);
    const codes = await this.run.deposits.codes(sweep.depositIds);
    await this.deps.gasRecords.record({
      ...this.record(sweep, 'SWEEP', txId, o, o.feeSun + rental, 0n, at),
      ...(codes[0] ? { reference: codes[0], deposits: codes } : {}),
    });
  }

  private record(
    sweep: StepSubject,
    type: 'TOPUP' | 'SWEEP',
    txHash: string,
    o: TronSweepTxOutcome,
    nativeAmount: bigint,
    transferred: bigint,
    at: string,
  ): GasRecord {
    return {
      network: 'TRON',
      type,
      partnerId: sweep.partnerId,
      txHash,
      address: sweep.address,
      token: 'USDT',
      blockNumber: o.blockNumber,
      gasUsed: BigInt(o.energyTotal),
      effectiveGasPrice: o.energyTotal > 0 ? nativeAmount / BigInt(o.energyTotal) : 0n,
      nativeAmount,
      nativeAsset: this.native,
      transferredAmount: transferred,
      usdValue: usdValue(nativeAmount, 6, this.deps.settings.nativeUsdPrice),
      success: o.success,
      at,
    };
  }
}

/** A MASTER energy request's steps are booked against the partner's MASTER TRX custody. */
function masterSubject(request: TronMasterEnergyRequest): StepSubject {
  return { partnerId: request.partnerId, address: request.master, walletType: 'MASTER' };
}

/** Whose custody a step's TRX and fee are booked against: a sweep's address, or a MASTER. */
type StepSubject = Pick<TronSweep, 'partnerId' | 'address'> & {
  readonly walletType: 'HOT' | 'POOL' | 'MASTER';
};

/** An order the provider answered: what it is and what it cost, under the id recorded before it. */
function filledOrder(intent: TronSweepStep, grant: EnergyGrant): TronSweepStep {
  const { state: _state, note: _note, ...rest } = intent;
  return {
    ...rest,
    ...(grant.txId ? { txId: grant.txId } : {}),
    paidSun: grant.paidSun,
    energy: grant.energy,
    ...(grant.orderId ? { orderId: grant.orderId } : {}),
  };
}

function withMarginInt(n: number, percent: number): number {
  return Math.ceil((n * (100 + percent)) / 100);
}

function expirationOf(tx: TronTx): number | undefined {
  const e = (tx.raw_data as { expiration?: unknown }).expiration;
  return typeof e === 'number' ? e : undefined;
}
