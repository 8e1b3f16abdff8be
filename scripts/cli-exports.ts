/**
 * `npm run cli -- exports run --month YYYY-MM [--partner CODE]`: the monthly finance export on demand
 * (docs/finance.md), the same use-case as the scheduled exportFinanceMonth.
 */
export const EXPORTS_USAGE = `
  exports run --month YYYY-MM [--partner CODE]
                                    write the month's finance export (statements, manifest; the platform
                                    folder when no --partner) and email the finance contacts once`;

export async function runExportsCommand(
  area: string,
  verb: string | undefined,
  values: { month?: string | undefined; partner?: string | undefined },
): Promise<boolean> {
  if (area !== 'exports' || verb !== 'run') return false;
  if (!values.month) throw new Error('exports run needs --month YYYY-MM');
  const { getDeps } = await import('../shared/composition/gateway');
  const { documentStore } = await import('../shared/composition/documents');
  const { financeExportDeps } = await import('../shared/composition/finance');
  const { runFinanceExport } = await import('../shared/app/finance/export-finance-month');
  const deps = getDeps();
  const result = await runFinanceExport(financeExportDeps(deps, { documents: documentStore(deps.config) }), {
    month: values.month,
    platformCode: deps.config.invoices.platformCode,
    ...(values.partner ? { partnerCode: values.partner } : {}),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (result.failed > 0 || result.partners.some((p) => p.reconciled === false)) process.exitCode = 1;
  return true;
}
