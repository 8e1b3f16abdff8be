import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { republishUnpublished } from '../../shared/app/outbox/relay-outbox';
import type { RepublishReport } from '../../shared/app/outbox/relay-outbox';
import { getOutboxRelayDeps } from '../../shared/composition/outbox';

const deps = getOutboxRelayDeps();

/**
 * Scheduled every 5 minutes: outbox events still unpublished 5 minutes after they were recorded (the
 * stream consumer failed or its records expired) are relayed again. Fails the invocation when any
 * event could not be published, so the function's error alarm shows a webhook-queue outage.
 */
export const handler = middy<unknown, RepublishReport, Error, Context>()
  .use(injectLambdaContext(deps.logger, { resetKeys: true }))
  .handler(async (event) => {
    ScheduledJobEvent.parse(event);
    const report = await republishUnpublished(deps);
    if (report.republished > 0)
      deps.logger.warn('republished outbox events the stream had not delivered', {
        republished: report.republished,
      });
    if (report.failed > 0) {
      deps.logger.error('outbox events could not be published', {
        failed: report.failed,
        failures: report.failures.slice(0, 10),
      });
      throw new Error(`${report.failed} outbox events could not be published`);
    }
    return report;
  });
