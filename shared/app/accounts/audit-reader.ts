import * as z from 'zod';
import { assertPermission, hasPermission } from '../../domain/accounts/permissions';
import { NotFoundError } from '../../domain/errors';
import type { StoredAuditEntry } from '../../ports/audit-log';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { parseInput } from './deps';
import { crossTenantDenied } from './tenant';

const AuditQuery = z.strictObject({
  partnerCode: z.string().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * The audit log, newest first: a partner's owners read their own; platform operators (platform:read)
 * read any partner's by code. Anyone else naming another partner gets "not found", and it is audited.
 */
export async function readAuditLog(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  query: unknown,
  meta: RequestMeta,
): Promise<{ partnerCode: string; entries: StoredAuditEntry[] }> {
  assertPermission(principal.permissions, 'audit:read');
  const { partnerCode, limit } = parseInput(AuditQuery, query ?? {});
  if (!partnerCode || partnerCode === principal.partnerCode) {
    return {
      partnerCode: principal.partnerCode,
      entries: await deps.audit.list(principal.partnerId, { limit }),
    };
  }
  const target = await deps.partners.getByCode(partnerCode);
  if (!hasPermission(principal.permissions, 'platform:read')) {
    return crossTenantDenied(
      deps,
      principal,
      { partnerId: target?.id ?? null, kind: 'Audit log', id: partnerCode },
      meta,
    );
  }
  if (!target) throw new NotFoundError('Audit log not found');
  return { partnerCode: target.code, entries: await deps.audit.list(target.id, { limit }) };
}
