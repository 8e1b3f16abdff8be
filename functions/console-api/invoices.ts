import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import {
  ConsoleInvoicePayBody,
  InvoiceNumberParams,
  InvoicePayParams,
  InvoicesQuery,
  invoicePathNumber,
} from '../../shared/api/invoice-api-schemas';
import { requireOtp } from '../../shared/app/accounts/require-otp';
import { payInvoiceFromBalance } from '../../shared/app/invoices/gas-invoices';
import { getInvoice, invoiceOrDocument, listInvoices } from '../../shared/app/invoices/invoice-views';
import { getCoreDeps } from '../../shared/composition/core';
import { gasInvoiceDeps } from '../../shared/composition/gas-invoices';
import { withLedger } from '../../shared/composition/ledger';
import { getOtpGuardDeps } from '../../shared/composition/otp-guard';
import { withPartnerAuth } from '../../shared/composition/partner-auth';

let wired: ReturnType<typeof gasInvoiceDeps> | undefined;
const deps = () => (wired ??= gasInvoiceDeps(withLedger(withPartnerAuth(getCoreDeps()))));

/** Gas → Invoices: the same use-cases as /v1/invoices, scoped to the session's partner; paying needs a fresh OTP. */
export const routes: ConsoleRoutes = {
  'GET /console/invoices': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, query }) => ({
      statusCode: 200,
      body: await listInvoices(deps(), principal.partnerId, InvoicesQuery.parse(query)),
    }),
  },
  'GET /console/invoices/{number}': {
    auth: 'console',
    permission: 'finance:read',
    handle: async ({ principal, params }) => {
      const { number } = InvoiceNumberParams.parse(params);
      const out = await invoiceOrDocument(deps(), principal.partnerId, invoicePathNumber(number));
      if ('redirect' in out)
        return { statusCode: 302, headers: { location: out.redirect.url }, body: out.redirect };
      return { statusCode: 200, body: out };
    },
  },
  'POST /console/invoices/{number}/pay': {
    auth: 'console',
    permission: 'finance:manage',
    handle: async (req) => {
      const { number } = InvoicePayParams.parse(req.params);
      const { asset, otp } = ConsoleInvoicePayBody.parse(req.body);
      await requireOtp(getOtpGuardDeps(), req.principal, otp, 'invoice.pay', { meta: req.meta });
      await payInvoiceFromBalance(
        deps(),
        { type: 'USER', id: req.principal.userId },
        req.principal.partnerId,
        number,
        asset,
      );
      return {
        statusCode: 200,
        body: { invoice: await getInvoice(deps(), req.principal.partnerId, number) },
      };
    },
  },
};

export const handler = consoleApiHandler(getCoreDeps, routes);
