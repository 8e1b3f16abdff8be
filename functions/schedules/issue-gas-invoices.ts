import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { MetricInvoiceJobMonitor } from '../../shared/adapters/lambda/invoice-job-monitor';
import { issueMonthlyInvoices } from '../../shared/app/invoices/gas-invoices';
import type { IssueResult } from '../../shared/app/invoices/gas-invoices';
import { gasInvoiceDeps } from '../../shared/composition/gas-invoices';
import { getDeps } from '../../shared/composition/gateway';
import { invoiceDocumentPublisher } from '../../shared/composition/invoice-documents';
import { previousMonth } from '../../shared/domain/invoices/invoice-rules';

const deps = getDeps();
const metrics = new Metrics({ namespace: 'Gateway', serviceName: deps.config.serviceName });
const invoices = gasInvoiceDeps(deps, {
  monitor: new MetricInvoiceJobMonitor(metrics, deps.logger),
  publisher: invoiceDocumentPublisher(deps),
});

/**
 * Scheduled 01:00 UTC on the 1st: the previous month's gas invoices of every partner (ADR 0033).
 * Idempotent per partner and month, so a retried or repeated run changes nothing already issued.
 */
export const handler = middy<unknown, IssueResult, Error, Context>()
  .use(injectLambdaContext(deps.logger, { resetKeys: true }))
  .handler(async (event) => {
    ScheduledJobEvent.parse(event);
    const result = await issueMonthlyInvoices(invoices, previousMonth(deps.clock.now()));
    if (deps.config.environment === 'local') metrics.clearMetrics();
    else metrics.publishStoredMetrics();
    deps.logger.info('gas invoices issued', { ...result });
    return result;
  });
