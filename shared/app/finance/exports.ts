import { NotFoundError } from '../../domain/errors';
import { monthRange } from '../../domain/finance/settlement';
import type { DocumentStore } from '../../ports/documents';
import { exportPrefix } from '../../ports/documents';
import { MANIFEST_FILE } from './export-finance-month';
import type { ExportManifest } from './export-finance-month';

/** The wire views (ExportMonthResponse, ExportMonthsResponse in shared/api/finance-api-schemas.ts). */
export interface ExportMonthsResponse {
  readonly months: string[];
}
export interface ExportMonthResponse {
  readonly month: string;
  readonly files: { name: string; size: number; sha256: string; url: string; expiresAt: string }[];
  readonly reconciled: boolean;
}

/** Partners download through links this short-lived (the console asks again when one has expired). */
export const DOWNLOAD_LINK_SECONDS = 5 * 60;

/** GET /v1/exports (no month): the months with an export (a manifest), newest first. */
export async function listExportMonths(
  deps: { documents: Pick<DocumentStore, 'list'> },
  partnerId: string,
): Promise<ExportMonthsResponse> {
  const root = `exports/${partnerId}/`;
  const months = new Set<string>();
  for (const d of await deps.documents.list(root)) {
    const [month, file] = d.key.slice(root.length).split('/');
    if (month && file === MANIFEST_FILE) months.add(month);
  }
  return { months: [...months].sort().reverse() };
}

/**
 * GET /v1/exports?month=YYYY-MM: the month's files as its manifest lists them (size, sha256) with
 * pre-signed links valid 5 minutes, the manifest itself last, and whether the statements reconciled.
 * 404 when the month has no export yet.
 */
export async function exportMonth(
  deps: { documents: Pick<DocumentStore, 'get' | 'head' | 'presignedUrl'> },
  partnerId: string,
  month: string,
): Promise<ExportMonthResponse> {
  monthRange(month);
  const prefix = exportPrefix(partnerId, month);
  const [body, head] = await Promise.all([
    deps.documents.get(`${prefix}${MANIFEST_FILE}`),
    deps.documents.head(`${prefix}${MANIFEST_FILE}`),
  ]);
  if (!body || !head) throw new NotFoundError(`No export for ${month}`);
  const manifest = JSON.parse(new TextDecoder().decode(body)) as ExportManifest;
  const listed = [...manifest.files, { name: MANIFEST_FILE, size: head.size, sha256: head.sha256 }];
  const files = await Promise.all(
    listed.map(async (f) => {
      const link = await deps.documents.presignedUrl(`${prefix}${f.name}`, {
        expiresInSeconds: DOWNLOAD_LINK_SECONDS,
        fileName: f.name,
      });
      return { name: f.name, size: f.size, sha256: f.sha256, url: link.url, expiresAt: link.expiresAt };
    }),
  );
  return { month, files, reconciled: manifest.reconciled };
}
