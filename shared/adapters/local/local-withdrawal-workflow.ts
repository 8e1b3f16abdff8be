import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import type { WithdrawalWorkflow } from '../../ports/withdrawals';
import type { WithdrawalTimingsInput } from '../stepfunctions/sfn-withdrawal-workflow';
import { executionName } from '../stepfunctions/sfn-withdrawal-workflow';

type Json = Record<string, unknown>;

/** The withdrawal state machine definition, the one the workflows stack deploys. */
export const WITHDRAWAL_ASL_PATH = 'infra/workflows/withdrawal.asl.json';

/** The definition with its `${…}` substitutions applied (the task function's ARN). */
export function loadWithdrawalDefinition(substitutions: Readonly<Record<string, string>>): Json {
  let text = readFileSync(join(process.cwd(), WITHDRAWAL_ASL_PATH), 'utf8');
  for (const [name, value] of Object.entries(substitutions)) text = text.split(`\${${name}}`).join(value);
  return JSON.parse(text) as Json;
}
type StateMachineDefinition = ConstructorParameters<typeof StateMachine>[0];

export interface LocalWorkflowOptions {
  /** The ASL document (infra/workflows/withdrawal.asl.json) with its `${…}` substitutions applied. */
  readonly definition: Json;
  /** Runs one task state in-process: the same function the Lambda handler calls. */
  readonly runTask: (payload: Json) => Promise<unknown>;
  readonly timings: WithdrawalTimingsInput;
  /** Tests: Wait states in milliseconds instead of their seconds. */
  readonly waitMs?: number;
  /** Tests: retry intervals in milliseconds instead of the definition's backoff. */
  readonly retryIntervalMs?: number;
  readonly onExecutionError?: (name: string, e: unknown) => void;
  /**
   * Task states running at once across all executions (default 8); more wait their turn, as a task
   * function with reserved concurrency would make them. Executions share this process (and DynamoDB
   * Local) with the API: a burst of withdrawals must not have its lifecycles crowd out its requests.
   */
  readonly maxConcurrentTasks?: number;
}

const DEFAULT_MAX_CONCURRENT_TASKS = 8;

interface Execution {
  readonly name: string;
  readonly result: Promise<unknown>;
  readonly abort: () => void;
  done: boolean;
  output?: unknown;
  error?: unknown;
}

/**
 * The withdrawal state machine run in-process by aws-local-stepfunctions, from the same ASL file the
 * workflows stack deploys. Task states call the task function directly; the approval wait
 * (`lambda:invoke.waitForTaskToken`) hands the task a token of its own and waits until `resume` is
 * called with it, as SendTaskSuccess would. Executions live as long as the process: after a restart,
 * the stall sweeper starts them again (every task is idempotent and routes from the stored status).
 */
export class LocalWithdrawalWorkflow implements WithdrawalWorkflow {
  private readonly executions = new Map<string, Execution>();
  private readonly waiting = new Map<string, { resolve(output: unknown): void; reject(e: Error): void }>();
  private readonly machines = new Map<string, StateMachine>();
  private runningTasks = 0;
  private readonly queuedTasks: { run(): void; stop(e: Error): void }[] = [];

  constructor(private readonly options: LocalWorkflowOptions) {}

  async start(input: {
    readonly partnerId: string;
    readonly code: string;
    readonly restart?: string;
  }): Promise<void> {
    const name = executionName(input.partnerId, input.code, input.restart);
    const running = this.executions.get(name);
    if (running && !running.done) return;
    if (running && !input.restart) return;
    const executionInput = { partnerId: input.partnerId, code: input.code, timings: this.options.timings };
    const definition = this.definitionFor(executionInput);
    const machine = this.machineFor(definition);
    const taskStates = Object.entries(definition['States'] as Record<string, Json>).filter(
      ([, s]) => s['Type'] === 'Task',
    );
    const waitStates = Object.entries(definition['States'] as Record<string, Json>).filter(
      ([, s]) => s['Type'] === 'Wait',
    );
    const retrying = taskStates.filter(([, s]) => Array.isArray(s['Retry']));
    const run = machine.run(
      JSON.parse(JSON.stringify(executionInput)) as Parameters<StateMachine['run']>[0],
      {
        context: { Task: { Token: 'local' }, Execution: { Name: name } },
        overrides: {
          taskResourceLocalHandlers: Object.fromEntries(
            taskStates.map(([stateName, state]) => [
              stateName,
              String(state['Resource']).endsWith('.waitForTaskToken')
                ? (effective: Json) => this.waitForToken(effective, executionInput)
                : (effective: Json) => this.runTask(effective),
            ]),
          ) as Record<string, (input: unknown) => Promise<never>>,
          ...(this.options.waitMs !== undefined
            ? {
                waitTimeOverrides: Object.fromEntries(
                  waitStates.map(([n]) => [n, this.options.waitMs as number]),
                ),
              }
            : {}),
          ...(this.options.retryIntervalMs !== undefined
            ? {
                retryIntervalOverrides: Object.fromEntries(
                  retrying.map(([n]) => [n, this.options.retryIntervalMs as number]),
                ),
              }
            : {}),
        },
      },
    );
    const execution: Execution = { name, result: run.result, abort: run.abort, done: false };
    this.executions.set(name, execution);
    run.result.then(
      (output) => {
        execution.done = true;
        execution.output = output;
      },
      (e: unknown) => {
        execution.done = true;
        execution.error = e;
        this.options.onExecutionError?.(name, e);
      },
    );
  }

  async ensureRunning(input: {
    readonly partnerId: string;
    readonly code: string;
    readonly stalledSince: string;
  }): Promise<'RUNNING' | 'STARTED'> {
    const prefix = executionName(input.partnerId, input.code);
    const live = [...this.executions.values()].some((e) => !e.done && e.name.startsWith(prefix));
    if (live) return 'RUNNING';
    await this.start({
      partnerId: input.partnerId,
      code: input.code,
      restart: Date.parse(input.stalledSince).toString(36),
    });
    return 'STARTED';
  }

  async resume(taskToken: string, output: { readonly decision: string }): Promise<void> {
    const wait = this.waiting.get(taskToken);
    if (!wait) return;
    this.waiting.delete(taskToken);
    wait.resolve(output);
  }

  /** Tests and benchmarks: the execution of a withdrawal, to await its end. */
  execution(partnerId: string, code: string): Execution | undefined {
    return this.executions.get(executionName(partnerId, code));
  }

  /** Resolves when every execution started so far has ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.executions.values()].map((e) => e.result));
  }

  /** Stops every execution (the local stack on shutdown, tests on teardown). */
  stopAll(): void {
    for (const e of this.executions.values()) if (!e.done) e.abort();
    // Settle every open wait: the library's task timeout (up to the approval window) is cleared only
    // when the task's promise settles, and a pending one would keep the process alive that long.
    for (const wait of this.waiting.values()) wait.reject(new Error('execution stopped'));
    this.waiting.clear();
    for (const queued of this.queuedTasks.splice(0)) queued.stop(new Error('execution stopped'));
  }

  /** One task state, within maxConcurrentTasks: a finished task hands its slot to the next in line. */
  private async runTask(payload: Json): Promise<unknown> {
    const limit = Math.max(1, this.options.maxConcurrentTasks ?? DEFAULT_MAX_CONCURRENT_TASKS);
    if (this.runningTasks < limit) this.runningTasks += 1;
    else await new Promise<void>((run, stop) => this.queuedTasks.push({ run, stop }));
    try {
      return await this.options.runTask(payload);
    } finally {
      const next = this.queuedTasks.shift();
      if (next) next.run();
      else this.runningTasks -= 1;
    }
  }

  private async waitForToken(effective: Json, executionInput: Json): Promise<unknown> {
    const token = `local-${randomUUID()}`;
    // Some builds of aws-local-stepfunctions leave nested `key.$` paths of Parameters unresolved
    // (seen under Jest's CommonJS build): resolve any that remain against the execution input, which
    // is what the definition's paths (`$.partnerId`, `$.code`) refer to.
    const payload: Json = {};
    for (const [key, value] of Object.entries((effective['Payload'] ?? {}) as Json)) {
      if (!key.endsWith('.$') || typeof value !== 'string') payload[key] = value;
      else if (value === '$$.Task.Token') payload[key.slice(0, -2)] = token;
      else payload[key.slice(0, -2)] = resolvePath(executionInput, value);
    }
    const decided = new Promise<unknown>((resolve, reject) => this.waiting.set(token, { resolve, reject }));
    // stopAll may reject the wait while the task before it is still queued or running, before anyone
    // awaits `decided`: mark it handled so that is not an unhandled rejection (the execution is aborted).
    decided.catch(() => undefined);
    await this.runTask({ ...payload, taskToken: token });
    return decided;
  }

  /**
   * One StateMachine per distinct definition: constructing one validates the ASL (asl-validator compiles
   * its JSON schemas every time, ~0.5 s of CPU), which on the request path of every withdrawal made a
   * burst of requests queue behind each other. A machine runs any number of executions.
   */
  private machineFor(definition: Json): StateMachine {
    const key = JSON.stringify(definition);
    let machine = this.machines.get(key);
    if (!machine) {
      machine = new StateMachine(definition as unknown as StateMachineDefinition, {
        validationOptions: { checkPaths: false, checkArn: false },
      });
      this.machines.set(key, machine);
    }
    return machine;
  }

  /**
   * Step Functions reads TimeoutSecondsPath from the state's input; aws-local-stepfunctions reads it
   * from the effective input (after Parameters). The execution input is known here, so the path is
   * resolved up front into TimeoutSeconds: same definition, same timeout.
   */
  private definitionFor(input: Json): Json {
    const definition = structuredClone(this.options.definition);
    for (const state of Object.values(definition['States'] as Record<string, Json>)) {
      const path = state['TimeoutSecondsPath'];
      if (typeof path !== 'string') continue;
      const value = resolvePath(input, path);
      if (typeof value !== 'number')
        throw new Error(`TimeoutSecondsPath ${path} does not resolve to a number`);
      delete state['TimeoutSecondsPath'];
      state['TimeoutSeconds'] = value;
    }
    return definition;
  }
}

function resolvePath(input: Json, path: string): unknown {
  let value: unknown = input;
  for (const key of path.replace(/^\$\./, '').split('.')) value = (value as Json | undefined)?.[key];
  return value;
}
