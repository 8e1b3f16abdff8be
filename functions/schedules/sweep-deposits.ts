import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { SweepRequestEvent } from '../../events/sweep-request/schema';
import { runSweeps } from '../../shared/app/sweeps/run-sweeps';
import type { SweepRunReport } from '../../shared/app/sweeps/run-sweeps';
import { runTronSweeps } from '../../shared/app/sweeps/run-tron-sweeps';
import type { TronSweepReport } from '../../shared/app/sweeps/run-tron-sweeps';
import { getSweepWiring } from '../sweeps-composition';
import { getTronSweepWiring } from '../tron-sweeps-composition';

const wiring = getSweepWiring();
const { base } = wiring.depositDeps;

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

/** One sweep run on a network (all partners, or one partner's deposits); also the local SweepTrigger's. */
export async function runSweepJob(
  network: 'BSC' | 'POLYGON' | 'TRON',
  options: { readonly deadline: number; readonly partnerId?: string },
): Promise<SweepRunReport | TronSweepReport> {
  if (network === 'TRON') {
    // TRON: activation + energy (delegation, rental or burn), then the HOT key sends (run-tron-sweeps.ts).
    const { metrics } = wiring;
    metrics.addDimension('Network', network);
    const report = await runTronSweeps(
      await getTronSweepWiring().deps({ alerts: wiring.alerts }),
      options,
    ).catch((e: unknown) => {
      metrics.clearMetrics();
      metrics.clearDimensions();
      throw e;
    });
    metrics.addMetric('SweepsSent', MetricUnit.Count, report.sweepsStarted);
    metrics.addMetric('SweepsSettled', MetricUnit.Count, report.sweepsSettled);
    metrics.addMetric('SweepErrors', MetricUnit.Count, report.errors.length);
    if (base.config.environment === 'local') metrics.clearMetrics();
    else metrics.publishStoredMetrics();
    metrics.clearDimensions();
    base.logger.info('TRON sweep run', { ...report });
    return report;
  }
  const { metrics } = wiring;
  // Every metric of this invocation (GasTankLow from the alerts adapter included) is per network.
  metrics.addDimension('Network', network);
  const report = await runSweeps(wiring.forNetwork(network), options).catch((e: unknown) => {
    metrics.clearMetrics();
    metrics.clearDimensions();
    throw e;
  });
  metrics.addMetric('SweepsSent', MetricUnit.Count, report.sweepsSent);
  metrics.addMetric('SweepsSettled', MetricUnit.Count, report.settledSweeps);
  metrics.addMetric('SweepErrors', MetricUnit.Count, report.errors.length);
  metrics.addMetric('SweepStuckTransactions', MetricUnit.Count, report.stuck.length);
  if (base.config.environment === 'local') metrics.clearMetrics();
  else metrics.publishStoredMetrics();
  metrics.clearDimensions();
  base.logger.info('sweep run', {
    ...report,
    ...(options.partnerId ? { partnerId: options.partnerId } : {}),
  });
  return report;
}
