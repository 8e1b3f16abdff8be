import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { resumeStalledWithdrawals } from '../../shared/app/withdrawals/resume-withdrawals';
import type { ResumeReport } from '../../shared/app/withdrawals/resume-withdrawals';
import { getDeps } from '../../shared/composition/gateway';
import { getWithdrawalRestartDeps } from '../../shared/composition/withdrawal-workflow';

// The stall sweeper lists withdrawals and starts executions: no chain, no MASTER, no deposit side.
const deps = getWithdrawalRestartDeps();
const { logger } = getDeps();

/** Scheduled every 5 minutes: unfinished withdrawals untouched for 10 minutes get a live execution. */
export const handler = middy<unknown, ResumeReport, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    ScheduledJobEvent.parse(event);
    const report = await resumeStalledWithdrawals(deps, {
      olderThanMs: 10 * 60_000,
      // Pages through every stalled withdrawal; stops paging before the Lambda timeout.
      deadline: Date.now() + context.getRemainingTimeInMillis() - 10_000,
    });
    if (report.started > 0) logger.warn('restarted stalled withdrawals', { ...report });
    return report;
  });
