/** Operator CLI: monthly gas invoices (ADR 0033). */
export const INVOICES_USAGE = `
  invoices issue --month YYYY-MM [--partner CODE]   issue a month's gas invoices now (idempotent; the
                                    schedule does the previous month at 01:00 UTC on the 1st)
  invoices list --partner CODE [--limit 20]
  invoices void NUMBER --reason TEXT               a DRAFT or ISSUED invoice
  invoices credit NUMBER --amount USD --reason TEXT   a credit note on an ISSUED or PAID invoice
  invoices mark-paid NUMBER --reference TEXT       paid outside the gateway (bank transfer)
  invoices publish NUMBER                         write its PDF and CSV again in its current status
                                    (after a partner paid it in the console or the API)`;

export interface InvoiceCliValues {
  readonly month?: string | undefined;
  readonly partner?: string | undefined;
  readonly limit?: string | undefined;
  readonly reason?: string | undefined;
  readonly amount?: string | undefined;
  readonly reference?: string | undefined;
}

/** Runs an `invoices …` command; false when it is not one. */
export async function runInvoiceCommand(
  area: string,
  verb: string | undefined,
  number: string | undefined,
  values: InvoiceCliValues,
  operator: string,
): Promise<boolean> {
  if (area !== 'invoices') return false;
  const { getDeps } = await import('../shared/composition/gateway');
  const { gasInvoiceDeps } = await import('../shared/composition/gas-invoices');
  const app = await import('../shared/app/invoices/gas-invoices');
  const views = await import('../shared/app/invoices/invoice-views');
  const base = getDeps();
  const { invoiceDocumentPublisher } = await import('../shared/composition/invoice-documents');
  const deps = gasInvoiceDeps(base, {
    publisher: invoiceDocumentPublisher(base),
    monitor: {
      partnerFailed: (partnerId, month, e) =>
        process.stderr.write(`could not invoice ${partnerId} for ${month}: ${(e as Error).message}\n`),
      lateRecords: (partnerId, month, n, late) =>
        process.stderr.write(`${partnerId} ${month}: ${late} record(s) after ${n} was issued\n`),
    },
  });
  const actor = { type: 'OPERATOR' as const, id: operator };
  const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const need = (v: string | undefined, what: string): string => {
    if (!v) throw new Error(`${what} is required`);
    return v;
  };
  switch (verb) {
    case 'issue':
      print(
        await app.issueMonthlyInvoices(deps, need(values.month, '--month'), { partnerCode: values.partner }),
      );
      return true;
    case 'list': {
      const partner = await base.partners.getByCode(need(values.partner, '--partner'));
      if (!partner) throw new Error(`Partner ${values.partner} not found`);
      print(await views.listInvoices(deps, partner.id, { limit: Number(values.limit ?? 20) }));
      return true;
    }
    case 'void':
      print(views.invoiceView(await app.voidInvoice(deps, actor, need(number, 'NUMBER'), values.reason)));
      return true;
    case 'credit':
      print(
        views.invoiceView(
          await app.creditInvoice(deps, actor, need(number, 'NUMBER'), values.amount, values.reason),
        ),
      );
      return true;
    case 'publish': {
      const out = await app.publishInvoiceDocuments(deps, need(number, 'NUMBER'));
      print({ number: out.invoice.number, status: out.invoice.status, ...out.documents });
      return true;
    }
    case 'mark-paid':
      print(
        views.invoiceView(await app.markInvoicePaid(deps, actor, need(number, 'NUMBER'), values.reference)),
      );
      return true;
    default:
      return false;
  }
}
