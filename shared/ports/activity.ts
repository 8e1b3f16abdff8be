/** One day's counters of a partner (ADR 0027): absent days read as zeros. */
export interface DayActivity {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly depositCount: number;
  readonly depositUsd: bigint;
  readonly withdrawalCount: number;
  readonly withdrawalUsd: bigint;
}

export interface ActivityCounters {
  /** The partner's counters for `days` (in that order) and its approval queue: one read. */
  read(
    partnerId: string,
    days: readonly string[],
  ): Promise<{ readonly days: readonly DayActivity[]; readonly pendingApprovals: number }>;
  /** Overwrites the partner's counters for these days and its approval queue (the operator's rebuild). */
  replace(partnerId: string, days: readonly DayActivity[], pendingApprovals: number): Promise<void>;
}
