/**
 * Every scheduled job, in one table: the CDK schedules stack turns each row into an EventBridge rule
 * and the local scheduler runs the same rows on the same cadence. Add a row here, never a rule by hand.
 */
export interface ScheduleEntry {
  /** Stable id: rule name suffix on AWS, job name locally. */
  readonly id: string;
  readonly description: string;
  /** Function in the catalog (functions/catalog.ts) that the schedule invokes. */
  readonly functionName: string;
  /**
   * Cadence in minutes (EventBridge `rate(n minutes)`). For a `monthly` row: how long a run that could
   * not start may still start late (the rule's maximum event age).
   */
  readonly everyMinutes: number;
  /** Instead of the rate: once a month, on this day at this hour (UTC), EventBridge `cron(0 h d * ? *)`. */
  readonly monthly?: { readonly day: number; readonly hourUtc: number };
  /** Constant input passed as the event detail. */
  readonly input: Readonly<Record<string, string | number | boolean>>;
}

export const SCHEDULES: readonly ScheduleEntry[] = [
  {
    id: 'republish-outbox',
    description:
      'Outbox events the table stream has not delivered within 5 minutes go to the webhook publisher again',
    functionName: 'republishOutbox',
    everyMinutes: 5,
    input: {},
  },
  {
    id: 'resume-withdrawals',
    description:
      'Unfinished withdrawals untouched for 10 minutes get a live execution (crash, lost execution, local restart)',
    functionName: 'resumeWithdrawals',
    everyMinutes: 5,
    input: {},
  },
  {
    id: 'reconcile-ledger',
    description: 'Per asset: liabilities equal custody, every account sums to zero, custody equals the chain',
    functionName: 'reconcileLedger',
    everyMinutes: 15,
    input: {},
  },
  {
    id: 'chain-heads-bsc',
    description: 'Record the BSC head and finalized block so poller lag can be measured and alarmed',
    functionName: 'chainHeads',
    everyMinutes: 1,
    input: { network: 'BSC' },
  },
  {
    id: 'chain-heads-polygon',
    description: 'Record the Polygon head and finalized block so poller lag can be measured and alarmed',
    functionName: 'chainHeads',
    everyMinutes: 1,
    input: { network: 'POLYGON' },
  },
  {
    id: 'chain-heads-tron',
    description: 'Record the TRON head and solidified block so poller lag can be measured and alarmed',
    functionName: 'chainHeads',
    everyMinutes: 1,
    input: { network: 'TRON' },
  },
  {
    id: 'poll-deposits-bsc',
    description:
      'Follow the BSC head (one invocation per minute, rounds every block) and detect token deposits',
    functionName: 'pollDeposits',
    everyMinutes: 1,
    input: { network: 'BSC' },
  },
  {
    id: 'poll-deposits-polygon',
    description:
      'Follow the Polygon head (one invocation per minute, rounds every block) and detect token deposits',
    functionName: 'pollDeposits',
    everyMinutes: 1,
    input: { network: 'POLYGON' },
  },
  {
    id: 'poll-deposits-tron',
    description:
      'Follow the TRON head (one invocation per minute, rounds every block) and detect USDT deposits',
    functionName: 'pollDeposits',
    everyMinutes: 1,
    input: { network: 'TRON' },
  },
  {
    id: 'sweep-deposits-bsc',
    description:
      'Sweep credited BSC deposits from HOT/POOL addresses to MASTER (gasless), then check the gas tank',
    functionName: 'sweepDeposits',
    everyMinutes: 5,
    input: { network: 'BSC' },
  },
  {
    id: 'sweep-deposits-polygon',
    description:
      'Sweep credited Polygon deposits from HOT/POOL addresses to MASTER (gasless), then check the gas tank',
    functionName: 'sweepDeposits',
    everyMinutes: 5,
    input: { network: 'POLYGON' },
  },
  {
    id: 'sweep-deposits-tron',
    description:
      'Sweep credited TRON deposits to MASTER: activate the address, give it energy (delegation, rental or burn), send',
    functionName: 'sweepDeposits',
    everyMinutes: 5,
    input: { network: 'TRON' },
  },
  {
    id: 'refresh-coin-prices',
    description:
      'Keep the USD price of BNB, POL and TRX from the price feed, for the USD value of gas records',
    functionName: 'refreshCoinPrices',
    everyMinutes: 5,
    input: {},
  },
  {
    id: 'issue-gas-invoices',
    description:
      "01:00 UTC on the 1st: every partner's gas invoice for the previous month (idempotent per partner and month)",
    functionName: 'issueGasInvoices',
    everyMinutes: 60,
    monthly: { day: 1, hourUtc: 1 },
    input: {},
  },
  {
    id: 'export-finance-month',
    description:
      "03:00 UTC on the 1st, after the invoice job: every partner's settlement/revenue statements and manifest for the previous month, the platform export, finance contacts emailed (idempotent)",
    functionName: 'exportFinanceMonth',
    everyMinutes: 60,
    monthly: { day: 1, hourUtc: 3 },
    input: {},
  },
];

/** The next time a monthly row is due after `now` (the local scheduler's timer; EventBridge on AWS). */
export function nextMonthlyRun(now: Date, monthly: NonNullable<ScheduleEntry['monthly']>): Date {
  const at = (monthOffset: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthOffset, monthly.day, monthly.hourUtc));
  const thisMonth = at(0);
  return thisMonth.getTime() > now.getTime() ? thisMonth : at(1);
}
