import { DynamoGasRecordStore } from '../adapters/dynamodb/gas-record-store';
import { PdfkitGasInvoiceRenderer } from '../adapters/pdf/gas-invoice-pdf';
import { nanumGothic } from '../adapters/pdf/nanum-gothic-font';
import { InvoiceDocumentFiles } from '../app/invoices/invoice-document-files';
import type { AppConfig } from '../config/config';
import type { NativeCoins } from '../domain/invoices/invoice-documents';
import type { CoreDeps } from './core';
import { documentStore } from './documents';

/** Native coin symbol and decimals of every configured network, as the documents print them. */
export function nativeCoins(config: AppConfig): NativeCoins {
  return Object.fromEntries(
    Object.values(config.networks).map((n) => [
      n.code,
      { nativeSymbol: n.nativeSymbol, nativeDecimals: n.nativeDecimals },
    ]),
  );
}

/**
 * The invoice document publisher (the issuing job's `InvoiceDocumentPublisher`): gas records from the
 * table, pdfkit with Nanum Gothic, the documents bucket. pdfkit and fontkit are ~0.9 MB of bundle: only
 * functions that render import this module (docs/adr/0034-finance-documents.md).
 */
export function invoiceDocumentPublisher(
  core: Pick<CoreDeps, 'config' | 'db' | 'clock'>,
): InvoiceDocumentFiles {
  const { config, db, clock } = core;
  const coins = nativeCoins(config);
  return new InvoiceDocumentFiles({
    gasRecords: new DynamoGasRecordStore(db, config.tableName),
    documents: documentStore(config, () => clock.now()),
    pdf: new PdfkitGasInvoiceRenderer(() => nanumGothic(config.documents.fontDir), coins),
    coins,
    clock,
  });
}
