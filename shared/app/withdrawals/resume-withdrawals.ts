import type { WithdrawalDeps } from './deps';

export interface ResumeReport {
  readonly checked: number;
  readonly started: number;
}

/**
 * The stall sweeper (scheduled, and once when the local stack starts): every unfinished withdrawal
 * whose last change is older than `olderThanMs` gets a live execution if it has none — after a crash
 * between the request and StartExecution, an execution that failed for good, or a local restart
 * (local executions live in the process). Every task routes from the stored status, so a new
 * execution continues where the last one stopped and never repeats a money movement.
 */
export async function resumeStalledWithdrawals(
  deps: Pick<WithdrawalDeps, 'withdrawals' | 'workflow' | 'clock' | 'onError'>,
  options: { readonly olderThanMs: number; readonly limit?: number },
): Promise<ResumeReport> {
  const before = new Date(deps.clock.now().getTime() - options.olderThanMs).toISOString();
  const stalled = await deps.withdrawals.listStalled(before, options.limit ?? 100);
  let started = 0;
  for (const w of stalled) {
    try {
      const outcome = await deps.workflow.ensureRunning({
        partnerId: w.partnerId,
        code: w.code,
        stalledSince: w.updatedAt,
      });
      if (outcome === 'STARTED') started += 1;
    } catch (e) {
      deps.onError?.(`could not resume withdrawal ${w.code}`, e);
    }
  }
  return { checked: stalled.length, started };
}
