import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import { functionSpec } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';

/**
 * Runs catalog functions in this process the way Lambda would: the same module, the `handler` export,
 * an event and a context with a request id and a deadline.
 */
type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();

async function load(spec: FunctionSpec): Promise<Handler> {
  // Where the workflows stack gives a function the state machine's ARN (its workflow grants), the local
  // runtime gives it the local state machine runner.
  if (spec.grants.some((g) => g === 'workflow:start' || g === 'workflow:resume'))
    (await import('./local-withdrawal-runner')).useLocalWithdrawalRunner();
  const mod = (await import(resolve(process.cwd(), spec.entry))) as { handler?: Handler };
  if (typeof mod.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
  return mod.handler;
}

export function lambdaContext(spec: FunctionSpec): Context {
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${spec.name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Runs at most `limit` calls at once; the rest wait their turn in arrival order. One per function: on
 * AWS every invocation has an execution environment of its own, while here they share one process and
 * one DynamoDB Local, so a burst of 200 requests all started at once would each get 1/200 of the
 * machine and all overrun their Lambda timeout together (a withdrawal held, its request answered 502).
 * Admitted in turn, each runs about as fast as alone, and its deadline starts when it starts, as a
 * Lambda's does.
 */
export function concurrencyGate(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running < limit) running += 1;
    else await new Promise<void>((admit) => waiting.push(admit));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** Invocations of one function running at once in this process (LOCAL_FUNCTION_CONCURRENCY, default 16). */
const FUNCTION_CONCURRENCY = Math.max(1, Number(process.env['LOCAL_FUNCTION_CONCURRENCY'] ?? 16) || 16);
const gates = new Map<string, ReturnType<typeof concurrencyGate>>();

export async function invokeFunction(name: string, event: unknown): Promise<unknown> {
  const spec = functionSpec(name);
  let handler = loaded.get(name);
  if (!handler) {
    handler = load(spec);
    loaded.set(name, handler);
  }
  let gate = gates.get(name);
  if (!gate) {
    gate = concurrencyGate(FUNCTION_CONCURRENCY);
    gates.set(name, gate);
  }
  const ready = await handler;
  return gate(() => ready(event, lambdaContext(spec)));
}
