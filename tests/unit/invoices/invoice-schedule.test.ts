import { nextMonthlyRun, SCHEDULES } from '../../../shared/schedules/schedule-table';
import { functionSpec } from '../../../functions/catalog';

describe('the gas invoice schedule', () => {
  it('runs issueGasInvoices at 01:00 UTC on the 1st, from the one schedule table', () => {
    const row = SCHEDULES.find((s) => s.id === 'issue-gas-invoices');
    expect(row).toMatchObject({ functionName: 'issueGasInvoices', monthly: { day: 1, hourUtc: 1 } });
    expect(functionSpec('issueGasInvoices')).toMatchObject({
      kind: 'scheduled',
      entry: 'functions/schedules/issue-gas-invoices.ts',
    });
  });

  it('is next due on the coming 1st at 01:00 UTC (the same day before 01:00, across a year end)', () => {
    const monthly = { day: 1, hourUtc: 1 };
    expect(nextMonthlyRun(new Date('2026-12-08T02:00:00Z'), monthly).toISOString()).toBe(
      '2027-01-01T01:00:00.000Z',
    );
    expect(nextMonthlyRun(new Date('2027-02-01T00:59:59Z'), monthly).toISOString()).toBe(
      '2027-02-01T01:00:00.000Z',
    );
    expect(nextMonthlyRun(new Date('2027-02-01T01:00:00Z'), monthly).toISOString()).toBe(
      '2027-03-01T01:00:00.000Z',
    );
  });
});
