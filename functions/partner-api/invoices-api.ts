import { idempotencyKeyOf, replayHeaders } from '../../shared/adapters/lambda/idempotency-header';
import { jsonBody, partnerApiHandler, routeTable } from '../../shared/adapters/lambda/partner-api-handler';
import {
  InvoiceNumberParams,
  InvoicePayBody,
  InvoicePayParams,
  InvoicesQuery,
  invoicePathNumber,
} from '../../shared/api/invoice-api-schemas';
import { payInvoiceWithKey } from '../../shared/app/invoices/gas-invoices';
import { getInvoice, invoiceOrDocument, listInvoices } from '../../shared/app/invoices/invoice-views';
import { getCoreDeps } from '../../shared/composition/core';
import { gasInvoiceDeps } from '../../shared/composition/gas-invoices';
import { withLedger } from '../../shared/composition/ledger';
import { getPartnerApiDeps, withPartnerAuth } from '../../shared/composition/partner-auth';

let wired: ReturnType<typeof gasInvoiceDeps> | undefined;
const deps = () => (wired ??= gasInvoiceDeps(withLedger(withPartnerAuth(getCoreDeps()))));

/** Gas invoices of the calling partner (ADR 0033): list, one (or its PDF/CSV), pay from a balance. */
export const handler = partnerApiHandler(
  getPartnerApiDeps,
  routeTable({
    'GET /v1/invoices': async ({ event, principal }) => ({
      statusCode: 200,
      body: await listInvoices(
        deps(),
        principal.partnerId,
        InvoicesQuery.parse(event.queryStringParameters ?? {}),
      ),
    }),
    'GET /v1/invoices/{number}': async ({ event, principal }) => {
      const { number } = InvoiceNumberParams.parse(event.pathParameters ?? {});
      const out = await invoiceOrDocument(deps(), principal.partnerId, invoicePathNumber(number));
      if ('redirect' in out)
        return { statusCode: 302, headers: { location: out.redirect.url }, body: out.redirect };
      return { statusCode: 200, body: out };
    },
    'POST /v1/invoices/{number}/pay': async ({ event, principal }) => {
      const { number } = InvoicePayParams.parse(event.pathParameters ?? {});
      const { asset } = InvoicePayBody.parse(jsonBody(event));
      const { replayed } = await payInvoiceWithKey(
        deps(),
        { type: 'API_KEY', id: principal.apiKeyId },
        principal.partnerId,
        number,
        asset,
        idempotencyKeyOf(event),
      );
      return {
        statusCode: 200,
        body: { invoice: await getInvoice(deps(), principal.partnerId, number) },
        ...replayHeaders(replayed),
      };
    },
  }),
);
