import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { AlertPublisher } from '../../ports/reconciliation';

/** The metric the observability stack alarms on (infra/stacks/observability-stack.ts). */
export const LEDGER_DRIFT_METRIC = 'LedgerDrift';

/**
 * Alerts as CloudWatch metrics (EMF) plus an ERROR log line: the observability stack alarms on
 * `Gateway/LedgerDrift`, and the log carries the report for whoever is paged.
 */
export class MetricAlertPublisher implements AlertPublisher {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  async raise(alert: Parameters<AlertPublisher['raise']>[0]): Promise<void> {
    const r = alert.report;
    this.logger.error('ALERT ledger drift', {
      alert: alert.type,
      asset: alert.asset,
      ledgerDrift: r.ledgerDrift.toString(),
      unbalanced: r.unbalanced.toString(),
      onChain: r.onChain,
      custodyDrifts: r.custodyDrifts.map((d) => ({
        accounts: d.accounts,
        addresses: d.addresses.slice(0, 20),
        addressCount: d.addresses.length,
        ledger: d.ledger.toString(),
        onChain: d.onChain.toString(),
      })),
    });
    this.metrics.addMetric(LEDGER_DRIFT_METRIC, MetricUnit.Count, 1);
  }

  /**
   * Every run publishes how many assets drift (0 included), so the alarm (Maximum over the schedule's
   * period) has a value each period: it fires on the run that finds drift and clears on the first
   * clean run, instead of relying on missing data.
   */
  async reconciled(summary: { readonly assets: number; readonly drifting: number }): Promise<void> {
    this.metrics.addMetric(LEDGER_DRIFT_METRIC, MetricUnit.Count, summary.drifting);
  }
}
