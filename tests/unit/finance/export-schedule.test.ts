import { functionSpec } from '../../../functions/catalog';
import { nextMonthlyRun, SCHEDULES } from '../../../shared/schedules/schedule-table';

describe('the finance export schedule', () => {
  it('runs exportFinanceMonth at 03:00 UTC on the 1st, from the one schedule table', () => {
    const row = SCHEDULES.find((s) => s.id === 'export-finance-month');
    expect(row).toMatchObject({ functionName: 'exportFinanceMonth', monthly: { day: 1, hourUtc: 3 } });
    expect(functionSpec('exportFinanceMonth')).toMatchObject({
      kind: 'scheduled',
      entry: 'functions/schedules/export-finance-month.ts',
    });
    // After the invoice job, when that row is there, so the invoice documents are in the folder.
    const invoices = SCHEDULES.find((s) => s.functionName === 'issueGasInvoices');
    if (invoices?.monthly) expect(invoices.monthly.hourUtc).toBeLessThan(row!.monthly!.hourUtc);
  });

  it('is next due on the coming 1st at 03:00 UTC', () => {
    expect(nextMonthlyRun(new Date('2026-12-08T02:00:00Z'), { day: 1, hourUtc: 3 }).toISOString()).toBe(
      '2027-01-01T03:00:00.000Z',
    );
  });
});
