import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FaultDice } from './seeded';

export interface DynamoFaultRates {
  /** Per attempt: ProvisionedThroughputExceeded / Throttling, retried by the SDK itself. */
  readonly throttle: number;
  /** Per call: a throttle that outlasts the SDK's retries and reaches the code. */
  readonly throttleExhausted: number;
  /** Per TransactWriteItems: cancelled with TransactionConflict (another transaction on an item). */
  readonly transactionConflict: number;
  /** Per write: the write is applied, then the answer is lost (a timeout after commit). */
  readonly lostAnswer: number;
}

export const DEFAULT_DYNAMO_RATES: DynamoFaultRates = {
  throttle: 0.04,
  throttleExhausted: 0.01,
  transactionConflict: 0.05,
  lostAnswer: 0.01,
};

/** Document and low-level command names alike (PutCommand, PutItemCommand, TransactWriteCommand…). */
const WRITE = /^(Put|Update|Delete|TransactWrite|BatchWrite)/;
const TRANSACT_WRITE = /^TransactWrite/;

function serviceError(name: string, status: number, message: string, extra: object = {}) {
  return Object.assign(
    new DynamoDBServiceException({
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
      message,
    }),
    extra,
  );
}

/**
 * Middleware on a DynamoDB client that fails calls by the dice, as the service does:
 * - throttling inside the SDK's retry loop (finalizeRequest, below the retry middleware), so the SDK's
 *   own back-off absorbs it, and now and then a throttle that exhausts the retries;
 * - TransactionCanceledException [TransactionConflict] on a transaction, before it is applied;
 * - a write applied and its answer lost (the caller sees a 500 and must find out what happened).
 * Conditional failures from a concurrent writer are not faked here: the campaign runs real concurrent
 * writers (duplicate invocations), so every conditional failure is a real one.
 */
export function installDynamoFaults(
  db: DynamoDBDocumentClient,
  dice: FaultDice,
  rates: Partial<DynamoFaultRates> = {},
): void {
  const r = { ...DEFAULT_DYNAMO_RATES, ...rates };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (dice.strike('dynamo-throttle-exhausted', r.throttleExhausted))
        throw serviceError('ThrottlingException', 400, 'Rate of requests exceeds the allowed throughput.');
      if (TRANSACT_WRITE.test(command) && dice.strike('dynamo-transaction-conflict', r.transactionConflict)) {
        throw serviceError(
          'TransactionCanceledException',
          400,
          'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
          {
            CancellationReasons: [
              { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
            ],
          },
        );
      }
      const out = await next(args);
      if (WRITE.test(command) && dice.strike('dynamo-lost-answer', r.lostAnswer))
        throw serviceError('RequestTimeout', 500, 'The write was applied; its answer was lost.');
      return out;
    },
    { step: 'initialize', name: 'campaignFaults', override: true },
  );
  db.middlewareStack.add(
    (next) => async (args) => {
      if (dice.strike('dynamo-throttle', r.throttle))
        throw serviceError('ThrottlingException', 400, 'Rate of requests exceeds the allowed throughput.');
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'campaignThrottle', override: true },
  );
}
