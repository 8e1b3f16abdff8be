import * as z from 'zod';
import { assertPermission } from '../../domain/accounts/permissions';
import { withdrawalsLocked } from '../../domain/accounts/security-locks';
import type { WithdrawalPolicy } from '../../domain/accounts/security-locks';
import { GatewayError } from '../../domain/errors';
import type { Partner } from '../../domain/partner/partner';
import type { Workspace } from '../../ports/accounts';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, metaDetails, OtpInput, parseInput, userActor } from './deps';
import { requireOtp } from './require-otp';

export interface WorkspaceView {
  readonly partner: Pick<Partner, 'id' | 'code' | 'name' | 'type' | 'status' | 'depth'>;
  readonly workspace: Workspace;
  readonly security: {
    readonly withdrawalPolicy: WithdrawalPolicy;
    /** A partner-wide lock (older records); new changes lock only the credential that changed. */
    readonly withdrawalLockedUntil: string | null;
    /** Users and API keys whose withdrawal actions are locked now, and until when. */
    readonly lockedCredentials: readonly {
      readonly kind: 'USER' | 'API_KEY';
      readonly id: string;
      readonly until: string;
    }[];
  };
}

const DEFAULT_TIMEZONE = 'UTC';

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The caller's workspace (their partner): identity, editable details, withdrawal policy and lock. */
export async function getWorkspace(deps: AccountsDeps, principal: ConsolePrincipal): Promise<WorkspaceView> {
  const [partner, workspace, security] = await Promise.all([
    deps.partners.get(principal.partnerId),
    deps.workspaces.get(principal.partnerId),
    deps.partnerSecurity.get(principal.partnerId),
  ]);
  if (!partner) throw new GatewayError('SESSION_REVOKED', 'Sign in again');
  return {
    partner: {
      id: partner.id,
      code: partner.code,
      name: partner.name,
      type: partner.type,
      status: partner.status,
      depth: partner.depth,
    },
    workspace: workspace ?? {
      partnerId: partner.id,
      displayName: partner.name,
      supportEmail: null,
      timezone: DEFAULT_TIMEZONE,
      updatedAt: null,
      updatedBy: null,
    },
    security: {
      withdrawalPolicy: security.policy,
      withdrawalLockedUntil: withdrawalsLocked(security.withdrawalLockedUntil, deps.clock.now())
        ? (security.withdrawalLockedUntil ?? null)
        : null,
      lockedCredentials: Object.entries(security.subjectLocks ?? {})
        .filter(([, until]) => withdrawalsLocked(until, deps.clock.now()))
        .map(([subject, until]) => ({
          kind: subject.startsWith('user:') ? ('USER' as const) : ('API_KEY' as const),
          id: subject.slice(subject.indexOf(':') + 1),
          until,
        }))
        .sort((a, b) => (a.until < b.until ? -1 : a.until > b.until ? 1 : 0)),
    },
  };
}

const WorkspaceInput = z
  .strictObject({
    displayName: z.string().trim().min(1).max(120).optional(),
    supportEmail: z.email().max(254).nullable().optional(),
    timezone: z.string().max(64).refine(validTimezone, 'Unknown IANA time zone').optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');

/** Owners edit the workspace details. */
export async function updateWorkspace(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<WorkspaceView> {
  assertPermission(principal.permissions, 'workspace:write');
  const changes = parseInput(WorkspaceInput, input);
  const current = (await getWorkspace(deps, principal)).workspace;
  const now = deps.clock.now().toISOString();
  await deps.workspaces.put({
    partnerId: principal.partnerId,
    displayName: changes.displayName ?? current.displayName,
    supportEmail: changes.supportEmail === undefined ? current.supportEmail : changes.supportEmail,
    timezone: changes.timezone ?? current.timezone,
    updatedAt: now,
    updatedBy: principal.userId,
  });
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.workspace.update',
    outcome: 'SUCCESS',
    at: now,
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), fields: Object.keys(changes).join(',') },
  });
  return getWorkspace(deps, principal);
}

const PolicyInput = z.strictObject({
  allowWithdrawalsWithout2fa: z.boolean(),
  fourEyes: z.boolean(),
  otp: OtpInput.optional(),
});

/** Owners set the withdrawal policy (2FA requirement, four-eyes); an OTP confirms the change. */
export async function updateWithdrawalPolicy(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<WorkspaceView> {
  assertPermission(principal.permissions, 'workspace:write');
  const { otp, ...policy } = parseInput(PolicyInput, input);
  await requireOtp(deps, principal, otp, 'security.policy', { meta });
  const now = deps.clock.now().toISOString();
  await deps.partnerSecurity.updatePolicy(principal.partnerId, policy, now);
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.security.policy',
    outcome: 'SUCCESS',
    at: now,
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), ...policy },
  });
  return getWorkspace(deps, principal);
}
