import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { isTaskName, runWithdrawalTask } from '../../shared/app/withdrawals/withdrawal-lifecycle';
import type { TaskOutput } from '../../shared/app/withdrawals/withdrawal-lifecycle';
import { getWithdrawalWiring } from '../../shared/composition/withdrawals';

const wiring = getWithdrawalWiring();
const { logger } = wiring.depositDeps.base;

/**
 * One Lambda for every task state of the withdrawal state machine: the state's Parameters name the
 * task (`begin`, `prepare`, `broadcast`, …). Errors propagate so the definition's Retry and Catch apply.
 */
export const handler = middy<Record<string, unknown>, TaskOutput, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    if (
      !isTaskName(event['task']) ||
      typeof event['partnerId'] !== 'string' ||
      typeof event['code'] !== 'string'
    ) {
      throw new Error('Invalid withdrawal task input');
    }
    logger.appendKeys({ withdrawal: event['code'], task: event['task'] });
    const out = await runWithdrawalTask(wiring.deps, {
      task: event['task'],
      partnerId: event['partnerId'],
      code: event['code'],
      ...(typeof event['taskToken'] === 'string' ? { taskToken: event['taskToken'] } : {}),
      ...(typeof event['approvalTimeoutSeconds'] === 'number'
        ? { approvalTimeoutSeconds: event['approvalTimeoutSeconds'] }
        : {}),
      ...(event['error'] && typeof event['error'] === 'object'
        ? { error: event['error'] as { Error?: string; Cause?: string } }
        : {}),
    });
    logger.info('withdrawal task done', { route: out.route, status: out.status });
    return out;
  });
