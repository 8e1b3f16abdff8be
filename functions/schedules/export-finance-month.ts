import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { runFinanceExport } from '../../shared/app/finance/export-finance-month';
import type { FinanceExportResult } from '../../shared/app/finance/export-finance-month';
import { documentStore } from '../../shared/composition/documents';
import { financeExportDeps } from '../../shared/composition/finance';
import { getDeps } from '../../shared/composition/gateway';
import { previousMonth } from '../../shared/domain/finance/settlement';

const deps = getDeps();
const exports = financeExportDeps(deps, { documents: documentStore(deps.config, () => deps.clock.now()) });

/**
 * Scheduled 03:00 UTC on the 1st (after the invoice job at 01:00): the previous month's finance export of
 * every partner under the platform and the platform folder, then one email per finance contact (ADR 0035).
 * Idempotent: a re-run rewrites the same bytes and emails nobody twice. A failing partner is logged and
 * reported; the others are exported.
 */
export const handler = middy<unknown, FinanceExportResult, Error, Context>()
  .use(injectLambdaContext(deps.logger, { resetKeys: true }))
  .handler(async (event) => {
    ScheduledJobEvent.parse(event);
    const result = await runFinanceExport(exports, {
      month: previousMonth(deps.clock.now()),
      platformCode: deps.config.invoices.platformCode,
    });
    for (const p of result.partners.filter((x) => x.status === 'FAILED'))
      deps.logger.error('finance export failed for a partner', { partner: p.code, error: p.error ?? '' });
    for (const p of result.partners.filter((x) => x.reconciled === false))
      deps.logger.error('settlement statement not reconciled', { partner: p.code, month: result.month });
    deps.logger.info('finance month exported', {
      month: result.month,
      partners: result.partners.length,
      failed: result.failed,
    });
    return result;
  });
