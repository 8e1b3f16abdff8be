import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { WithdrawalAlerts } from '../../ports/withdrawals';

export const WITHDRAWAL_BLOCKED_METRIC = 'WithdrawalBlocked';

/**
 * The withdrawal pipeline's alerts as an ERROR log line (`ALERT INSUFFICIENT_MASTER_BALANCE` /
 * `ALERT MASTER_GAS_LOW`, with the withdrawal, network and MASTER address) plus one
 * `Gateway/WithdrawalBlocked` data point (EMF), which the observability stack alarms on.
 */
export class MetricWithdrawalAlerts implements WithdrawalAlerts {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly publish: boolean,
  ) {}

  async insufficientMasterBalance(
    a: Parameters<WithdrawalAlerts['insufficientMasterBalance']>[0],
  ): Promise<void> {
    this.logger.error('ALERT INSUFFICIENT_MASTER_BALANCE', {
      alert: 'INSUFFICIENT_MASTER_BALANCE',
      partnerId: a.partnerId,
      network: a.network,
      address: a.address,
      asset: a.asset,
      needed: a.needed.toString(),
      available: a.available.toString(),
      withdrawal: a.code,
    });
    this.count('INSUFFICIENT_MASTER_BALANCE');
  }

  async masterGasLow(a: Parameters<WithdrawalAlerts['masterGasLow']>[0]): Promise<void> {
    this.logger.error('ALERT MASTER_GAS_LOW', { alert: 'MASTER_GAS_LOW', ...a, withdrawal: a.code });
    this.count('MASTER_GAS_LOW');
  }

  private count(reason: string): void {
    this.metrics.addMetric(WITHDRAWAL_BLOCKED_METRIC, MetricUnit.Count, 1);
    this.metrics.addMetadata('reason', reason);
    if (this.publish) this.metrics.publishStoredMetrics();
    else this.metrics.clearMetrics();
  }
}
