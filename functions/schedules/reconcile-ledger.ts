import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { DynamoReconciliationReports } from '../../shared/adapters/dynamodb/reconciliation-reports';
import { MetricAlertPublisher } from '../../shared/adapters/lambda/metric-alerts';
import { reconcileLedger } from '../../shared/app/ledger/reconcile-ledger';
import { getDeps } from '../../shared/composition/gateway';
import { getDepositDeps } from '../../shared/composition/deposits';
import { buildCustodyReader } from '../../shared/composition/reconcile';

const deps = getDeps();
const metrics = new Metrics({ namespace: 'Gateway', serviceName: deps.config.serviceName });
const reports = new DynamoReconciliationReports(deps.db, deps.config.tableName);
const alerts = new MetricAlertPublisher(metrics, deps.logger);
const custodyReader = buildCustodyReader(getDepositDeps());

/**
 * Scheduled: reconcile every asset, custody against the chain included: the token and native balances
 * of every HOT, POOL and MASTER address and of the gas tanks, read in batches (Multicall3 on EVM).
 */
export const handler = middy<unknown, { asset: string; status: string; onChain: string }[], Error, Context>()
  .use(injectLambdaContext(deps.logger, { resetKeys: true }))
  .handler(async (event) => {
    ScheduledJobEvent.parse(event);
    const reportsOfRun = await reconcileLedger({
      ledger: deps.ledger,
      reports,
      alerts,
      clock: deps.clock,
      custodyReader,
    });
    const results = reportsOfRun.map((r) => ({ asset: r.asset, status: r.status, onChain: r.onChain }));
    if (deps.config.environment === 'local') metrics.clearMetrics();
    else metrics.publishStoredMetrics();
    deps.logger.info('ledger reconciled', { results });
    return results;
  });
