import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { DynamoReconciliationReports } from '../../shared/adapters/dynamodb/reconciliation-reports';
import { MetricAlertPublisher } from '../../shared/adapters/lambda/metric-alerts';
import { reconcileAsset } from '../../shared/app/ledger/reconcile-ledger';
import { ASSETS } from '../../shared/domain/ledger/asset';
import { getDeps } from '../../shared/composition/gateway';

const deps = getDeps();
const metrics = new Metrics({ namespace: 'Gateway', serviceName: deps.config.serviceName });
const reports = new DynamoReconciliationReports(deps.db, deps.config.tableName);
const alerts = new MetricAlertPublisher(metrics, deps.logger);

/**
 * Scheduled: reconcile every asset. Custody against the chain is checked once the chain adapters
 * provide a ChainCustodyReader (deposits and TRON issues); until then that part reports NOT_CHECKED.
 */
export const handler = middy<unknown, { asset: string; status: string; onChain: string }[], Error, Context>()
  .use(injectLambdaContext(deps.logger, { resetKeys: true }))
  .handler(async (event) => {
    ScheduledJobEvent.parse(event);
    const results = [];
    for (const asset of ASSETS.keys()) {
      const report = await reconcileAsset({ ledger: deps.ledger, reports, alerts, clock: deps.clock }, asset);
      results.push({ asset, status: report.status, onChain: report.onChain });
    }
    if (deps.config.environment === 'local') metrics.clearMetrics();
    else metrics.publishStoredMetrics();
    deps.logger.info('ledger reconciled', { results });
    return results;
  });
