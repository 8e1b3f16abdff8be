import { isGasTankLow } from '../../domain/sweeps/gas';
import { groupSweepable, selectGroups } from '../../domain/sweeps/sweep-plan';
import type { SweepGroup } from '../../domain/sweeps/sweep-plan';
import type { Clock } from '../../ports/clock';
import type { DepositRepository, StoredDeposit } from '../../ports/deposits';
import type { GasTankAlerts } from '../../ports/sweeps';
import { SweepDeposits, settleDepositsInPlace } from './deposit-moves';
import type { SweepLog } from './deps';
import { emptyLeftoverReport } from './native-leftovers';
import type { LeftoverReport } from './native-leftovers';

/**
 * The one sweep process, for every chain (README.md here; ADR 0006, 0007). A run:
 *
 *   1. follows what is in flight (the strategy moves each open sweep as far as it goes now);
 *   2. reads the queue of CONFIRMED deposits, settles those that arrived in MASTER in place, and plans
 *      groups per (address, token) past the minimum (shared/domain/sweeps/sweep-plan.ts);
 *   3. hands each group to the chain's strategy: it records the sweep (claiming the deposits with a
 *      conditional write), obtains gas or energy with a recorded order, signs and records the bytes,
 *      broadcasts, follows and settles — every step recorded before it is taken, so a run that dies
 *      anywhere leaves a state the next run finishes;
 *   4. once, after the first round's groups, returns native leftovers of deposit addresses to the gas
 *      tank where worth it (the strategy's `returnLeftovers`, ADR 0024) — never on an address with
 *      deposits waiting, so gas a coming sweep needs stays;
 *   5. keeps following in rounds while time allows, then checks the gas tank's balance.
 *
 * What differs per chain lives behind SweepStrategy: EVM (evm-sweep-strategy.ts — the gas tank relays
 * `transferFrom` after a one-time approve) and TRON (tron-sweep-strategy.ts — the address sends itself
 * once it is activated and has energy). Both record their statuses along the one transition table,
 * shared/domain/sweeps/sweep-status.ts, with conditional writes in their stores.
 */

/** What the process needs whatever the chain (EVM and TRON deps both have it). */
export interface SweepProcessDeps {
  readonly deposits: DepositRepository;
  readonly alerts?: GasTankAlerts;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log?: SweepLog;
  readonly settings: {
    readonly minimumAmount: (asset: string) => bigint;
    readonly maxGroupsPerRun: number;
    /** How long a run keeps following what it sent before it returns. */
    readonly followForMs: number;
    readonly pollIntervalMs: number;
    /** Below this native balance (smallest units) the gas tank raises GasTankLow. */
    readonly gasTankMinimum?: bigint;
  };
}

/** What a strategy gets from the run it works for. */
export interface SweepRunContext {
  readonly deps: SweepProcessDeps;
  /** Deposit moves of the sweeps (claim, collect, settle, release), each conditional. */
  readonly deposits: SweepDeposits;
  now(): string;
  /** Records a failed step (the next run resumes it) without stopping the run. */
  fail(what: string, e: unknown): void;
}

/** WAITING: the group needs another round (its approval is in flight); DONE: recorded or skipped. */
export type GroupState = 'WAITING' | 'DONE';

/** The chain-specific part of the sweep process. */
export interface SweepStrategy<Counters extends object> {
  readonly network: 'BSC' | 'POLYGON' | 'TRON';
  /** The strategy's own figures, merged into the run's report. */
  readonly counters: Counters;
  /**
   * State changes after which the next round goes on at once instead of waiting a poll interval (EVM:
   * an approval chain or a replacement that can go on now). TRON reports none: each of its steps waits
   * for a block.
   */
  readonly moves: number;
  /** Before the first round: the gas tank's signer, the chain head. */
  begin(): Promise<void>;
  /** Before each later round: a fresh head. */
  nextRound(): Promise<void>;
  /** Moves every open sweep as far as it goes now (a failure is recorded, the others go on). */
  followOpen(): Promise<void>;
  /** Sweeps still open: whether another round is worth it. */
  stillOpen(): Promise<number>;
  /** Starts (or goes on with) the sweep of one planned group. */
  progressGroup(group: SweepGroup): Promise<GroupState>;
  /**
   * Optional, once per run after the first round's groups: sends native leftovers of deposit addresses
   * back to the gas tank where worth it (ADR 0024), recorded before broadcast and then followed like
   * every open record. `busy`: lower-cased addresses with deposits waiting (CONFIRMED or being swept),
   * which are left alone.
   */
  returnLeftovers?(busy: ReadonlySet<string>): Promise<LeftoverReport>;
  /** The gas tank that pays gas, activations and top-ups: its address, native asset and balance. */
  gasTank(): Promise<{ readonly address: string; readonly asset: string; readonly balance: bigint }>;
}

export interface SweepReportBase {
  readonly network: 'BSC' | 'POLYGON' | 'TRON';
  rounds: number;
  groupsPlanned: number;
  depositsSettledInPlace: number;
  /** Native leftovers returned to the gas tank this run (ADR 0024). */
  leftovers: LeftoverReport;
  gasTank:
    | { readonly address: string; readonly balance: string; readonly minimum: string; readonly low: boolean }
    | undefined;
  errors: string[];
  durationMs: number;
}

export interface SweepRunOptions {
  readonly deadline?: number;
  /** Sweep only this partner's deposits (a requested sweep, see SweepTrigger); open sweeps still advance. */
  readonly partnerId?: string;
}

const MAX_ROUNDS = 60;
const QUEUE_PAGE = 500;
const QUEUE_CAP = 2_000;

/** Runs the process on one network with its chain's strategy. */
export async function runSweepProcess<Counters extends object>(
  deps: SweepProcessDeps,
  strategyFor: (context: SweepRunContext) => SweepStrategy<Counters>,
  options: SweepRunOptions = {},
): Promise<SweepReportBase & Counters> {
  const started = Date.now();
  const errors: string[] = [];
  const now = () => deps.clock.now().toISOString();
  let network = '';
  const fail = (what: string, e: unknown): void => {
    const error = (e as Error)?.message ?? String(e);
    errors.push(`${what}: ${error}`);
    deps.log?.error('sweep step failed; the next run resumes it', { network, what, error });
  };
  const context: SweepRunContext = { deps, deposits: new SweepDeposits(deps, now), now, fail };
  const strategy = strategyFor(context);
  network = strategy.network;
  const report: SweepReportBase = {
    network: strategy.network,
    rounds: 0,
    groupsPlanned: 0,
    depositsSettledInPlace: 0,
    leftovers: emptyLeftoverReport(),
    gasTank: undefined,
    errors,
    durationMs: 0,
  };
  const { settings } = deps;
  const timeLeft = (): boolean => {
    if (Date.now() - started + settings.pollIntervalMs > settings.followForMs) return false;
    return options.deadline === undefined || Date.now() + settings.pollIntervalMs < options.deadline;
  };

  await strategy.begin();
  let before = strategy.moves;
  // What is in flight goes first: a sweep that ends now (dropped, expired) frees its deposits for the plan.
  await strategy.followOpen();
  const { items: queue, complete } = await readQueue(deps.deposits, strategy.network, options.partnerId);
  report.depositsSettledInPlace += await settleDepositsInPlace(deps.deposits, queue, now, fail);
  let pending = selectGroups(groupSweepable(queue), settings.minimumAmount, settings.maxGroupsPerRun);
  report.groupsPlanned = pending.length;

  for (let round = 0; round < MAX_ROUNDS; round++) {
    report.rounds = round + 1;
    if (round > 0) {
      before = strategy.moves;
      await strategy.nextRound();
      await strategy.followOpen();
    }
    const waiting: SweepGroup[] = [];
    for (const group of pending) {
      try {
        if ((await strategy.progressGroup(group)) === 'WAITING') waiting.push(group);
      } catch (e) {
        fail(`group ${group.address} ${group.token}`, e);
      }
    }
    pending = waiting;
    // A requested sweep (one partner) or a queue read in part does not know every busy address: no
    // leftovers then, the next scheduled run looks.
    if (round === 0 && strategy.returnLeftovers && !options.partnerId && complete) {
      try {
        report.leftovers = await strategy.returnLeftovers(
          new Set(queue.map((d) => d.toAddress.toLowerCase())),
        );
      } catch (e) {
        fail('native leftovers', e);
      }
    }
    if (options.deadline !== undefined && Date.now() >= options.deadline) break;
    if (strategy.moves > before) continue;
    if (!timeLeft()) break;
    if (pending.length === 0 && (await strategy.stillOpen()) === 0) break;
    await deps.sleep(settings.pollIntervalMs);
  }
  report.gasTank = await checkGasTank(deps, strategy, fail);
  report.durationMs = Date.now() - started;
  return { ...report, ...strategy.counters };
}

async function readQueue(
  deposits: DepositRepository,
  network: string,
  partnerId: string | undefined,
): Promise<{ items: StoredDeposit[]; complete: boolean }> {
  const items: StoredDeposit[] = [];
  let cursor: string | undefined;
  do {
    const page = await deposits.listToSweep(network as StoredDeposit['network'], {
      limit: QUEUE_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items.filter((d) => !partnerId || d.partnerId === partnerId));
    cursor = page.nextCursor;
  } while (cursor && items.length < QUEUE_CAP);
  return { items, complete: cursor === undefined };
}

/** Raises GasTankLow (or clears it) after the run, when alerts and a minimum are configured. */
async function checkGasTank(
  deps: SweepProcessDeps,
  strategy: SweepStrategy<object>,
  fail: (what: string, e: unknown) => void,
): Promise<SweepReportBase['gasTank']> {
  const minimum = deps.settings.gasTankMinimum;
  if (!deps.alerts || minimum === undefined) return undefined;
  try {
    const tank = await strategy.gasTank();
    const low = isGasTankLow(tank.balance, minimum);
    if (low)
      await deps.alerts.gasTankLow({
        network: strategy.network,
        address: tank.address,
        asset: tank.asset,
        balance: tank.balance,
        minimum,
      });
    else await deps.alerts.gasTankOk(strategy.network);
    return { address: tank.address, balance: tank.balance.toString(), minimum: minimum.toString(), low };
  } catch (e) {
    fail('gas tank check', e);
    return undefined;
  }
}
