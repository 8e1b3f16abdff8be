import { writeFileSync } from 'node:fs';
import { PdfkitGasInvoiceRenderer } from '../../shared/adapters/pdf/gas-invoice-pdf';
import { nanumGothic } from '../../shared/adapters/pdf/nanum-gothic-font';
import type { GasInvoice } from '../../shared/domain/invoices/gas-invoice';

/**
 * Bundled like a Lambda function by tests/unit/invoices/render-bundle.test.ts and run by plain Node:
 * renders a small invoice with the fonts from `fontDir` and writes the PDF to `out`.
 */
export async function renderTo(fontDir: string, out: string): Promise<void> {
  const invoice: GasInvoice = {
    number: 'GAS-000777',
    kind: 'INVOICE',
    issuer: { partnerId: '_platform', code: 'GATEWAY', name: 'Gateway' },
    recipient: { partnerId: 'p-1', code: 'BUSAN', name: '부산결제' },
    month: '2026-11',
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    lines: [],
    totalUsdMicros: 0n,
    recordCount: 0,
    status: 'DRAFT',
    createdAt: '2026-12-01T00:00:00.000Z',
  };
  const renderer = new PdfkitGasInvoiceRenderer(() => nanumGothic(fontDir), {});
  writeFileSync(out, await renderer.render(invoice, []));
}
