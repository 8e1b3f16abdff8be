import * as z from 'zod';
import { MAX_FINANCE_CONTACTS } from '../domain/finance/export-email';
import { partnerApiRegistry } from './common-schemas';

/**
 * The finance contract: the partner's finance contacts (`GET/PUT /v1/finance-contacts`, console
 * `/console/finance-contacts`) and its monthly exports (`GET /v1/exports`, console `/console/exports`).
 */
const IsoTimestamp = z.iso.datetime().describe('ISO 8601 UTC timestamp.');

const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

export const FinanceContactView = z
  .strictObject({
    name: z.string().trim().min(1).max(120).describe('Who the email greets.'),
    email: Email.describe('Where the monthly export email goes (stored lower-cased).'),
  })
  .register(partnerApiRegistry, { id: 'FinanceContact' });

export const FinanceContactsRequest = z
  .strictObject({
    contacts: z
      .array(FinanceContactView)
      .max(MAX_FINANCE_CONTACTS)
      .describe(`Up to ${MAX_FINANCE_CONTACTS} people; an empty list stops the emails.`),
    language: z.enum(['en', 'ko']).default('en').describe('Language of the export email (default en).'),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.contacts.forEach((c, i) => {
      if (seen.has(c.email))
        ctx.addIssue({ code: 'custom', path: ['contacts', i, 'email'], message: 'Listed twice' });
      seen.add(c.email);
    });
  })
  .register(partnerApiRegistry, { id: 'FinanceContactsRequest' });
export type FinanceContactsRequest = z.infer<typeof FinanceContactsRequest>;

export const FinanceContactsResponse = z
  .object({
    contacts: z.array(FinanceContactView),
    language: z.enum(['en', 'ko']),
    updatedAt: IsoTimestamp.nullable().describe('Null until first set.'),
  })
  .register(partnerApiRegistry, { id: 'FinanceContactsResponse' });
export type FinanceContactsResponse = z.infer<typeof FinanceContactsResponse>;

export const ExportsQuery = z.strictObject({
  month: z
    .string()
    .max(7)
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM')
    .optional()
    .describe('A UTC month `YYYY-MM`: its files. Without it: the months that have an export.'),
});
export type ExportsQuery = z.infer<typeof ExportsQuery>;

export const ExportFileView = z
  .object({
    name: z
      .string()
      .describe('File name, e.g. `settlement-statement.csv`, `GAS-000042.pdf`, `manifest.json`.'),
    size: z.number().int().describe('Bytes.'),
    sha256: z.string().describe('Hex SHA-256 of the file, as listed in manifest.json.'),
    url: z.string().describe('Pre-signed download URL (GET), valid until expiresAt.'),
    expiresAt: IsoTimestamp,
  })
  .register(partnerApiRegistry, { id: 'ExportFile' });

export const ExportMonthResponse = z
  .object({
    month: z.string(),
    files: z.array(ExportFileView).describe('Every file of the month, manifest.json last.'),
    reconciled: z
      .boolean()
      .describe('The settlement (and revenue) statement agreed with the ledger to the minor unit.'),
  })
  .register(partnerApiRegistry, { id: 'ExportMonthResponse' });
export type ExportMonthResponse = z.infer<typeof ExportMonthResponse>;

export const ExportMonthsResponse = z
  .object({
    months: z.array(z.string()).describe('Months (`YYYY-MM`) with an export, newest first.'),
  })
  .register(partnerApiRegistry, { id: 'ExportMonthsResponse' });
export type ExportMonthsResponse = z.infer<typeof ExportMonthsResponse>;

export const ExportsResponse = z
  .union([ExportMonthResponse, ExportMonthsResponse])
  .register(partnerApiRegistry, { id: 'ExportsResponse' });
