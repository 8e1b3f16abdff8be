import {
  ExportsQuery,
  ExportsResponse,
  FinanceContactsRequest,
  FinanceContactsResponse,
} from './finance-api-schemas';
import type { ExportMonthResponse } from './finance-api-schemas';
import type { RouteDoc } from './openapi';

const PID = 'pt_01kaq7d4xw0m6n3r9t2v5y8z1b';

/** Documentation of the finance routes, merged into ROUTE_DOCS in openapi.ts. */
export const FINANCE_ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'GET /v1/finance-contacts': {
    operationId: 'getFinanceContacts',
    summary: 'Get your finance contacts',
    description:
      'The people who receive the monthly finance export email (links to the statements and invoices), and its language.',
    tag: 'Finance',
    response: FinanceContactsResponse,
    responseExample: {
      contacts: [{ name: '김재무', email: 'finance@partner.example' }],
      language: 'ko',
      updatedAt: '2026-11-20T09:00:00.000Z',
    } satisfies FinanceContactsResponse,
  },
  'PUT /v1/finance-contacts': {
    operationId: 'putFinanceContacts',
    summary: 'Set your finance contacts',
    description:
      'Replaces the list: up to 5 people (name and email; an email listed twice is refused) and the email language ' +
      '(`en` or `ko`). Each gets one email per month when the export is written. An empty list stops the emails.',
    tag: 'Finance',
    requestBody: FinanceContactsRequest,
    response: FinanceContactsResponse,
    responseExample: {
      contacts: [{ name: 'Ann Lee', email: 'ann@partner.example' }],
      language: 'en',
      updatedAt: '2026-11-20T09:00:00.000Z',
    } satisfies FinanceContactsResponse,
  },
  'GET /v1/exports': {
    operationId: 'listExports',
    summary: 'List your monthly finance exports',
    description:
      'With `month`: the files of that month — the settlement statement, the revenue statement (distributors), the gas ' +
      'invoice PDF and CSV, and `manifest.json` (every file with its size and SHA-256 and the reconciliation result) — ' +
      'each with a pre-signed download link valid for 5 minutes; `reconciled` says whether the statements agreed with ' +
      'the ledger to the minor unit. 404 when the month has no export yet. Without `month`: the months that have one, ' +
      'newest first. Exports are written on the 1st of each month at 03:00 UTC for the month before.',
    tag: 'Finance',
    query: ExportsQuery,
    response: ExportsResponse,
    responseExample: {
      month: '2026-11',
      files: [
        {
          name: 'settlement-statement.csv',
          size: 412,
          sha256: '9f2c1b0e7d4a3c5b6e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d',
          url: `https://documents.example.s3.amazonaws.com/exports/${PID}/2026-11/settlement-statement.csv?X-Amz-Expires=300`,
          expiresAt: '2026-12-02T10:05:00.000Z',
        },
      ],
      reconciled: true,
    } satisfies ExportMonthResponse,
  },
};
