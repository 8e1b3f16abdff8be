import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { runSweeps, runTronSweeps } from '../app/sweeps/run-sweeps';
import type { SweepRunReport, TronSweepReport } from '../app/sweeps/run-sweeps';
import { getSweepWiring } from './sweeps';
import { getTronSweepWiring } from './tron-sweeps';

/** One sweep run on a network (all partners, or one partner's deposits); also the local SweepTrigger's. */
export async function runSweepJob(
  network: 'BSC' | 'POLYGON' | 'TRON',
  options: { readonly deadline: number; readonly partnerId?: string },
): Promise<SweepRunReport | TronSweepReport> {
  const wiring = getSweepWiring();
  const { base } = wiring.depositDeps;
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
