import {
  InvoiceNumberParams,
  InvoicePayBody,
  InvoicePayParams,
  InvoiceResponse,
  InvoicesQuery,
  InvoicesResponse,
} from './invoice-api-schemas';
import type { RouteDoc } from './openapi';

const EXAMPLE_INVOICE = {
  number: 'GAS-000042',
  kind: 'INVOICE' as const,
  creditFor: null,
  status: 'ISSUED' as const,
  month: '2026-11',
  periodFrom: '2026-11-01',
  periodTo: '2026-11-30',
  issuer: { code: 'PLATFORM', name: 'Gateway Operator' },
  recipient: { code: 'SHOP', name: '데모 상점' },
  lines: [
    {
      network: 'BSC' as const,
      nativeSymbol: 'BNB',
      transactions: 42,
      nativeAmount: '0.002151828',
      usdTotal: '1.291096',
      withoutPrice: 0,
      stalePrice: 1,
    },
  ],
  totalUsd: '1.291096',
  recordCount: 42,
  createdAt: '2026-12-01T01:00:02.000Z',
  issuedAt: '2026-12-01T01:00:03.000Z',
  paidAt: null,
  voidedAt: null,
  voidReason: null,
  creditReason: null,
  payment: null,
  documentsAvailable: true,
};
const EXAMPLE_DETAIL = { ...EXAMPLE_INVOICE, creditNotes: [], creditedUsd: '0', dueUsd: '1.291096' };

/** Documentation of the gas invoice routes, merged into ROUTE_DOCS in openapi.ts. */
export const INVOICE_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /v1/invoices': {
    operationId: 'listInvoices',
    summary: 'List your gas invoices',
    description:
      'Your monthly gas invoices and credit notes, newest number first: one invoice per month with gas records, ' +
      'issued on the 1st for the previous month (per-network lines, USD total at the price each record stored). ' +
      'Filter by `status` and `year`. An issued invoice never changes; a correction is a credit note (`kind: ' +
      'CREDIT_NOTE`, `creditFor`).',
    tag: 'Gas',
    query: InvoicesQuery,
    response: InvoicesResponse,
    responseExample: { items: [EXAMPLE_INVOICE] },
  },
  'GET /v1/invoices/{number}': {
    operationId: 'getInvoice',
    summary: 'Get one gas invoice (or its PDF / CSV)',
    description:
      'The invoice with its per-network lines, the credit notes that name it, what is left to pay (`dueUsd`) and ' +
      'whether its documents are available. `GET /v1/invoices/{number}.pdf` or `.csv` answers 302 to a short-lived ' +
      'download link of the document (404 when there is none). The month’s individual transactions are ' +
      '`GET /v1/gas-records?month=`.',
    tag: 'Gas',
    params: InvoiceNumberParams,
    response: InvoiceResponse,
    responseExample: { invoice: EXAMPLE_DETAIL },
  },
  'POST /v1/invoices/{number}/pay': {
    operationId: 'payInvoice',
    summary: 'Pay a gas invoice from your balance',
    description:
      'Settles an ISSUED invoice from your available balance of a USD stablecoin (USDT or USDC on any network, 1 token ' +
      '= 1 USD): the amount due (total less credit notes) is moved by the ledger entry `invoice:{number}` to the ' +
      'platform’s gas revenue, in the same write that marks the invoice PAID. A balance that does not cover it is ' +
      '409 INSUFFICIENT_BALANCE and nothing is written; an invoice not ISSUED is 409 ILLEGAL_TRANSITION. Requires an ' +
      '`Idempotency-Key` header: a retry with the same key answers the same invoice.',
    tag: 'Gas',
    params: InvoicePayParams,
    requestBody: InvoicePayBody,
    response: InvoiceResponse,
    responseExample: {
      invoice: {
        ...EXAMPLE_DETAIL,
        status: 'PAID' as const,
        paidAt: '2026-12-02T09:00:00.000Z',
        payment: { method: 'BALANCE' as const, asset: 'USDT@TRON', amount: '1.291096', reference: null },
        dueUsd: '0',
      },
    },
    extraErrorStatuses: [409],
    idempotencyKey: 'required',
  },
};
