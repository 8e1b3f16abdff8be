import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { SweepRequestEvent } from '../../events/sweep-request/schema';
import type { SweepRunReport, TronSweepReport } from '../../shared/app/sweeps/run-sweeps';
import { runSweepJob } from '../../shared/composition/sweep-job';
import { getSweepWiring } from '../../shared/composition/sweeps';

const { base } = getSweepWiring().depositDeps;

/** Leave this much of the Lambda timeout for booking what the run saw last and publishing metrics. */
const SAFETY_MARGIN_MS = 20_000;

/**
 * Scheduled every 5 minutes per EVM network: gasless sweeps of credited deposits from HOT and POOL
 * addresses to the partner's MASTER (see shared/app/sweeps/run-sweeps.ts), then the gas-tank check.
 */
export const handler = middy<unknown, SweepRunReport | TronSweepReport, Error, Context>()
  .use(injectLambdaContext(base.logger, { resetKeys: true }))
  .handler(async (event, context) => {
    // A withdrawal waiting for MASTER funds asks for one partner's sweep now (SweepTrigger).
    const requested = SweepRequestEvent.safeParse(event);
    const job = requested.success ? requested.data : ScheduledJobEvent.parse(event);
    if (job.network === undefined)
      throw new Error(`Schedule ${job.scheduleId} names no EVM network (got none)`);
    return runSweepJob(job.network, {
      deadline: Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS,
      ...(requested.success ? { partnerId: requested.data.partnerId } : {}),
    });
  });
