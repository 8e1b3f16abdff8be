import { createS3Client } from '../adapters/s3/s3-client';
import { S3DocumentStore } from '../adapters/s3/s3-document-store';
import type { AppConfig } from '../config/config';
import { ConfigError } from '../config/config';
import { invoiceDocumentLink } from '../app/invoices/invoice-document-files';
import type { InvoiceDocumentLinkDeps } from '../app/invoices/invoice-document-files';
import { ConflictError } from '../domain/errors';
import type { DocumentStore } from '../ports/documents';
import type { GasInvoiceReader, InvoiceDocumentLinks, InvoiceDocumentPublisher } from '../ports/gas-invoices';

/**
 * The finance document store: the S3 bucket of DOCUMENTS_BUCKET (set on functions granted
 * `documents:read`/`documents:write`), through an S3-compatible endpoint locally (S3_ENDPOINT). The SDK
 * loads on the first call, so wiring the store costs nothing at cold start.
 */
export function documentStore(config: AppConfig, now?: () => Date): DocumentStore {
  const { bucket, s3Endpoint, forcePathStyle } = config.documents;
  if (!bucket)
    throw new ConfigError(['DOCUMENTS_BUCKET: not set (does the function have a documents grant?)']);
  return new S3DocumentStore(
    () => createS3Client({ region: config.region, endpoint: s3Endpoint, forcePathStyle }),
    bucket,
    now,
  );
}

/**
 * What a download endpoint needs for `invoiceDocumentLink`: the invoice reader (the invoice store), the
 * bucket, and what publishes a missing document. This module does not render: pass
 * `invoiceDocumentPublisher(core)` (shared/composition/invoice-documents.ts, pdfkit, ~430 KB of bundle) to
 * render in the function, or a publisher that asks the issuing function (docs/adr/0034-finance-documents.md).
 */
export function invoiceDocumentLinkDeps(
  config: AppConfig,
  clock: { now(): Date },
  invoices: GasInvoiceReader,
  publisher: InvoiceDocumentPublisher,
): InvoiceDocumentLinkDeps {
  return { invoices, documents: documentStore(config, () => clock.now()), publisher };
}

/**
 * The links `GET …/invoices/{number}.pdf|.csv` answer with (302 to a 5-minute pre-signed URL). The API
 * functions do not render (pdfkit would put them over their bundle budget): the issuing job and the
 * operator CLI write the documents, so an issued invoice has them; one that has none yet (issued before
 * the documents bucket existed, or a lost file) is `409 CONFLICT` ("not written yet") until
 * `npm run cli -- invoices publish NUMBER` writes them.
 */
export function invoiceDocumentLinks(
  config: AppConfig,
  clock: { now(): Date },
  invoices: GasInvoiceReader,
): InvoiceDocumentLinks {
  const notReady: InvoiceDocumentPublisher = {
    publish: (invoice) =>
      Promise.reject(
        new ConflictError(`The documents of invoice ${invoice.number} are not written yet; try again later`, {
          reason: 'DOCUMENTS_NOT_READY',
        }),
      ),
  };
  const deps = invoiceDocumentLinkDeps(config, clock, invoices, notReady);
  return { link: (partnerId, number, format) => invoiceDocumentLink(deps, partnerId, number, format) };
}
