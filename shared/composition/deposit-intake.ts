import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoRevenueCounters } from '../adapters/dynamodb/subtree-activity';
import { DynamoWebhookSettingsRepository } from '../adapters/dynamodb/webhook-settings-repository';
import { MetricAlertPublisher } from '../adapters/lambda/metric-alerts';
import { DepositIntakeService } from '../app/deposits/deposit-intake';
import { isLargeDeposit } from '../app/webhooks/large-deposit';
import { parseAmount } from '../domain/ledger/amount';
import type { WebhookSettingsRepository } from '../ports/webhook-delivery';
import type { CoreDeps } from './core';
import { getDepositRecords } from './deposit-records';
import type { DepositRecords } from './deposit-records';
import { withLedger } from './ledger';
import type { LedgerAdapters } from './ledger';
import { withPartnerAuth } from './partner-auth';
import type { PartnerAuthAdapters } from './partner-auth';

/** The base the intake runs on: the core with the ledger and the partners (their fee settings). */
export type IntakeBase = CoreDeps & LedgerAdapters & Pick<PartnerAuthAdapters, 'partners'>;

/**
 * The deposit intake (the poller's and the rescan's): built only by the functions that take deposits
 * in (pollDeposits, depositsApi), so the others do not bundle it or Powertools Metrics.
 * `webhookSettings`: where LARGE_DEPOSIT thresholds are read (the intake publishes nothing itself).
 */
export function buildDepositIntake(
  records: DepositRecords<IntakeBase>,
  webhookSettings: WebhookSettingsRepository,
): DepositIntakeService {
  const { base, wallets, deposits, fees, poolRequests } = records;
  const { config } = base;
  return new DepositIntakeService({
    wallets,
    deposits,
    ledger: base.ledger,
    partners: base.partners,
    fees,
    clock: base.clock,
    networks: config.networks,
    minimumAmount: (asset) => parseAmount(config.deposits.minimumAmount, asset.decimals, { allowZero: true }),
    // Webhook events go to the outbox with the deposit writes; the outbox relay publishes them.
    isLargeDeposit: (partnerId: string, amountUsd: string) =>
      isLargeDeposit({ webhookSettings }, partnerId, amountUsd),
    poolMatcher: {
      claim: async (wallet, token, amount, depositId, at) => {
        const request = await poolRequests.fulfil(
          wallet.network,
          token,
          wallet.address,
          amount,
          depositId,
          at,
        );
        return request ? { userId: request.userId } : undefined;
      },
    },
    onError: (message, e) => base.logger.error(message, { error: e as Error }),
    revenueCounters: new DynamoRevenueCounters(config.tableName),
    // A transfer flagged for review (FAILED / INTAKE_ERROR) pages through Gateway/DepositNeedsReview.
    alerts: new MetricAlertPublisher(
      new Metrics({ namespace: 'Gateway', serviceName: config.serviceName }),
      base.logger,
    ),
  });
}

let intake: DepositIntakeService | undefined;

/** The process's intake, on the process's deposit records (core base). */
export function getDepositIntake(): DepositIntakeService {
  if (!intake) {
    const records = getDepositRecords();
    const base = withLedger(withPartnerAuth(records.base));
    intake = buildDepositIntake(
      { ...records, base },
      new DynamoWebhookSettingsRepository(base.db, base.config.tableName),
    );
  }
  return intake;
}
