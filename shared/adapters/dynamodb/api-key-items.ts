import type { Partner } from '../../domain/partner/partner';

/** The key of an API key item. */
export const apiKeyItemKey = (id: string) => ({ PK: `APIKEY#${id}`, SK: 'APIKEY' });

/**
 * The copy of its partner an API key item carries (attribute `partner`, ADR 0026): everything the
 * authorizer and `GET /v1/partner` answer with, so authenticating a request reads one item. A change
 * of the partner (status, name, suspended ancestors) is written to the partner item and every copy in one write.
 */
export function partnerCopy(partner: Partner): Record<string, unknown> {
  return {
    id: partner.id,
    code: partner.code,
    name: partner.name,
    type: partner.type,
    status: partner.status,
    parentId: partner.parentId,
    depth: partner.depth,
    createdAt: partner.createdAt,
    ...(partner.suspendedAncestorIds?.length
      ? { suspendedAncestorIds: [...partner.suspendedAncestorIds] }
      : {}),
  };
}
