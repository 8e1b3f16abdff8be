import { toCsv } from '../../domain/csv';
import { NotFoundError } from '../../domain/errors';
import { exportEmail } from '../../domain/finance/export-email';
import { monthRange } from '../../domain/finance/settlement';
import { formatAmount } from '../../domain/ledger/amount';
import { findAsset } from '../../domain/ledger/asset';
import type { GasInvoice } from '../../domain/invoices/gas-invoice';
import type { Partner } from '../../domain/partner/partner';
import type { DocumentStore } from '../../ports/documents';
import { exportPrefix, PLATFORM_EXPORT_OWNER } from '../../ports/documents';
import type { EmailSender } from '../../ports/email';
import type { ExportNoticeLog, FinanceContactStore, LedgerHistoryReader } from '../../ports/finance';
import type { GasInvoiceReader } from '../../ports/gas-invoices';
import type { PartnerRepository } from '../../ports/partner-store';
import type { SubtreeActivityReader } from '../../ports/subtree-activity';
import { revenueStatement, revenueStatementCsv } from './revenue-statement';
import type { RevenueStatement } from './revenue-statement';
import { settlementStatement, settlementStatementCsv } from './settlement-statement';
import type { SettlementStatement } from './settlement-statement';

/**
 * The monthly finance export (issue 17, docs/finance.md): per partner, its settlement statement, its
 * revenue statement (distributors and the platform) and a manifest of every file of its month folder
 * (the invoice PDF/CSV the invoice job wrote there too) with size and sha256 and the reconciliation
 * result; then one platform-wide folder with every partner's settlement summary, every invoice of the
 * month and the platform's revenue. Every file's bytes depend only on the ledger and the invoices, so
 * a re-run rewrites the same bytes. A partner that fails is recorded and the run goes on. Last, each
 * finance contact of a partner gets one email per month with pre-signed links.
 */
export interface FinanceExportDeps {
  readonly partners: Pick<PartnerRepository, 'get' | 'listChildren'>;
  readonly history: LedgerHistoryReader;
  readonly subtree: Pick<SubtreeActivityReader, 'children'>;
  /** The invoice store's reader: every invoice and credit note of the month goes in invoices.csv. */
  readonly invoices: GasInvoiceReader;
  readonly documents: DocumentStore;
  readonly contacts: Pick<FinanceContactStore, 'get'>;
  readonly notices: ExportNoticeLog;
  readonly email: EmailSender;
  readonly clock: { now(): Date };
}

export const SETTLEMENT_FILE = 'settlement-statement.csv';
export const REVENUE_FILE = 'revenue-statement.csv';
export const MANIFEST_FILE = 'manifest.json';
/** SigV4 pre-signed URLs live at most 7 days. */
export const EMAIL_LINK_SECONDS = 7 * 24 * 3600;

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json';
const utf8 = (text: string) => new TextEncoder().encode(text);

export interface ManifestFile {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
}

export interface ExportManifest {
  readonly owner: string;
  readonly code?: string;
  readonly month: string;
  readonly files: readonly ManifestFile[];
  readonly reconciled: boolean;
  readonly settlement?: readonly { asset: string; difference: string; reconciled: boolean }[];
  readonly revenue?: readonly { asset: string; difference: string }[];
}

export interface PartnerExportResult {
  readonly partnerId: string;
  readonly code: string;
  readonly status: 'EXPORTED' | 'FAILED';
  readonly reconciled?: boolean;
  readonly files?: readonly string[];
  readonly emailed?: number;
  readonly error?: string;
}

export interface FinanceExportResult {
  readonly month: string;
  readonly partners: readonly PartnerExportResult[];
  readonly platformFiles: readonly string[];
  readonly failed: number;
}

const fmt = (asset: string, v: bigint) => formatAmount(v, findAsset(asset)?.decimals ?? 0);
const fileName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

/** Every partner of the tree under (and including) `root`, parents before children. */
export async function partnersUnder(
  deps: Pick<FinanceExportDeps, 'partners'>,
  root: Partner,
): Promise<Partner[]> {
  const out: Partner[] = [];
  let level: Partner[] = [root];
  while (level.length > 0) {
    out.push(...level);
    level = (await Promise.all(level.map((p) => deps.partners.listChildren(p.id)))).flat();
  }
  return out;
}

/** Writes the manifest of a month folder: every other file in it, sorted by name. */
async function writeManifest(
  deps: Pick<FinanceExportDeps, 'documents'>,
  prefix: string,
  manifest: Omit<ExportManifest, 'files'>,
): Promise<ExportManifest> {
  const files = (await deps.documents.list(prefix))
    .filter((d) => fileName(d.key) !== MANIFEST_FILE)
    .map((d) => ({ name: fileName(d.key), size: d.size, sha256: d.sha256 }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const full: ExportManifest = { ...manifest, files };
  await deps.documents.put(
    `${prefix}${MANIFEST_FILE}`,
    utf8(`${JSON.stringify(full, null, 2)}\n`),
    JSON_TYPE,
  );
  return full;
}

interface PartnerExport {
  readonly settlement: SettlementStatement;
  readonly revenue?: RevenueStatement;
  readonly manifest: ExportManifest;
}

async function exportPartner(
  deps: FinanceExportDeps,
  partner: Partner,
  month: string,
): Promise<PartnerExport> {
  const prefix = exportPrefix(partner.id, month);
  const settlement = await settlementStatement(deps, partner.id, month);
  await deps.documents.put(`${prefix}${SETTLEMENT_FILE}`, utf8(settlementStatementCsv(settlement)), CSV);
  let revenue: RevenueStatement | undefined;
  if (partner.type !== 'MERCHANT') {
    revenue = await revenueStatement(deps, partner, month);
    await deps.documents.put(`${prefix}${REVENUE_FILE}`, utf8(revenueStatementCsv(revenue)), CSV);
  }
  const manifest = await writeManifest(deps, prefix, {
    owner: partner.id,
    code: partner.code,
    month,
    reconciled: settlement.reconciled && (revenue?.reconciled ?? true),
    settlement: settlement.assets.map((a) => ({
      asset: a.asset,
      difference: fmt(a.asset, a.difference),
      reconciled: a.reconciled,
    })),
    ...(revenue
      ? { revenue: revenue.checks.map((c) => ({ asset: c.asset, difference: fmt(c.asset, c.difference) })) }
      : {}),
  });
  return { settlement, ...(revenue ? { revenue } : {}), manifest };
}

/** Emails each finance contact once per (partner, month): the month's files with 7-day links. */
async function emailContacts(
  deps: FinanceExportDeps,
  partner: Partner,
  month: string,
  manifest: ExportManifest,
): Promise<number> {
  const settings = await deps.contacts.get(partner.id);
  if (settings.contacts.length === 0) return 0;
  const prefix = exportPrefix(partner.id, month);
  const names = [...manifest.files.map((f) => f.name), MANIFEST_FILE];
  const head = await Promise.all(names.map((n) => deps.documents.head(`${prefix}${n}`)));
  let sent = 0;
  for (const contact of settings.contacts) {
    const at = deps.clock.now().toISOString();
    if (!(await deps.notices.claim(partner.id, month, contact.email, at))) continue;
    try {
      const links = await Promise.all(
        names.map((name) =>
          deps.documents.presignedUrl(`${prefix}${name}`, {
            expiresInSeconds: EMAIL_LINK_SECONDS,
            fileName: name,
          }),
        ),
      );
      const message = exportEmail({
        language: settings.language,
        contactName: contact.name,
        partnerName: partner.name,
        month,
        reconciled: manifest.reconciled,
        expiresAt: links[0]?.expiresAt ?? at,
        files: names.map((name, i) => ({ name, size: head[i]?.size ?? 0, url: links[i]?.url ?? '' })),
      });
      await deps.email.send({ to: contact.email, kind: 'FINANCE_EXPORT', ...message });
      sent += 1;
    } catch (e) {
      await deps.notices.release(partner.id, month, contact.email);
      throw e;
    }
  }
  return sent;
}

export const SUMMARY_HEADER = [
  'partner_code',
  'partner_id',
  'partner_type',
  'asset',
  'opening',
  'closing',
  'ledger_closing',
  'difference',
  'reconciled',
] as const;

export const INVOICES_HEADER = [
  'number',
  'kind',
  'credit_for',
  'partner_code',
  'partner_id',
  'month',
  'status',
  'records',
  'total_usd',
  'issued_at',
  'paid_at',
] as const;

const usd = (micros: bigint) => formatAmount(micros, 6);

/**
 * Exports `month` for `partners` (a whole tree from partnersUnder, or one partner on demand). The
 * platform-wide folder is written when `platform` is given (the scheduled run and a run without
 * --partner): it covers the partners of this run.
 */
export async function exportFinanceMonth(
  deps: FinanceExportDeps,
  input: { readonly month: string; readonly partners: readonly Partner[]; readonly platform?: Partner },
): Promise<FinanceExportResult> {
  const { month } = monthRange(input.month);
  const results: PartnerExportResult[] = [];
  const summary: string[][] = [];
  const invoices: GasInvoice[] = [];
  let platformRevenue: RevenueStatement | undefined;
  const exported: { partner: Partner; manifest: ExportManifest }[] = [];
  for (const partner of input.partners) {
    try {
      const done = await exportPartner(deps, partner, month);
      for (const a of done.settlement.assets)
        summary.push([
          partner.code,
          partner.id,
          partner.type,
          a.asset,
          fmt(a.asset, a.opening),
          fmt(a.asset, a.closing),
          fmt(a.asset, a.ledgerClosing),
          fmt(a.asset, a.difference),
          String(a.reconciled),
        ]);
      invoices.push(...(await deps.invoices.listForMonth(partner.id, month)));
      if (partner.type === 'PLATFORM') platformRevenue = done.revenue;
      exported.push({ partner, manifest: done.manifest });
      results.push({
        partnerId: partner.id,
        code: partner.code,
        status: 'EXPORTED',
        reconciled: done.manifest.reconciled,
        files: [...done.manifest.files.map((f) => f.name), MANIFEST_FILE],
      });
    } catch (e) {
      results.push({
        partnerId: partner.id,
        code: partner.code,
        status: 'FAILED',
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
  }

  let platformFiles: string[] = [];
  if (input.platform) {
    const prefix = exportPrefix(PLATFORM_EXPORT_OWNER, month);
    await deps.documents.put(`${prefix}settlement-summary.csv`, utf8(toCsv(SUMMARY_HEADER, summary)), CSV);
    invoices.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
    const invoiceRows = invoices.map((i) => [
      i.number,
      i.kind,
      i.creditFor ?? '',
      i.recipient.code,
      i.recipient.partnerId,
      i.month,
      i.status,
      String(i.recordCount),
      usd(i.totalUsdMicros),
      i.issuedAt ?? '',
      i.paidAt ?? '',
    ]);
    await deps.documents.put(`${prefix}invoices.csv`, utf8(toCsv(INVOICES_HEADER, invoiceRows)), CSV);
    if (platformRevenue)
      await deps.documents.put(
        `${prefix}platform-revenue.csv`,
        utf8(revenueStatementCsv(platformRevenue)),
        CSV,
      );
    const failed = results.filter((r) => r.status === 'FAILED').map((r) => r.code);
    const manifest = await writeManifest(deps, prefix, {
      owner: PLATFORM_EXPORT_OWNER,
      month,
      reconciled: failed.length === 0 && results.every((r) => r.reconciled !== false),
    });
    platformFiles = [...manifest.files.map((f) => f.name), MANIFEST_FILE];
  }

  // Emails last: a contact is told only once the month's files (and the platform's) are all written.
  for (const { partner, manifest } of exported) {
    const i = results.findIndex((r) => r.partnerId === partner.id);
    try {
      const emailed = await emailContacts(deps, partner, month, manifest);
      results[i] = { ...(results[i] as PartnerExportResult), emailed };
    } catch (e) {
      results[i] = {
        ...(results[i] as PartnerExportResult),
        status: 'FAILED',
        error: `email: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
  return {
    month,
    partners: results,
    platformFiles,
    failed: results.filter((r) => r.status === 'FAILED').length,
  };
}

/**
 * One run of the export as the schedule and the CLI ask for it: every partner under the platform (by its
 * code) and the platform folder, or one partner by code (no platform folder). NOT_FOUND for an unknown code.
 */
export async function runFinanceExport(
  deps: FinanceExportDeps & { readonly partners: Pick<PartnerRepository, 'getByCode'> },
  input: { readonly month: string; readonly platformCode: string; readonly partnerCode?: string },
): Promise<FinanceExportResult> {
  const byCode = async (code: string) => {
    const partner = await deps.partners.getByCode(code);
    if (!partner) throw new NotFoundError(`Partner ${code} not found`);
    return partner;
  };
  if (input.partnerCode)
    return exportFinanceMonth(deps, { month: input.month, partners: [await byCode(input.partnerCode)] });
  const platform = await byCode(input.platformCode);
  return exportFinanceMonth(deps, {
    month: input.month,
    partners: await partnersUnder(deps, platform),
    platform,
  });
}
