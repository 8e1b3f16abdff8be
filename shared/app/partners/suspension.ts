import { GatewayError } from '../../domain/errors';
import type { Partner, PartnerEvent } from '../../domain/partner/partner';
import type { PartnerRepository } from '../../ports/partner-store';

/** The largest subtree a suspension marks (one write per partner below, with its API keys). */
export const SUSPENSION_MAX_NODES = 2000;

/**
 * A distributor's suspension reaches its whole subtree (ADR 0031): every partner below carries the
 * suspended ancestor's id (`suspendedAncestorIds`), on its item and on its API keys' copies, so every
 * access check (partner authorizer, console sign-in, refresh and requests) sees it with the read it
 * already makes. Call before the distributor's own status changes on SUSPEND (a crash half-way is
 * finished by the retry, which still finds it ACTIVE) and before it changes on REINSTATE (the marks go
 * first, then the status). Reads the subtree level by level with `listChildren`.
 */
export async function markSubtreeSuspension(
  deps: { readonly partners: Pick<PartnerRepository, 'listChildren' | 'update'> },
  target: Pick<Partner, 'id' | 'code' | 'type'>,
  event: PartnerEvent,
  at: string,
): Promise<number> {
  if (target.type !== 'DISTRIBUTOR') return 0;
  const below: Partner[] = [];
  let level = [target.id];
  while (level.length) {
    const children = (await Promise.all(level.map((id) => deps.partners.listChildren(id)))).flat();
    below.push(...children);
    if (below.length > SUSPENSION_MAX_NODES)
      throw new GatewayError(
        'VALIDATION_FAILED',
        `${target.code} has more than ${SUSPENSION_MAX_NODES} partners below it; ask the platform operator`,
      );
    level = children.filter((c) => c.type !== 'MERCHANT').map((c) => c.id);
  }
  for (const partner of below)
    await deps.partners.update(
      partner.id,
      (p) => ({
        ...p,
        suspendedAncestorIds:
          event === 'SUSPEND'
            ? [...(p.suspendedAncestorIds ?? []), target.id]
            : (p.suspendedAncestorIds ?? []).filter((id) => id !== target.id),
      }),
      at,
    );
  return below.length;
}
