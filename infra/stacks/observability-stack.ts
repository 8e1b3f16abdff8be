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
/** How long a poller may trail the chain head before someone is paged. */
export const POLLER_LAG_BUDGET = Duration.minutes(5);

export interface ObservabilityStackProps extends StackProps {
  readonly settings: GatewaySettings;
  readonly webhookDlq: IQueue;
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
 * ledger drift, and a low gas tank per EVM network (`Gateway/GasTankLow`, published by the sweeper).
 */
export class ObservabilityStack extends Stack {
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;
  readonly dlqAlarm: cloudwatch.Alarm;
  readonly functionErrorAlarms: ReadonlyMap<string, cloudwatch.Alarm>;
  readonly pollerLagAlarms: ReadonlyMap<NetworkCode, cloudwatch.Alarm>;
  readonly ledgerDriftAlarm: cloudwatch.Alarm;
  readonly withdrawalBlockedAlarm: cloudwatch.Alarm;
  readonly gasTankLowAlarms: ReadonlyMap<NetworkCode, cloudwatch.Alarm>;

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
    const wire = (alarm: cloudwatch.Alarm): cloudwatch.Alarm => {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      return alarm;
    };

    this.dlqAlarm = wire(
      new cloudwatch.Alarm(this, 'WebhookDlqNotEmpty', {
        alarmName: names.resource(settings, 'webhook-dlq-not-empty'),
        alarmDescription: 'Webhook deliveries exhausted their retries and landed in the DLQ.',
        metric: props.webhookDlq.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    const errorAlarms = new Map<string, cloudwatch.Alarm>();
    for (const spec of props.functions ?? FUNCTIONS) {
      const functionName = names.functionName(settings, spec.name);
      errorAlarms.set(
        spec.name,
        wire(
          new cloudwatch.Alarm(this, `Errors-${spec.name}`, {
            alarmName: `${functionName}-errors`,
            alarmDescription: `${functionName} reported errors (unhandled exceptions or timeouts).`,
            metric: new cloudwatch.Metric({
              namespace: 'AWS/Lambda',
              metricName: 'Errors',
              dimensionsMap: { FunctionName: functionName },
              statistic: cloudwatch.Stats.SUM,
              period: Duration.minutes(5),
            }),
            threshold: 0,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        ),
      );
    }
    this.functionErrorAlarms = errorAlarms;

    const lagAlarms = new Map<NetworkCode, cloudwatch.Alarm>();
    for (const network of NETWORK_CODES) {
      const threshold = pollerLagThreshold(network, settings);
      lagAlarms.set(
        network,
        wire(
          new cloudwatch.Alarm(this, `PollerLag-${network}`, {
            alarmName: names.resource(settings, `poller-lag-${network.toLowerCase()}`),
            alarmDescription: `The ${network} poller trails the chain head by more than ${threshold} blocks (~${POLLER_LAG_BUDGET.toMinutes()} min): deposits are credited late.`,
            metric: new cloudwatch.Metric({
              namespace: METRIC_NAMESPACE,
              metricName: POLLER_LAG_METRIC,
              // Powertools Metrics adds the `service` dimension to everything it publishes.
              dimensionsMap: { Network: network, service: settings.serviceName },
              statistic: cloudwatch.Stats.MAXIMUM,
              period: Duration.minutes(1),
            }),
            threshold,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        ),
      );
    }
    this.pollerLagAlarms = lagAlarms;

    this.ledgerDriftAlarm = wire(
      new cloudwatch.Alarm(this, 'LedgerDrift', {
        alarmName: names.resource(settings, 'ledger-drift'),
        alarmDescription:
          'Reconciliation found liabilities ≠ custody, a non-zero ledger sum, or custody ≠ on-chain balances. See the reconcile-ledger logs and the RECON# report items.',
        metric: new cloudwatch.Metric({
          namespace: METRIC_NAMESPACE,
          metricName: LEDGER_DRIFT_METRIC,
          dimensionsMap: { service: settings.serviceName },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(15),
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    this.withdrawalBlockedAlarm = wire(
      new cloudwatch.Alarm(this, 'WithdrawalBlocked', {
        alarmName: names.resource(settings, 'withdrawal-blocked'),
        alarmDescription:
          'A withdrawal is waiting because its MASTER wallet cannot pay it (INSUFFICIENT_MASTER_BALANCE: tokens on chain less what is in flight; MASTER_GAS_LOW: native coin / TRX for fees). Top up MASTER or wait for the sweep; the withdrawal-task logs name the withdrawal, network and address.',
        metric: new cloudwatch.Metric({
          namespace: METRIC_NAMESPACE,
          metricName: WITHDRAWAL_BLOCKED_METRIC,
          dimensionsMap: { service: settings.serviceName },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(15),
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    const gasTankAlarms = new Map<NetworkCode, cloudwatch.Alarm>();
    for (const network of NETWORK_CODES) {
      gasTankAlarms.set(
        network,
        wire(
          new cloudwatch.Alarm(this, `GasTankLow-${network}`, {
            alarmName: names.resource(settings, `gas-tank-low-${network.toLowerCase()}`),
            alarmDescription: `The ${network} gas tank (sweep relayer) is below its minimum balance (GAS_TANK_MIN_BALANCE_${network}): fund it, or sweeps and first-time approvals stop. The sweep-deposits logs carry its address and balance.`,
            metric: new cloudwatch.Metric({
              namespace: METRIC_NAMESPACE,
              metricName: GAS_TANK_LOW_METRIC,
              // Powertools Metrics adds the `service` dimension to everything it publishes.
              dimensionsMap: { Network: network, service: settings.serviceName },
              statistic: cloudwatch.Stats.MAXIMUM,
              // The sweep runs every 5 minutes.
              period: Duration.minutes(5),
            }),
            threshold: 0,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        ),
      );
    }
    this.gasTankLowAlarms = gasTankAlarms;

    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}
