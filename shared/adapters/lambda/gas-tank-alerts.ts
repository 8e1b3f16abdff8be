import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { formatAmount } from '../../domain/ledger/amount';
import type { GasTankAlerts } from '../../ports/sweeps';

export const GAS_TANK_LOW_METRIC = 'GasTankLow';

/**
 * The low gas-tank alert as a CloudWatch metric (EMF) plus an ERROR log line, like the ledger-drift
 * alert: `Gateway/GasTankLow` with a `Network` dimension (Powertools adds `service`) is 1 after a run
 * that found the tank below its minimum and 0 otherwise; the observability stack alarms on it.
 */
export class MetricGasTankAlerts implements GasTankAlerts {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly nativeDecimals = 18,
  ) {}

  async gasTankLow(alert: Parameters<GasTankAlerts['gasTankLow']>[0]): Promise<void> {
    this.logger.error('ALERT gas tank low', {
      alert: 'GAS_TANK_LOW',
      network: alert.network,
      address: alert.address,
      asset: alert.asset,
      balance: formatAmount(alert.balance, this.nativeDecimals),
      minimum: formatAmount(alert.minimum, this.nativeDecimals),
    });
    this.publish(alert.network, 1);
  }

  async gasTankOk(network: string): Promise<void> {
    this.publish(network, 0);
  }

  /**
   * One network per invocation: the handler puts the `Network` dimension on its metrics before the
   * run (`network` is in the log line) and publishes them after it.
   */
  private publish(_network: string, value: number): void {
    this.metrics.addMetric(GAS_TANK_LOW_METRIC, MetricUnit.Count, value);
  }
}
