import type { WithdrawalRequestDeps } from './deps';

export interface ResumeReport {
  readonly checked: number;
  readonly started: number;
}

const PAGE = 100;

/**
 * The stall sweeper (scheduled, and once when the local stack starts): every unfinished withdrawal
 * with no sign of life for `olderThanMs` gets a live execution if it has none — after a crash between
 * the request and StartExecution, an execution that failed for good, or a local restart (local
 * executions live in the process). Every task routes from the stored status, so a new execution
 * continues where the last one stopped and never repeats a money movement.
 *
 * It pages through all of them (oldest first), and only what is actually stalled is listed: a
 * withdrawal waiting for an approval decision is out of the list until its approval wait would have
 * timed out, and one waiting for MASTER funds is marked active by every funds check of its execution
 * (see the repository's GSI3 and ADR 0010). `all` (local start, where no execution survived) checks
 * every unfinished withdrawal.
 */
export async function resumeStalledWithdrawals(
  deps: Pick<WithdrawalRequestDeps, 'withdrawals' | 'workflow' | 'clock' | 'onError'>,
  options: { readonly olderThanMs: number; readonly all?: boolean; readonly deadline?: number },
): Promise<ResumeReport> {
  const before = options.all ? '~' : new Date(deps.clock.now().getTime() - options.olderThanMs).toISOString();
  let checked = 0;
  let started = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.withdrawals.listStalled(before, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const w of page.items) {
      checked += 1;
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
    cursor = page.nextCursor;
  } while (cursor && (options.deadline === undefined || Date.now() < options.deadline));
  return { checked, started };
}
