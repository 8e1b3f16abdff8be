import { GatewayError, NotFoundError } from '../../domain/errors';
import type { Partner } from '../../domain/partner/partner';
import type { PartnerRepository } from '../../ports/partner-store';

/**
 * Who may reach whom in the partner tree (seed 000 §7): a DISTRIBUTOR manages its subtree, the
 * PLATFORM operator everything below it; a MERCHANT has no sub-partners (FORBIDDEN, HTTP 403). Every
 * sub-partner read and write resolves its target through `subPartnerOf`, so a partner outside the
 * caller's subtree is "not found" (nothing is confirmed to exist), the same answer as a code no one has.
 */
export function assertManagesSubPartners(caller: Pick<Partner, 'type'>): void {
  if (caller.type === 'MERCHANT') throw new GatewayError('FORBIDDEN', 'Merchants have no sub-partners');
}

/** The ancestors of `partner`, its parent first, the platform last (at most six reads). */
export async function ancestorsOf(
  deps: { readonly partners: Pick<PartnerRepository, 'get'> },
  partner: Pick<Partner, 'parentId'>,
): Promise<Partner[]> {
  const out: Partner[] = [];
  let parentId = partner.parentId;
  while (parentId) {
    const parent = await deps.partners.get(parentId);
    if (!parent) throw new NotFoundError(`Partner ${parentId} not found`);
    out.push(parent);
    parentId = parent.parentId;
  }
  return out;
}

/**
 * The partner `code` when it sits strictly below `caller` (any depth); NOT_FOUND otherwise, also for
 * the caller itself. `direct: true` accepts only the caller's own children (delete).
 */
export async function subPartnerOf(
  deps: { readonly partners: Pick<PartnerRepository, 'get' | 'getByCode'> },
  caller: Pick<Partner, 'id' | 'type'>,
  code: string,
  options: { readonly direct?: boolean } = {},
): Promise<Partner> {
  assertManagesSubPartners(caller);
  const target = code ? await deps.partners.getByCode(code) : undefined;
  const notFound = () => new NotFoundError(`Sub-partner ${code.slice(0, 64)} not found`);
  if (!target || target.id === caller.id || !target.parentId) throw notFound();
  if (target.parentId === caller.id) return target;
  if (options.direct) throw notFound();
  let parentId: string | null = target.parentId;
  while (parentId) {
    if (parentId === caller.id) return target;
    const parent = await deps.partners.get(parentId);
    if (!parent) break;
    parentId = parent.parentId;
  }
  throw notFound();
}

/**
 * `partnerId`'s ancestors' ids, parent first, remembered per process: a partner never changes parent, so
 * the answer never goes stale (the sub-partner counters' path, ADR 0032).
 */
export function cachedAncestry(
  partners: Pick<PartnerRepository, 'get'>,
): (partnerId: string) => Promise<readonly string[]> {
  const known = new Map<string, Promise<readonly string[]>>();
  return (partnerId) => {
    let found = known.get(partnerId);
    if (!found) {
      found = (async () => {
        const partner = await partners.get(partnerId);
        if (!partner) throw new NotFoundError(`Partner ${partnerId} not found`);
        return (await ancestorsOf({ partners }, partner)).map((p) => p.id);
      })();
      found.catch(() => known.delete(partnerId));
      known.set(partnerId, found);
    }
    return found;
  };
}
