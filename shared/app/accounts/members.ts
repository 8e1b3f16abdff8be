import * as z from 'zod';
import { assertPasswordPolicy } from '../../domain/accounts/password-policy';
import {
  assertCanGrant,
  assertCanManage,
  assertKeepsAnOwner,
  assertPermission,
  effectivePermissions,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
} from '../../domain/accounts/permissions';
import type { Permission, Role } from '../../domain/accounts/permissions';
import { normalizeEmail, toUserView, transitionUser } from '../../domain/accounts/user';
import type { ConsoleUser, UserView } from '../../domain/accounts/user';
import { NotFoundError } from '../../domain/errors';
import type { Actor } from '../partners/manage-partners';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, EmailInput, metaDetails, newId, parseInput, userActor } from './deps';
import { sentTokensFor } from './my-account';
import type { SentTokenView } from './my-account';
import { crossTenantDenied } from './tenant';

export const RoleInput = z.enum(ROLES);
export const PermissionsInput = z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).default([]);

export interface MemberView extends UserView {
  readonly permissions: readonly Permission[];
}

export async function memberView(deps: AccountsDeps, user: ConsoleUser): Promise<MemberView> {
  const partner = await deps.partners.get(user.partnerId);
  return { ...toUserView(user), permissions: effectivePermissions(user, partner?.type ?? 'MERCHANT') };
}

/** Loads a member of the caller's partner; another partner's member is "not found" and audited. */
async function loadMember(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  userId: string,
  meta?: RequestMeta,
): Promise<ConsoleUser> {
  const member = await deps.users.get(userId);
  if (!member) throw new NotFoundError('Member not found');
  if (member.partnerId !== principal.partnerId)
    return crossTenantDenied(
      deps,
      principal,
      { partnerId: member.partnerId, kind: 'Member', id: userId },
      meta,
    );
  return member;
}

export async function listMembers(deps: AccountsDeps, principal: ConsolePrincipal): Promise<MemberView[]> {
  assertPermission(principal.permissions, 'member:read');
  const users = await deps.users.listByPartner(principal.partnerId);
  return users.map((u) => ({
    ...toUserView(u),
    permissions: effectivePermissions(u, principal.partnerType),
  }));
}

export function listRoles(): { role: Role; permissions: readonly Permission[] }[] {
  return ROLES.map((role) => ({ role, permissions: ROLE_PERMISSIONS[role] }));
}

const ChangeRoleInput = z.strictObject({ role: RoleInput, extraPermissions: PermissionsInput });

async function activeOwnerIds(deps: AccountsDeps, partnerId: string): Promise<string[]> {
  return (await deps.users.listByPartner(partnerId))
    .filter((u) => u.role === 'OWNER' && u.status === 'ACTIVE')
    .map((u) => u.id);
}

/**
 * Changes a member's role and extra permissions. Nobody grants what they do not hold, changes
 * someone holding more than they do, or changes themselves; the last owner stays an owner. The member's
 * sessions pick the change up on their next request (the authorizer reads the user every time).
 */
export async function changeMemberRole(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  userId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<MemberView> {
  assertPermission(principal.permissions, 'member:manage');
  const grant = parseInput(ChangeRoleInput, input);
  const member = await loadMember(deps, principal, userId, meta);
  const manager = { userId: principal.userId, role: principal.role, permissions: principal.permissions };
  try {
    assertCanManage(manager, {
      userId: member.id,
      role: member.role,
      permissions: effectivePermissions(member, principal.partnerType),
    });
    const clean = assertCanGrant(manager, grant, principal.partnerType);
    assertKeepsAnOwner(await activeOwnerIds(deps, principal.partnerId), member.id, { role: clean.role });
    const updated = await deps.users.changeRole(member.id, member, clean, deps.clock.now().toISOString());
    await audit(deps, {
      partnerId: principal.partnerId,
      actor: userActor(principal.userId),
      action: 'console.member.changeRole',
      outcome: 'SUCCESS',
      at: deps.clock.now().toISOString(),
      sourceIp: meta.sourceIp,
      details: {
        ...metaDetails(meta),
        memberId: member.id,
        from: member.role,
        to: clean.role,
        extraPermissions: clean.extraPermissions.join(','),
      },
    });
    return memberView(deps, updated);
  } catch (e) {
    await audit(deps, {
      partnerId: principal.partnerId,
      actor: userActor(principal.userId),
      action: 'console.member.changeRole',
      outcome: 'DENIED',
      at: deps.clock.now().toISOString(),
      sourceIp: meta.sourceIp,
      reason: (e as { code?: string }).code ?? 'ERROR',
      details: {
        ...metaDetails(meta),
        memberId: member.id,
        requestedRole: grant.role,
        requestedExtras: grant.extraPermissions.join(','),
      },
    });
    throw e;
  }
}

/** Deactivates (removes) a member: every session of theirs stops working at once. */
export async function deactivateMember(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  userId: string,
  meta: RequestMeta,
): Promise<MemberView> {
  assertPermission(principal.permissions, 'member:manage');
  const member = await loadMember(deps, principal, userId, meta);
  assertCanManage(
    { userId: principal.userId, role: principal.role, permissions: principal.permissions },
    {
      userId: member.id,
      role: member.role,
      permissions: effectivePermissions(member, principal.partnerType),
    },
  );
  assertKeepsAnOwner(await activeOwnerIds(deps, principal.partnerId), member.id, { deactivate: true });
  const now = deps.clock.now();
  const updated = await deps.users.changeStatus(
    member.id,
    member.status,
    transitionUser(member.status, 'DEACTIVATE'),
    now.toISOString(),
  );
  const revoked = await deps.sessions.revokeAllForUser(member.id, 'MEMBER_DEACTIVATED', now.getTime());
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.member.deactivate',
    outcome: 'SUCCESS',
    at: now.toISOString(),
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), memberId: member.id, sessionsRevoked: revoked },
  });
  return memberView(deps, updated);
}

export async function reactivateMember(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  userId: string,
  meta: RequestMeta,
): Promise<MemberView> {
  assertPermission(principal.permissions, 'member:manage');
  const member = await loadMember(deps, principal, userId, meta);
  assertCanManage(
    { userId: principal.userId, role: principal.role, permissions: principal.permissions },
    {
      userId: member.id,
      role: member.role,
      permissions: effectivePermissions(member, principal.partnerType),
    },
  );
  const now = deps.clock.now();
  const updated = await deps.users.changeStatus(
    member.id,
    member.status,
    transitionUser(member.status, 'REACTIVATE'),
    now.toISOString(),
  );
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.member.reactivate',
    outcome: 'SUCCESS',
    at: now.toISOString(),
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), memberId: member.id },
  });
  return memberView(deps, updated);
}

/** Sent tokens of a member (reset, invitation, verification) with their status, for managers. */
export async function listMemberSentTokens(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  userId: string,
  meta: RequestMeta,
): Promise<SentTokenView[]> {
  assertPermission(principal.permissions, 'member:manage');
  const member = await loadMember(deps, principal, userId, meta);
  return sentTokensFor(deps, member.email, principal.partnerId);
}

const CreateUserInput = z.strictObject({
  partnerId: z.string().min(1),
  email: EmailInput,
  name: z.string().trim().min(1).max(120),
  role: RoleInput,
  extraPermissions: PermissionsInput,
  password: z.string().max(1024),
});

/**
 * Creates a console user directly with an initial password: the platform operator's CLI (a partner's
 * first owner), the local seed, and sub-partner registration. Everyone else joins by invitation.
 */
export async function createConsoleUser(deps: AccountsDeps, actor: Actor, input: unknown): Promise<UserView> {
  const { partnerId, email, name, role, extraPermissions, password } = parseInput(CreateUserInput, input);
  assertPasswordPolicy(password);
  const partner = await deps.partners.get(partnerId);
  if (!partner) throw new NotFoundError(`Partner ${partnerId} not found`);
  const now = deps.clock.now().toISOString();
  const user: ConsoleUser = {
    id: newId('us'),
    partnerId,
    email: normalizeEmail(email),
    name,
    role,
    extraPermissions: assertCanGrant(
      {
        role: 'OWNER',
        permissions: effectivePermissions(
          { role: 'OWNER', extraPermissions: ['platform:read'] },
          partner.type,
        ),
      },
      { role, extraPermissions },
      partner.type,
    ).extraPermissions,
    status: 'ACTIVE',
    passwordHash: await deps.passwords.hash(password),
    passwordChangedAt: now,
    twoFactor: { enabled: false },
    createdAt: now,
    updatedAt: now,
  };
  await deps.users.create(user);
  await audit(deps, {
    partnerId,
    actor,
    action: 'console.member.create',
    outcome: 'SUCCESS',
    at: now,
    details: { memberId: user.id, email: user.email, role },
  });
  return toUserView(user);
}
