import { NotFoundError } from '../../domain/errors';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, metaDetails, userActor } from './deps';

/**
 * A console user reached for something of another partner (a member, key, invitation or audit log by
 * id). The answer is "not found" (nothing is confirmed to exist), and the attempt is audited in both
 * the caller's and the target's logs.
 */
export async function crossTenantDenied(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  target: { readonly partnerId: string | null; readonly kind: string; readonly id: string },
  meta?: RequestMeta,
): Promise<never> {
  const at = deps.clock.now().toISOString();
  const entry = {
    actor: userActor(principal.userId),
    action: 'console.crossTenantAccess',
    outcome: 'DENIED' as const,
    at,
    reason: 'CROSS_TENANT',
    ...(meta ? { sourceIp: meta.sourceIp } : {}),
    details: {
      ...(meta ? metaDetails(meta) : {}),
      callerPartnerId: principal.partnerId,
      targetPartnerId: target.partnerId,
      targetKind: target.kind,
      targetId: target.id.slice(0, 64),
    },
  };
  await audit(deps, { ...entry, partnerId: principal.partnerId });
  if (target.partnerId && target.partnerId !== principal.partnerId)
    await audit(deps, { ...entry, partnerId: target.partnerId });
  throw new NotFoundError(`${target.kind} not found`);
}
