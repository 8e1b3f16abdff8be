import {
  ConflictError,
  isGatewayError,
  GatewayError,
  NotFoundError,
  ValidationError,
} from '../../domain/errors';
import type { GasInvoice, InvoiceParty } from '../../domain/invoices/gas-invoice';
import { MONTH_PATTERN } from '../../domain/invoices/gas-invoice';
import {
  addToAggregate,
  checkCreditNote,
  creditedMicros,
  EMPTY_AGGREGATE,
  invoiceLines,
  monthPeriod,
  nextInvoiceStatus,
  requireReason,
  usdMicrosToAsset,
} from '../../domain/invoices/invoice-rules';
import type { InvoiceAggregate } from '../../domain/invoices/invoice-rules';
import { accounts } from '../../domain/ledger/accounts';
import { findAsset } from '../../domain/ledger/asset';
import { parseAmount } from '../../domain/ledger/amount';
import { entryId } from '../../domain/ledger/entry';
import type { Partner } from '../../domain/partner/partner';
import type { AuditEntry, AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type {
  GasInvoiceStore,
  InvoiceDocumentPublisher,
  InvoiceDocumentRefs,
  InvoicePatch,
} from '../../ports/gas-invoices';
import type { GasRecordStore } from '../../ports/gas-records';
import type { LedgerStore } from '../../ports/ledger';
import type { PartnerRepository } from '../../ports/partner-store';
import { every } from '../every-page';
import { parseIdempotencyKey, requestFingerprint, runIdempotent } from '../idempotency/run-idempotent';
import type { IdempotencyDeps } from '../idempotency/run-idempotent';

/** What the issuing job and the invoice actions use. */
export interface GasInvoiceDeps {
  readonly invoices: GasInvoiceStore;
  readonly gasRecords: Pick<GasRecordStore, 'listByPartnerMonth' | 'totals'>;
  readonly partners: Pick<PartnerRepository, 'getByCode' | 'listChildren'>;
  readonly ledger: Pick<LedgerStore, 'post'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
  /** Renders and stores the PDF and CSV; without one, invoices are issued without documents. */
  readonly publisher?: InvoiceDocumentPublisher | undefined;
  /** The platform operator's partner code (the issuer, and the root of the partner tree). */
  readonly platformCode: string;
  /** The prefix of the issuer's invoice numbers (`GAS`). */
  readonly prefix: string;
  /** Told of a partner the job could not invoice, and of records that came after a month was invoiced. */
  readonly monitor?: InvoiceJobMonitor | undefined;
  /** Partners invoiced at once (each reads its month of records). */
  readonly concurrency?: number;
}

export interface InvoiceJobMonitor {
  partnerFailed(partnerId: string, month: string, error: unknown): void;
  lateRecords(partnerId: string, month: string, number: string, late: number): void;
}

export interface IssueResult {
  readonly month: string;
  readonly issued: number;
  readonly skipped: number;
  readonly alreadyIssued: number;
  readonly failed: number;
  /** Records of already invoiced months that the invoice does not count (ADR 0033). */
  readonly lateRecords: number;
}

export type InvoiceActor = AuditEntry['actor'];

const RECORD_PAGE = 1_000;

/** The partners to invoice: one by code, or the whole tree under the platform (the platform included). */
async function* partnersToInvoice(
  deps: GasInvoiceDeps,
  root: Partner,
  partnerCode?: string,
): AsyncGenerator<Partner> {
  if (partnerCode) {
    const partner = await deps.partners.getByCode(partnerCode);
    if (!partner)
      throw new ValidationError('Unknown partner', [
        { path: 'partner', message: `No partner ${partnerCode}` },
      ]);
    yield partner;
    return;
  }
  const queue: Partner[] = [root];
  while (queue.length > 0) {
    const partner = queue.shift()!;
    yield partner;
    if (partner.type !== 'MERCHANT') queue.push(...(await deps.partners.listChildren(partner.id)));
  }
}

/** The month's records of a partner, summed per network page by page (a month never sits in memory). */
async function aggregateMonth(
  deps: GasInvoiceDeps,
  partnerId: string,
  month: string,
): Promise<InvoiceAggregate> {
  let aggregate = EMPTY_AGGREGATE;
  const pages = every((c) =>
    deps.gasRecords.listByPartnerMonth(partnerId, month, { limit: RECORD_PAGE, ...c }),
  );
  let page: Parameters<typeof addToAggregate>[1][number][] = [];
  for await (const record of pages) {
    page.push(record);
    if (page.length === RECORD_PAGE) {
      aggregate = addToAggregate(aggregate, page);
      page = [];
    }
  }
  return addToAggregate(aggregate, page);
}

/** DRAFT → ISSUED with its documents (published first, so an issued invoice always has them). */
async function issueDraft(deps: GasInvoiceDeps, draft: GasInvoice): Promise<GasInvoice> {
  const at = deps.clock.now().toISOString();
  const documents = deps.publisher
    ? await deps.publisher.publish({ ...draft, status: 'ISSUED', issuedAt: at })
    : undefined;
  return deps.invoices.transition(draft, 'DRAFT', nextInvoiceStatus('DRAFT', 'ISSUE'), {
    issuedAt: at,
    ...(documents ? { documents } : {}),
  });
}

type Outcome = 'issued' | 'skipped' | 'alreadyIssued';

/** The UTC days (`YYYY-MM-DD`) of a month. */
function monthDays(month: string): string[] {
  const { periodTo } = monthPeriod(month);
  const last = Number(periodTo.slice(8, 10));
  return Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

async function invoicePartner(
  deps: GasInvoiceDeps,
  issuer: InvoiceParty,
  partner: Partner,
  month: string,
): Promise<{ outcome: Outcome; late: number }> {
  const existing = await deps.invoices.findForMonth(partner.id, month);
  if (existing?.status === 'DRAFT') {
    // A run that crashed between the draft and its issue: finish it, with the draft's own figures.
    await issueDraft(deps, existing);
    return { outcome: 'issued', late: 0 };
  }
  if (existing) {
    // Late records: the month's count from the daily totals (one read), against what the invoice counted.
    const totals = await deps.gasRecords.totals(partner.id, monthDays(month));
    const late = Math.max(0, totals.reduce((n, t) => n + t.count, 0) - existing.recordCount);
    if (late > 0) deps.monitor?.lateRecords(partner.id, month, existing.number, late);
    return { outcome: 'alreadyIssued', late };
  }
  const { lines, totalUsdMicros, recordCount } = invoiceLines(await aggregateMonth(deps, partner.id, month));
  if (recordCount === 0) return { outcome: 'skipped', late: 0 };
  const { invoice, created } = await deps.invoices.createInvoice(
    {
      kind: 'INVOICE',
      issuer,
      recipient: { partnerId: partner.id, code: partner.code, name: partner.name },
      month,
      ...monthPeriod(month),
      lines,
      totalUsdMicros,
      recordCount,
      status: 'DRAFT',
      createdAt: deps.clock.now().toISOString(),
    },
    deps.prefix,
  );
  if (!created && invoice.status !== 'DRAFT') return { outcome: 'alreadyIssued', late: 0 };
  await issueDraft(deps, invoice);
  return { outcome: 'issued', late: 0 };
}

/**
 * The monthly job (seed 000 §8.2): every partner's gas records of `month` summed per network into a
 * numbered invoice, published (PDF, CSV) and issued. Idempotent per partner and month: an issued month
 * is left as it is (records that arrived after it are reported as late), a DRAFT left by a crash is
 * finished, a partner with no records is skipped. A partner that fails is reported and the job goes on.
 */
export async function issueMonthlyInvoices(
  deps: GasInvoiceDeps,
  month: string,
  options: { readonly partnerCode?: string | undefined } = {},
): Promise<IssueResult> {
  if (!MONTH_PATTERN.test(month))
    throw new ValidationError('Invalid month', [{ path: 'month', message: 'Use YYYY-MM' }]);
  const root = await deps.partners.getByCode(deps.platformCode);
  if (!root) throw new Error(`Platform partner ${deps.platformCode} not found`);
  const issuer: InvoiceParty = { partnerId: root.id, code: root.code, name: root.name };
  const counts = { issued: 0, skipped: 0, alreadyIssued: 0, failed: 0, lateRecords: 0 };
  const running = new Set<Promise<void>>();
  const limit = Math.max(1, deps.concurrency ?? 4);
  for await (const partner of partnersToInvoice(deps, root, options.partnerCode)) {
    const task = invoicePartner(deps, issuer, partner, month).then(
      ({ outcome, late }) => {
        counts[outcome] += 1;
        counts.lateRecords += late;
      },
      (e: unknown) => {
        counts.failed += 1;
        deps.monitor?.partnerFailed(partner.id, month, e);
      },
    );
    const tracked = task.finally(() => running.delete(tracked));
    running.add(tracked);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  return { month, ...counts };
}

// ── actions on one invoice ────────────────────────────────────────────────────────────────────────

async function audited<T>(
  deps: GasInvoiceDeps,
  actor: InvoiceActor,
  action: string,
  partnerId: string | null,
  details: Record<string, string>,
  run: () => Promise<T>,
): Promise<T> {
  const at = () => deps.clock.now().toISOString();
  try {
    const out = await run();
    await deps.audit.record({ partnerId, actor, action, outcome: 'SUCCESS', at: at(), details });
    return out;
  } catch (e) {
    await deps.audit.record({
      partnerId,
      actor,
      action,
      outcome: isGatewayError(e) && e.code !== 'INTERNAL' ? 'DENIED' : 'FAILED',
      at: at(),
      reason: isGatewayError(e) ? e.code : 'ERROR',
      details,
    });
    throw e;
  }
}

/** An invoice by number: the partner's own (`partnerId` given), or any partner's (operator). */
async function invoiceOf(deps: GasInvoiceDeps, number: string, partnerId?: string): Promise<GasInvoice> {
  const invoice =
    partnerId === undefined
      ? await deps.invoices.findByNumber(number)
      : await deps.invoices.get(partnerId, number);
  if (!invoice) throw new NotFoundError(`Invoice ${number} not found`);
  return invoice;
}

/**
 * Writes an invoice's documents again in its current status (operator: after a partner paid it from
 * the console or the API, whose functions do not render; or when a document was lost).
 */
export async function publishInvoiceDocuments(
  deps: GasInvoiceDeps,
  number: string,
): Promise<{ readonly invoice: GasInvoice; readonly documents: InvoiceDocumentRefs }> {
  const invoice = await invoiceOf(deps, number);
  if (!deps.publisher) throw new Error('No document publisher wired');
  if (invoice.status === 'DRAFT')
    throw new ConflictError(`Invoice ${number} is a DRAFT: it gets documents when it is issued`);
  return { invoice, documents: await deps.publisher.publish(invoice) };
}

async function republish(deps: GasInvoiceDeps, invoice: GasInvoice): Promise<GasInvoice> {
  if (!deps.publisher || invoice.status === 'DRAFT') return invoice;
  await deps.publisher.publish(invoice);
  return invoice;
}

/** Voids a DRAFT or ISSUED invoice (reason required); a paid one is corrected by a credit note instead. */
export async function voidInvoice(
  deps: GasInvoiceDeps,
  actor: InvoiceActor,
  number: string,
  reason: string | undefined,
): Promise<GasInvoice> {
  const why = requireReason(reason);
  const invoice = await invoiceOf(deps, number);
  // A credit note is final (the invoice's credited sum counts it); a wrong one is offset by correcting
  // the invoice, not by voiding the note.
  if (invoice.kind !== 'INVOICE')
    throw new ValidationError('A credit note cannot be voided', [
      { path: 'number', message: 'Not an invoice' },
    ]);
  return audited(
    deps,
    actor,
    'invoice.void',
    invoice.recipient.partnerId,
    { number, reason: why },
    async () => {
      const to = nextInvoiceStatus(invoice.status, 'VOID');
      const voided = await deps.invoices.transition(invoice, invoice.status, to, {
        voidedAt: deps.clock.now().toISOString(),
        voidReason: why,
      });
      return republish(deps, voided);
    },
  );
}

/** Marks an ISSUED invoice paid outside the gateway (a bank transfer), with its reference. */
export async function markInvoicePaid(
  deps: GasInvoiceDeps,
  actor: InvoiceActor,
  number: string,
  reference: string | undefined,
): Promise<GasInvoice> {
  const ref = requireReason(reference, 'reference');
  const invoice = await invoiceOf(deps, number);
  if (invoice.kind !== 'INVOICE')
    throw new ValidationError('A credit note is not paid', [{ path: 'number', message: 'Not an invoice' }]);
  return audited(
    deps,
    actor,
    'invoice.mark-paid',
    invoice.recipient.partnerId,
    { number, reference: ref },
    async () => {
      const paid = await deps.invoices.transition(
        invoice,
        'ISSUED',
        nextInvoiceStatus(invoice.status, 'PAY'),
        {
          paidAt: deps.clock.now().toISOString(),
          payment: { method: 'EXTERNAL', reference: ref },
        },
      );
      return republish(deps, paid);
    },
  );
}

/**
 * A credit note on an ISSUED or PAID invoice: its own number in the same sequence, a USD amount > 0
 * and ≤ what is left after earlier credit notes, a reason. The invoice itself never changes.
 */
export async function creditInvoice(
  deps: GasInvoiceDeps,
  actor: InvoiceActor,
  number: string,
  amountUsd: string | undefined,
  reason: string | undefined,
): Promise<GasInvoice> {
  const amount = parseAmount(amountUsd, 6, { field: 'amount' });
  const invoice = await invoiceOf(deps, number);
  const partnerId = invoice.recipient.partnerId;
  return audited(deps, actor, 'invoice.credit', partnerId, { number, amount: amountUsd ?? '' }, async () => {
    const earlier = await deps.invoices.creditNotesFor(partnerId, number);
    const checked = checkCreditNote(invoice, earlier, amount, reason);
    const note = await deps.invoices.createCreditNote(
      invoice,
      {
        kind: 'CREDIT_NOTE',
        creditFor: invoice.number,
        creditReason: checked.reason,
        issuer: invoice.issuer,
        recipient: invoice.recipient,
        month: invoice.month,
        periodFrom: invoice.periodFrom,
        periodTo: invoice.periodTo,
        lines: [],
        totalUsdMicros: checked.amountUsdMicros,
        recordCount: 0,
        status: 'ISSUED',
        createdAt: deps.clock.now().toISOString(),
        issuedAt: deps.clock.now().toISOString(),
      },
      deps.prefix,
      creditedMicros(invoice, earlier),
    );
    if (!deps.publisher) return note;
    const documents = await deps.publisher.publish(note);
    // Recorded on the note like an issued invoice's documents (the note is ISSUED from its creation).
    return { ...note, documents };
  });
}

/**
 * Settles an ISSUED invoice from the partner's balance of a USD stablecoin (USDT or USDC, any
 * network): ledger entry `invoice:<number>` debits `partner:<pid>:available/<asset>` and credits
 * `revenue:gas/<asset>` by the amount due (total less credit notes, USD micros converted exactly to the
 * asset's decimals), in one transaction with ISSUED → PAID. A balance that does not cover it is 409
 * INSUFFICIENT_BALANCE and nothing is written; paying a paid invoice again with the same entry answers
 * the paid invoice.
 */
export async function payInvoiceFromBalance(
  deps: GasInvoiceDeps,
  actor: InvoiceActor,
  partnerId: string,
  number: string,
  assetCode: string,
): Promise<GasInvoice> {
  const asset = findAsset(assetCode);
  if (!asset || asset.kind !== 'STABLECOIN')
    throw new ValidationError('Not a USD stablecoin', [
      { path: 'asset', message: 'Pay with USDT or USDC on one of the networks, e.g. USDT@TRON' },
    ]);
  const invoice = await invoiceOf(deps, number, partnerId);
  const id = entryId('invoice', number);
  return audited(deps, actor, 'invoice.pay', partnerId, { number, asset: asset.code }, async () => {
    if (invoice.status === 'PAID' && invoice.payment?.entryId === id) return invoice;
    if (invoice.kind !== 'INVOICE')
      throw new ValidationError('A credit note is not paid', [{ path: 'number', message: 'Not an invoice' }]);
    const to = nextInvoiceStatus(invoice.status, 'PAY');
    const due =
      invoice.totalUsdMicros - creditedMicros(invoice, await deps.invoices.creditNotesFor(partnerId, number));
    const amount = usdMicrosToAsset(due, asset.decimals);
    const at = deps.clock.now().toISOString();
    const patch: InvoicePatch = {
      paidAt: at,
      payment: { method: 'BALANCE', asset: asset.code, amount, entryId: id },
    };
    if (amount === 0n) return republish(deps, await deps.invoices.transition(invoice, 'ISSUED', to, patch));
    try {
      await deps.ledger.post(
        {
          id,
          kind: 'POSTED',
          reason: 'GAS',
          cause: { type: 'invoice', id: number },
          postings: [
            {
              debit: accounts.partnerAvailable(partnerId, asset.code),
              credit: accounts.gasRevenue(asset.code),
              amount,
            },
          ],
          effectiveAt: at,
          metadata: { invoice: number, month: invoice.month, usdMicros: due.toString() },
        },
        {
          alsoWrite: [
            {
              type: 'PREPARED_WRITES',
              writes: deps.invoices.prepareTransition(invoice, 'ISSUED', to, patch),
            },
          ],
        },
      );
    } catch (e) {
      if (isGatewayError(e, 'INSUFFICIENT_FUNDS'))
        throw new GatewayError(
          'INSUFFICIENT_BALANCE',
          `The ${asset.code} balance does not cover invoice ${number}`,
          {
            cause: e,
            details: { asset: asset.code, amount: amount.toString() },
          },
        );
      if (isGatewayError(e, 'CONFLICT'))
        throw new GatewayError('ILLEGAL_TRANSITION', `Invoice ${number} is no longer ISSUED`, {
          cause: e,
          details: { number },
        });
      throw e;
    }
    const paid = await deps.invoices.get(partnerId, number);
    return republish(deps, paid ?? invoice);
  });
}

export const INVOICE_PAY_IDEMPOTENCY_SCOPE = 'invoice.pay';

/**
 * The partner API's pay: `payInvoiceFromBalance` under the request's Idempotency-Key (required: it
 * moves money). A retry with the same key answers the same invoice; the same key for another invoice
 * or asset is IDEMPOTENCY_KEY_REUSED.
 */
export async function payInvoiceWithKey(
  deps: GasInvoiceDeps & IdempotencyDeps,
  actor: InvoiceActor,
  partnerId: string,
  number: string,
  assetCode: string,
  rawKey: string | undefined,
): Promise<{ readonly replayed: boolean; readonly invoice: GasInvoice }> {
  const key = parseIdempotencyKey(rawKey);
  if (!key)
    throw new GatewayError('IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (a UUID per payment)');
  const { replayed, result } = await runIdempotent(
    deps,
    {
      partnerId,
      scope: INVOICE_PAY_IDEMPOTENCY_SCOPE,
      key,
      requestHash: requestFingerprint([number, assetCode]),
    },
    {
      execute: async () => {
        const invoice = await payInvoiceFromBalance(deps, actor, partnerId, number, assetCode);
        return { resourceId: invoice.number, result: invoice };
      },
      replay: async (record) => invoiceOf(deps, record.resourceId, partnerId),
    },
  );
  return { replayed, invoice: result };
}
