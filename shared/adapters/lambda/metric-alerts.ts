import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Alert, AlertPublisher } from '../../ports/reconciliation';

/** Published per deposit the intake flagged for review (Network dimension). */
export const DEPOSIT_NEEDS_REVIEW_METRIC = 'DepositNeedsReview';
/** Published by each poller run that held the lease: 1 when its failed rounds in a row reached the threshold. */
export const POLLER_UNHEALTHY_METRIC = 'PollerUnhealthy';
/** Published with it: the failed rounds in a row, for dashboards. */
export const POLLER_CONSECUTIVE_FAILURES_METRIC = 'PollerConsecutiveFailures';

/** The metric the observability stack alarms on (infra/stacks/observability-stack.ts). */
export const LEDGER_DRIFT_METRIC = 'LedgerDrift';

/**
 * Alerts as CloudWatch metrics (EMF) plus an ERROR log line: the observability stack alarms on
 * `Gateway/LedgerDrift` and `Gateway/DepositNeedsReview`, and the log carries the details (the report,
 * or the deposit and its tx hash) for whoever is paged.
 */
export class MetricAlertPublisher implements AlertPublisher {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  async raise(alert: Alert): Promise<void> {
    if (alert.type === 'DEPOSIT_NEEDS_REVIEW') {
      this.logger.error('ALERT deposit needs review', { ...alert });
      // Published at once, with its network, whatever the calling handler does with its own metrics.
      const single = this.metrics.singleMetric();
      single.addDimension('Network', alert.network);
      single.addMetric(DEPOSIT_NEEDS_REVIEW_METRIC, MetricUnit.Count, 1);
      return;
    }
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
