import type { FaultDice } from './seeded';

export class CrashError extends Error {
  constructor(readonly at: string) {
    super(`process crashed before ${at}`);
    this.name = 'CrashError';
  }
}

/**
 * A process that dies at one step boundary: the ports of one task invocation share a call counter, and
 * at call number `at` (drawn by the dice) that call and every later one fail, as if nothing after that
 * point ran. Wrap every port a task uses with the same plan; re-run the task with fresh ports, as Step
 * Functions or the scheduler would.
 */
export class CrashPlan {
  private calls = 0;
  crashed: string | undefined;

  /** `at` undefined: this invocation does not crash. */
  constructor(private readonly at: number | undefined) {}

  /** Crash at a call drawn in [0, span) with chance `p` (logged as a `crash` fault). */
  static draw(dice: FaultDice, p: number, span: number): CrashPlan {
    return new CrashPlan(dice.strike('crash', p) ? dice.int(span) : undefined);
  }

  wrap<T extends object>(name: string, target: T): T {
    return new Proxy(target, {
      get: (t, prop, receiver) => {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const step = `${name}.${String(prop)}`;
          if (this.crashed === undefined && this.at !== undefined && this.calls++ === this.at)
            this.crashed = step;
          // Thrown, not rejected: the port may be synchronous; inside an async caller it becomes a rejection.
          if (this.crashed !== undefined) throw new CrashError(step);
          const result = (value as (...a: unknown[]) => unknown).apply(t, args);
          // A call the process abandons when a sibling call crashes (thrown while a Promise.all's
          // array is built) must not fail the test runner as an unhandled rejection.
          if (result instanceof Promise) result.catch(() => undefined);
          return result;
        };
      },
    });
  }

  /** A bound function (a dependency that is a function rather than an object). */
  wrapFn<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    const holder = this.wrap(name, { call: fn });
    return (...args: A) => holder.call(...args);
  }
}
