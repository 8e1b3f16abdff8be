import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import { NETWORK_CODES, networkRegistry } from '../../shared/config/networks';
import type { NetworkCode } from '../../shared/config/networks';
import { SCHEDULES } from '../../shared/schedules/schedule-table';
import { names } from '../lib/settings';
import type { GatewaySettings } from '../lib/settings';

export const METRIC_NAMESPACE = 'Gateway';
export const POLLER_LAG_METRIC = 'PollerLagBlocks';
/** Published by the reconciliation job when liabilities, custody or the chain disagree. */
export const LEDGER_DRIFT_METRIC = 'LedgerDrift';
/** Published by the withdrawal task when a withdrawal waits because MASTER cannot pay (tokens or gas). */
export const WITHDRAWAL_BLOCKED_METRIC = 'WithdrawalBlocked';
/** Published by each sweep run: 1 when the network's gas tank is below its minimum, else 0. */
export const GAS_TANK_LOW_METRIC = 'GasTankLow';
/**
 * Published by each deposit poller run: 1 when the network's poller has failed
 * POLLER_ALERT_AFTER_FAILED_ROUNDS rounds in a row (default 5, across invocations), else 0.
 */
export const POLLER_UNHEALTHY_METRIC = 'PollerUnhealthy';
/** Published per transfer the deposit intake could not process (recorded FAILED / INTAKE_ERROR). */
export const DEPOSIT_NEEDS_REVIEW_METRIC = 'DepositNeedsReview';
/** Published by the monthly gas invoice job per partner it could not invoice (ADR 0033). */
export const GAS_INVOICE_FAILED_METRIC = 'GasInvoiceFailed';
/** How long a poller may trail the chain head before someone is paged. */
export const POLLER_LAG_BUDGET = Duration.minutes(5);

export interface ObservabilityStackProps extends StackProps {
  readonly settings: GatewaySettings;
  readonly webhookDlq: IQueue;
  /** The on-failure destination of the outbox stream relay: events the relay gave up on (they stay in the outbox table). */
  readonly outboxFailures?: IQueue;
  /** Functions to alarm on (deterministic names, no cross-stack exports); defaults to the whole catalog. */
  readonly functions?: readonly FunctionSpec[];
}

/** Lag threshold in blocks: the number of blocks the network produces within the lag budget. */
export function pollerLagThreshold(network: NetworkCode, settings: GatewaySettings): number {
  const { blockTimeMs } = networkRegistry(settings.appEnv)[network];
  return Math.ceil(POLLER_LAG_BUDGET.toMilliseconds() / blockTimeMs);
}

/**
 * Alarms to an encrypted SNS topic: webhook DLQ not empty, Errors of every catalog function, chain
 * poller lag per network (the pollers publish `Gateway/PollerLagBlocks` with a `Network` dimension),
 * ledger drift, a low gas tank per EVM network (`Gateway/GasTankLow`, published by the sweeper), a
 * poller failing round after round (`Gateway/PollerUnhealthy`) and a deposit flagged for review
 * (`Gateway/DepositNeedsReview`), per network.
 */
export class ObservabilityStack extends Stack {
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;
  readonly dlqAlarm: cloudwatch.Alarm;
  readonly outboxFailuresAlarm?: cloudwatch.Alarm;
  readonly functionErrorAlarms: ReadonlyMap<string, cloudwatch.Alarm>;
  readonly pollerLagAlarms: ReadonlyMap<NetworkCode, cloudwatch.Alarm>;
  readonly ledgerDriftAlarm: cloudwatch.Alarm;
  readonly withdrawalBlockedAlarm: cloudwatch.Alarm;
  readonly gasTankLowAlarms: ReadonlyMap<NetworkCode, cloudwatch.Alarm>;
  readonly pollerUnhealthyAlarms: ReadonlyMap<NetworkCode, cloudwatch.Alarm>;
  readonly depositNeedsReviewAlarms: ReadonlyMap<NetworkCode, cloudwatch.Alarm>;
  readonly gasInvoiceFailedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.topicKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the gateway alarm topic',
      alias: names.alias(settings, 'alarms'),
      enableKeyRotation: true,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic as itself.
    this.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      topicName: names.resource(settings, 'alarms'),
      displayName: `Stablecoin gateway ${settings.stage} alarms`,
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    if (settings.alarmEmail)
      this.topic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail));
    const notify = new actions.SnsAction(this.topic);
    /** An alarm when `metric` goes above `threshold` (0: any occurrence), notifying on alarm and on OK. */
    const alarmAbove = (
      id: string,
      alarmName: string,
      alarmDescription: string,
      metric: cloudwatch.IMetric,
      options: {
        readonly threshold?: number;
        readonly periods?: number;
        readonly datapointsToAlarm?: number;
      } = {},
    ): cloudwatch.Alarm => {
      const alarm = new cloudwatch.Alarm(this, id, {
        alarmName,
        alarmDescription,
        metric,
        threshold: options.threshold ?? 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: options.periods ?? 1,
        ...(options.periods ? { datapointsToAlarm: options.datapointsToAlarm ?? options.periods } : {}),
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      return alarm;
    };
    /** A metric the gateway publishes (Powertools adds the `service` dimension to everything). */
    const gatewayMetric = (
      metricName: string,
      statistic: string,
      period: Duration,
      dimensions: Record<string, string> = {},
    ) =>
      new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName,
        dimensionsMap: { ...dimensions, service: settings.serviceName },
        statistic,
        period,
      });

    this.dlqAlarm = alarmAbove(
      'WebhookDlqNotEmpty',
      names.resource(settings, 'webhook-dlq-not-empty'),
      'Webhook deliveries exhausted their retries and landed in the DLQ.',
      props.webhookDlq.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    );

    if (props.outboxFailures) {
      this.outboxFailuresAlarm = alarmAbove(
        'OutboxRelayFailuresNotEmpty',
        names.resource(settings, 'outbox-relay-failures-not-empty'),
        'The outbox stream relay gave up on a batch: those events were not relayed to webhooks by the stream ' +
          '(they stay in the outbox table; the scheduled republisher retries them). Look at the queue message for the shard and sequence numbers.',
        props.outboxFailures.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      );
    }

    this.functionErrorAlarms = new Map(
      (props.functions ?? FUNCTIONS).map((spec) => {
        const functionName = names.functionName(settings, spec.name);
        return [
          spec.name,
          alarmAbove(
            `Errors-${spec.name}`,
            `${functionName}-errors`,
            `${functionName} reported errors (unhandled exceptions or timeouts).`,
            new cloudwatch.Metric({
              namespace: 'AWS/Lambda',
              metricName: 'Errors',
              dimensionsMap: { FunctionName: functionName },
              statistic: cloudwatch.Stats.SUM,
              period: Duration.minutes(5),
            }),
          ),
        ];
      }),
    );

    this.pollerLagAlarms = new Map(
      NETWORK_CODES.map((network) => {
        const threshold = pollerLagThreshold(network, settings);
        return [
          network,
          alarmAbove(
            `PollerLag-${network}`,
            names.resource(settings, `poller-lag-${network.toLowerCase()}`),
            `The ${network} poller trails the chain head by more than ${threshold} blocks (~${POLLER_LAG_BUDGET.toMinutes()} min): deposits are credited late.`,
            gatewayMetric(POLLER_LAG_METRIC, cloudwatch.Stats.MAXIMUM, Duration.minutes(1), {
              Network: network,
            }),
            { threshold, periods: 3 },
          ),
        ];
      }),
    );

    // Every reconciliation run publishes LedgerDrift (0 when clean): 1-minute maxima over one schedule
    // period, one breaching minute enough, so the alarm fires on the minute of the run that finds drift
    // and clears one period after the last run that found it.
    const reconcileEvery = SCHEDULES.find((s) => s.functionName === 'reconcileLedger')?.everyMinutes ?? 15;
    this.ledgerDriftAlarm = alarmAbove(
      'LedgerDrift',
      names.resource(settings, 'ledger-drift'),
      'Reconciliation found liabilities ≠ custody, a non-zero ledger sum, or custody ≠ on-chain balances (tokens or native coin at a HOT, POOL, MASTER or gas-tank address). See the reconcile-ledger logs (asset, accounts, addresses) and the RECON# report items.',
      gatewayMetric(LEDGER_DRIFT_METRIC, cloudwatch.Stats.MAXIMUM, Duration.minutes(1)),
      { periods: reconcileEvery, datapointsToAlarm: 1 },
    );

    this.withdrawalBlockedAlarm = alarmAbove(
      'WithdrawalBlocked',
      names.resource(settings, 'withdrawal-blocked'),
      'A withdrawal is waiting because its MASTER wallet cannot pay it (INSUFFICIENT_MASTER_BALANCE: tokens on chain less what is in flight; MASTER_GAS_LOW: native coin / TRX for fees; on EVM only when the gas tank cannot cover the automatic MASTER top-up). Fund the gas tank (EVM) or MASTER, or wait for the sweep; the withdrawal-task logs name the withdrawal, network and address.',
      gatewayMetric(WITHDRAWAL_BLOCKED_METRIC, cloudwatch.Stats.SUM, Duration.minutes(15)),
    );

    this.gasTankLowAlarms = new Map(
      NETWORK_CODES.map((network) => [
        network,
        alarmAbove(
          `GasTankLow-${network}`,
          names.resource(settings, `gas-tank-low-${network.toLowerCase()}`),
          `The ${network} gas tank (sweep relayer) is below its minimum balance (GAS_TANK_MIN_BALANCE_${network}): fund it, or sweeps and first-time approvals stop. The sweep-deposits logs carry its address and balance.`,
          // The sweep runs every 5 minutes.
          gatewayMetric(GAS_TANK_LOW_METRIC, cloudwatch.Stats.MAXIMUM, Duration.minutes(5), {
            Network: network,
          }),
        ),
      ]),
    );

    // A poller failing round after round detects no deposits on its network (issue 12 §0). Lag grows
    // too, but only once blocks pile up; this fires on the failures themselves, within a minute or two.
    this.pollerUnhealthyAlarms = new Map(
      NETWORK_CODES.map((network) => [
        network,
        alarmAbove(
          `PollerUnhealthy-${network}`,
          names.resource(settings, `poller-unhealthy-${network.toLowerCase()}`),
          `The ${network} deposit poller has failed POLLER_ALERT_AFTER_FAILED_ROUNDS rounds in a row: no deposits are detected on ${network}. The poll-deposits logs and the POLLER_HEALTH item (lastError, failingSince) say why; the console dashboard shows it to the platform operator.`,
          gatewayMetric(POLLER_UNHEALTHY_METRIC, cloudwatch.Stats.MAXIMUM, Duration.minutes(1), {
            Network: network,
          }),
        ),
      ]),
    );

    this.depositNeedsReviewAlarms = new Map(
      NETWORK_CODES.map((network) => [
        network,
        alarmAbove(
          `DepositNeedsReview-${network}`,
          names.resource(settings, `deposit-needs-review-${network.toLowerCase()}`),
          `A ${network} transfer to a gateway address could not be processed and was recorded FAILED / INTAKE_ERROR (not credited). The "ALERT deposit needs review" log line names the deposit and tx hash; fix the cause, then reprocess it.`,
          gatewayMetric(DEPOSIT_NEEDS_REVIEW_METRIC, cloudwatch.Stats.SUM, Duration.minutes(5), {
            Network: network,
          }),
        ),
      ]),
    );

    this.gasInvoiceFailedAlarm = alarmAbove(
      'GasInvoiceFailed',
      names.resource(settings, 'gas-invoice-failed'),
      'The monthly gas invoice job could not invoice a partner (the others were invoiced). The "ALERT gas invoice failed" log line names the partner and month; fix the cause and run `invoices issue --month YYYY-MM --partner CODE` (a DRAFT it left is finished, nothing is issued twice).',
      gatewayMetric(GAS_INVOICE_FAILED_METRIC, cloudwatch.Stats.SUM, Duration.minutes(5)),
    );

    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}
