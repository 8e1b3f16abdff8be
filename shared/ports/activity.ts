/** One day's counters of a partner (ADR 0027): absent days read as zeros. */
export interface DayActivity {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly depositCount: number;
  readonly depositUsd: bigint;
  readonly withdrawalCount: number;
  readonly withdrawalUsd: bigint;
  /** What the partner earned that day (fee shares of deposits credited below it), per asset (ADR 0032). */
  readonly earned?: ReadonlyMap<string, bigint>;
}

/** A partner's direct sub-partners, counted as they are created and change status (ADR 0032). */
export interface SubPartnerCounts {
  readonly total: number;
  readonly active: number;
  readonly suspended: number;
  readonly merchants: number;
  readonly distributors: number;
}

export interface ActivityCounters {
  /** The partner's counters for `days` (in that order) and its approval queue: one read. */
  read(
    partnerId: string,
    days: readonly string[],
  ): Promise<{
    readonly days: readonly DayActivity[];
    readonly pendingApprovals: number;
    /** Withdrawals held and not yet CONFIRMED (nor rejected, cancelled, failed). */
    readonly withdrawalsInProgress: number;
    readonly subPartners: SubPartnerCounts;
  }>;
  /** Overwrites the partner's counters for these days, its approval queue and withdrawals in progress (the operator's rebuild). */
  replace(
    partnerId: string,
    days: readonly DayActivity[],
    pendingApprovals: number,
    withdrawalsInProgress: number,
  ): Promise<void>;
  /** Overwrites the partner's sub-partner counts (the operator's rebuild). */
  replaceSubPartnerCounts?(partnerId: string, counts: SubPartnerCounts): Promise<void>;
}
