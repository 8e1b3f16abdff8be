import { nextMonthlyRun, SCHEDULES } from '../../shared/schedules/schedule-table';
import type { ScheduleEntry } from '../../shared/schedules/schedule-table';

/**
 * Runs the schedule table locally, as EventBridge does on AWS: each row invokes its function with
 * `{ scheduleId, ...input }` every `everyMinutes`. A run still going when the next is due is skipped,
 * never overlapped. The first run happens shortly after start so the stack shows life at once.
 */
export interface LocalScheduler {
  stop(): void;
  runNow(id: string): Promise<unknown>;
}

export function startLocalScheduler(
  invoke: (functionName: string, event: unknown) => Promise<unknown>,
  options: {
    log?: (line: string) => void;
    firstRunDelayMs?: number;
    schedules?: readonly ScheduleEntry[];
    /** Rows (by id) that start only once this settles, e.g. the reconciliation after the seed's fundings are booked. */
    startAfter?: Readonly<Record<string, Promise<unknown>>>;
  } = {},
): LocalScheduler {
  const schedules = options.schedules ?? SCHEDULES;
  const log = options.log ?? (() => undefined);
  const running = new Set<string>();
  const timers: NodeJS.Timeout[] = [];

  const run = async (row: ScheduleEntry): Promise<unknown> => {
    if (running.has(row.id)) {
      log(`schedule ${row.id}: previous run still going, skipped`);
      return undefined;
    }
    running.add(row.id);
    try {
      return await invoke(row.functionName, { scheduleId: row.id, ...row.input });
    } catch (e) {
      log(`schedule ${row.id} failed: ${(e as Error).message}`);
      return undefined;
    } finally {
      running.delete(row.id);
    }
  };

  let stopped = false;
  /** A monthly row waits for its day and hour (timers cap at ~24 days: re-armed until it is due). */
  const armMonthly = (row: ScheduleEntry, monthly: NonNullable<ScheduleEntry['monthly']>) => {
    if (stopped) return;
    const due = nextMonthlyRun(new Date(), monthly).getTime();
    const wait = Math.min(due - Date.now(), 2 ** 31 - 1);
    timers.push(
      setTimeout(() => {
        if (Date.now() >= due) void run(row);
        armMonthly(row, monthly);
      }, wait),
    );
  };
  const begin = (row: ScheduleEntry) => {
    if (stopped) return;
    if (row.monthly) return armMonthly(row, row.monthly);
    timers.push(setTimeout(() => void run(row), options.firstRunDelayMs ?? 2_000));
    timers.push(setInterval(() => void run(row), row.everyMinutes * 60_000));
  };
  for (const row of schedules) {
    const gate = options.startAfter?.[row.id];
    if (gate)
      void gate.then(
        () => begin(row),
        () => begin(row),
      );
    else begin(row);
  }
  return {
    stop: () => {
      stopped = true;
      timers.forEach((t) => clearInterval(t));
    },
    runNow: (id) => {
      const row = schedules.find((s) => s.id === id);
      if (!row) throw new Error(`Unknown schedule ${id}`);
      return run(row);
    },
  };
}
