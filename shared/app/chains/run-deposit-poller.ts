import type { NetworkCode } from '../../domain/chains/networks';
import type { Clock } from '../../ports/clock';
import type { ChainHeadInfo, DepositIntake, TransferScanner } from '../../ports/evm-transfers';
import type { PollerHealthStore, PollerStateStore } from '../../ports/poller-state';

/**
 * The deposit poller of one network, for one scheduled invocation.
 *
 * The schedule fires every minute; inside an invocation the poller follows the chain head, one round
 * per block time, and stops before the next invocation is due (`runForMs`, bounded by the function's
 * own remaining time), so detection latency is about one block while coverage never has a gap.
 *
 * One round:
 *   1. read the head (latest, finalized);
 *   2. scan `cursor + 1 … latest` in chunks and hand each chunk's transfers to `intake.ingest`;
 *   3. after each chunk, move the cursor to the highest scanned block that is **final**. Unfinalized
 *      blocks are therefore rescanned every round until they are final — that is what covers reorgs at
 *      the frontier (a replaced block is read again in its new form; `ingest` is idempotent);
 *   4. `intake.confirm(head, scanner)`: open deposits reach CONFIRMED or FAILED (reorged out);
 *   5. renew the lease, sleep about one block time.
 *
 * Failures (RPC, store) end the round early: the cursor has only moved over chunks that were
 * scanned *and* ingested, so the next round resumes exactly there after an exponential back-off.
 * Coverage is never traded for progress. One transfer the intake cannot process does not fail the
 * round: the intake records it for review and goes on (ADR 0014), so the cursor passes it.
 *
 * Every round's outcome is kept in the poller's health (`health`): failed rounds in a row across
 * invocations, the last error, the last success. The handler turns it into the PollerUnhealthy metric
 * (alarm) and the console shows it to the platform operator, so a stuck network is seen, not only logged.
 * Successes are written only when they end a run of failures or every `healthHeartbeatMs`, not per round.
 *
 * Only one poller per network works at a time (lease). A poller that finds the lease held by a live
 * holder waits briefly (the previous invocation may be finishing its last round) and otherwise returns
 * quietly. Losing the lease mid-run (e.g. a pause longer than its TTL) stops the run at the next check.
 */
export interface DepositPollerDeps {
  readonly scanner: TransferScanner;
  readonly state: PollerStateStore;
  readonly intake: DepositIntake;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log?: PollerLog;
  /** Running count of RPC calls made by the scanner, for the report (optional). */
  readonly rpcCalls?: () => number;
  /** Where failed rounds in a row are kept across invocations (optional). */
  readonly health?: PollerHealthStore;
}

export interface PollerLog {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export interface DepositPollerOptions {
  /** Lease owner id: unique per invocation (e.g. the Lambda request id). */
  readonly owner: string;
  /** How long to follow the head; rounds start only before `start + runForMs`. */
  readonly runForMs: number;
  /** Pause between rounds: about one block time. */
  readonly roundIntervalMs: number;
  readonly leaseTtlMs: number;
  /** How long to keep trying for a lease held by someone else before returning quietly. */
  readonly leaseWaitMs?: number;
  /** Blocks per `scanner.scan` call (and per `ingest`); the scanner splits further for its provider. */
  readonly chunkBlocks: number;
  /**
   * Blocks below finalized the cursor stays (default 0). Behind a load balancer, `eth_getLogs` may be
   * answered by a node that has not indexed the range yet, and its `[]` looks like a right answer; the
   * window above the cursor is scanned again every round, so a transfer a lagging node left out is found
   * by a later round as long as no node lags more than this. The cost is rescanning these blocks each
   * round, inside the same `eth_getLogs` call.
   */
  readonly nodeLagBlocks?: number;
  /** First run without a cursor: start this many blocks below finalized… */
  readonly initialLookbackBlocks: number;
  /** …or exactly here, when configured. */
  readonly startBlock?: number;
  /** First back-off after a failed round; doubles per consecutive failure, up to `maxBackoffMs`. */
  readonly errorBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Stop after this many rounds (tests, benchmarks); unbounded by default. */
  readonly maxRounds?: number;
  /** A healthy poller refreshes `lastSuccessAt` at most this often (default 60 s). */
  readonly healthHeartbeatMs?: number;
}

export type PollerOutcome = 'completed' | 'lease-held' | 'lease-lost';

export interface DepositPollerReport {
  readonly network: NetworkCode;
  readonly outcome: PollerOutcome;
  readonly rounds: number;
  readonly failedRounds: number;
  readonly blocksScanned: number;
  readonly transfersSeen: number;
  readonly detected: number;
  readonly confirmed: number;
  readonly failed: number;
  readonly rpcCalls: number | undefined;
  readonly cursorBefore: number | undefined;
  readonly cursorAfter: number | undefined;
  readonly lastHead: ChainHeadInfo | undefined;
  readonly lastError: string | undefined;
  /** Failed rounds in a row at the end of the run, across invocations (undefined: lease not held). */
  readonly consecutiveFailures: number | undefined;
  readonly holder?: string;
}

const DEFAULT_LEASE_WAIT_MS = 0;
const DEFAULT_ERROR_BACKOFF_MS = 1_000;
const DEFAULT_MAX_BACKOFF_MS = 15_000;
const DEFAULT_HEALTH_HEARTBEAT_MS = 60_000;

export async function runDepositPoller(
  deps: DepositPollerDeps,
  network: NetworkCode,
  options: DepositPollerOptions,
): Promise<DepositPollerReport> {
  const { scanner, state, intake, clock, log } = deps;
  if (scanner.network !== network) throw new Error(`scanner is for ${scanner.network}, not ${network}`);
  if (!Number.isSafeInteger(options.chunkBlocks) || options.chunkBlocks < 1)
    throw new RangeError('chunkBlocks must be ≥ 1');
  const startedAt = clock.now().getTime();
  const deadline = startedAt + options.runForMs;
  const rpcAtStart = deps.rpcCalls?.();
  const stats = {
    rounds: 0,
    failedRounds: 0,
    blocksScanned: 0,
    transfersSeen: 0,
    detected: 0,
    confirmed: 0,
    failed: 0,
  };
  let lastHead: ChainHeadInfo | undefined;
  let lastError: string | undefined;
  let failuresInARow: number | undefined;

  const report = (
    outcome: PollerOutcome,
    cursorBefore: number | undefined,
    cursorAfter: number | undefined,
    holder?: string,
  ): DepositPollerReport => ({
    network,
    outcome,
    ...stats,
    rpcCalls: rpcAtStart === undefined ? undefined : (deps.rpcCalls?.() ?? rpcAtStart) - rpcAtStart,
    cursorBefore,
    cursorAfter,
    lastHead,
    lastError,
    consecutiveFailures: failuresInARow,
    ...(holder === undefined ? {} : { holder }),
  });

  // 1. The lease.
  const leaseWaitUntil = startedAt + (options.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS);
  let lease = await state.acquireLease(network, options.owner, clock.now(), options.leaseTtlMs);
  while (lease.status !== 'acquired' && clock.now().getTime() + options.roundIntervalMs <= leaseWaitUntil) {
    await deps.sleep(options.roundIntervalMs);
    lease = await state.acquireLease(network, options.owner, clock.now(), options.leaseTtlMs);
  }
  if (lease.status !== 'acquired') {
    log?.info('deposit poller lease held by another poller', { network, holder: lease.holder?.owner });
    return report('lease-held', undefined, undefined, lease.holder?.owner);
  }
  let leaseRenewedAt = clock.now().getTime();

  let cursor = await state.getCursor(network);
  const cursorBefore = cursor;
  let persistedCursor = cursor;
  let outcome: PollerOutcome = 'completed';
  let consecutiveFailures = 0;

  // The run of failures may have started in an earlier invocation.
  const stored = deps.health
    ? await deps.health.getHealth(network).catch((e: unknown) => {
        log?.warn('deposit poller could not read its health', { network, error: (e as Error).message });
        return undefined;
      })
    : undefined;
  failuresInARow = stored?.consecutiveFailures ?? 0;
  let successWrittenAt = stored?.lastSuccessAt ? Date.parse(stored.lastSuccessAt) : 0;
  const recordHealth = async (roundFailed: boolean): Promise<void> => {
    const now = clock.now();
    try {
      if (roundFailed) {
        failuresInARow =
          (await deps.health?.recordRoundFailure(network, lastError ?? 'unknown', now))
            ?.consecutiveFailures ?? (failuresInARow ?? 0) + 1;
      } else if (
        deps.health &&
        (failuresInARow !== 0 ||
          now.getTime() - successWrittenAt >= (options.healthHeartbeatMs ?? DEFAULT_HEALTH_HEARTBEAT_MS))
      ) {
        await deps.health.recordRoundSuccess(network, now);
        successWrittenAt = now.getTime();
        failuresInARow = 0;
      } else if (!roundFailed) {
        failuresInARow = 0;
      }
    } catch (e) {
      // The store is likely what failed the round; the count still rises for this run's metric.
      if (roundFailed) failuresInARow = (failuresInARow ?? 0) + 1;
      log?.warn('deposit poller could not record its health', { network, error: (e as Error).message });
    }
  };

  /** Renews the lease when a third of its TTL has passed; false when it is no longer ours. */
  const keepLease = async (force: boolean): Promise<boolean> => {
    const now = clock.now();
    if (!force && now.getTime() - leaseRenewedAt < options.leaseTtlMs / 3) return true;
    const renewed = await state.renewLease(network, options.owner, now, options.leaseTtlMs);
    if (renewed.status !== 'acquired') {
      log?.warn('deposit poller lost its lease', { network, holder: renewed.holder?.owner });
      return false;
    }
    leaseRenewedAt = now.getTime();
    return true;
  };

  try {
    while (options.maxRounds === undefined || stats.rounds < options.maxRounds) {
      const roundStartedAt = clock.now().getTime();
      if (roundStartedAt >= deadline) break;
      stats.rounds += 1;
      let leaseLost = false;
      let roundFailed = false;
      const failed = (phase: string, e: unknown) => {
        roundFailed = true;
        lastError = `${phase}: ${(e as Error)?.message ?? String(e)}`;
        log?.error('deposit poller round failed; the next round resumes from the cursor', {
          network,
          phase,
          cursor,
          error: lastError,
        });
      };

      let head: ChainHeadInfo | undefined;
      try {
        head = await scanner.head();
        lastHead = head;
        if (cursor === undefined) cursor = firstCursor(head, options);
        let from = cursor + 1;
        while (from <= head.latest) {
          const to = Math.min(head.latest, from + options.chunkBlocks - 1);
          const transfers = await scanner.scan(from, to);
          stats.blocksScanned += to - from + 1;
          stats.transfersSeen += transfers.length;
          if (transfers.length > 0)
            stats.detected += (await intake.ingest(network, transfers, head)).detected;
          // Only what is both scanned and final moves the cursor; the rest is rescanned next round.
          const coveredFinal = Math.min(to, head.finalized - (options.nodeLagBlocks ?? 0));
          if (coveredFinal > cursor) {
            cursor = (await state.advanceCursor(network, coveredFinal, clock.now())).lastProcessedBlock;
            persistedCursor = cursor;
          }
          from = to + 1;
          if (!(await keepLease(false))) {
            leaseLost = true;
            break;
          }
          // A long catch-up yields to the next invocation; the cursor keeps the progress.
          if (clock.now().getTime() >= deadline) break;
        }
      } catch (e) {
        failed('scan', e);
      }

      // Confirmation depends on the head only, not on this round's scan having completed.
      if (head && !leaseLost) {
        try {
          const settled = await intake.confirm(network, head, scanner);
          stats.confirmed += settled.confirmed;
          stats.failed += settled.failed;
        } catch (e) {
          failed('confirm', e);
        }
      }
      if (!leaseLost) {
        try {
          leaseLost = !(await keepLease(true));
        } catch (e) {
          failed('lease', e);
        }
      }
      if (leaseLost) {
        outcome = 'lease-lost';
        break;
      }
      if (roundFailed) {
        stats.failedRounds += 1;
        consecutiveFailures += 1;
      } else {
        consecutiveFailures = 0;
      }
      await recordHealth(roundFailed);
      if (options.maxRounds !== undefined && stats.rounds >= options.maxRounds) break;
      const pause =
        consecutiveFailures > 0
          ? Math.min(
              options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
              (options.errorBackoffMs ?? DEFAULT_ERROR_BACKOFF_MS) * 2 ** (consecutiveFailures - 1),
            )
          : Math.max(0, options.roundIntervalMs - (clock.now().getTime() - roundStartedAt));
      if (clock.now().getTime() + pause >= deadline) break;
      await deps.sleep(pause);
    }
  } finally {
    if (outcome !== 'lease-lost') {
      await state.releaseLease(network, options.owner).catch((e: unknown) => {
        log?.warn('deposit poller could not release its lease; it will expire', {
          network,
          error: (e as Error).message,
        });
      });
    }
  }
  log?.info('deposit poller finished', {
    network,
    outcome,
    ...stats,
    cursorBefore,
    cursorAfter: persistedCursor,
  });
  return report(outcome, cursorBefore, persistedCursor);
}

/**
 * Where a network's first poller run starts: a configured block, or `initialLookbackBlocks` below the
 * finalized block. The cursor is the last processed block, so it sits one below the first to scan.
 */
function firstCursor(head: ChainHeadInfo, options: DepositPollerOptions): number {
  const first = options.startBlock ?? Math.max(0, head.finalized - options.initialLookbackBlocks);
  return first - 1;
}
