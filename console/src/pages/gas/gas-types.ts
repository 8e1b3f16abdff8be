/** What /console/gas-records and /console/invoices answer (shared/api/gas-api-schemas.ts, invoice-api-schemas.ts). */
export interface GasRecordRow {
  network: string;
  type: string;
  txHash: string;
  explorerUrl: string;
  reference: string | null;
  nativeAmount: string;
  nativeSymbol: string;
  usdValue: string | null;
  priceStale: boolean;
  at: string;
}

export interface GasRecordsPage {
  from: string;
  to: string;
  records: GasRecordRow[];
  nextCursor?: string;
  totals: {
    network: string;
    nativeSymbol: string;
    count: number;
    nativeAmount: string;
    usdValue: string;
    withoutPrice: number;
  }[];
}

export type InvoiceStatus = 'DRAFT' | 'ISSUED' | 'PAID' | 'VOID';

export interface InvoiceRow {
  number: string;
  kind: 'INVOICE' | 'CREDIT_NOTE';
  creditFor: string | null;
  status: InvoiceStatus;
  month: string;
  periodFrom: string;
  periodTo: string;
  lines: {
    network: string;
    nativeSymbol: string;
    transactions: number;
    nativeAmount: string;
    usdTotal: string;
    withoutPrice: number;
    stalePrice: number;
  }[];
  totalUsd: string;
  recordCount: number;
  issuedAt: string | null;
  paidAt: string | null;
  voidReason: string | null;
  creditReason: string | null;
  payment: { method: string; asset: string | null; amount: string | null; reference: string | null } | null;
  documentsAvailable: boolean;
}

export interface InvoiceDetail extends InvoiceRow {
  creditNotes: InvoiceRow[];
  creditedUsd: string;
  dueUsd: string;
}
