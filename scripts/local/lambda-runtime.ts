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

export async function invokeFunction(name: string, event: unknown): Promise<unknown> {
  const spec = functionSpec(name);
  let handler = loaded.get(name);
  if (!handler) {
    handler = load(spec);
    loaded.set(name, handler);
  }
  return (await handler)(event, lambdaContext(spec));
}
