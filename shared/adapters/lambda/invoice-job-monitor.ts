import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { InvoiceJobMonitor } from '../../app/invoices/gas-invoices';

/** Published per partner the invoice job could not invoice (the observability stack may alarm on it). */
export const GAS_INVOICE_FAILED_METRIC = 'GasInvoiceFailed';
/** Published per partner whose invoiced month received records afterwards (a credit/debit decision). */
export const GAS_INVOICE_LATE_RECORDS_METRIC = 'GasInvoiceLateRecords';

/** The invoice job's alerts as an ERROR/WARN log line with the details plus a CloudWatch metric (EMF). */
export class MetricInvoiceJobMonitor implements InvoiceJobMonitor {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  partnerFailed(partnerId: string, month: string, error: unknown): void {
    this.logger.error('ALERT gas invoice failed', {
      partnerId,
      month,
      error: error instanceof Error ? error.message : String(error),
    });
    this.metrics.addMetric(GAS_INVOICE_FAILED_METRIC, MetricUnit.Count, 1);
  }

  lateRecords(partnerId: string, month: string, number: string, late: number): void {
    this.logger.warn('gas records after the month was invoiced', { partnerId, month, number, late });
    this.metrics.addMetric(GAS_INVOICE_LATE_RECORDS_METRIC, MetricUnit.Count, late);
  }
}
