import * as z from 'zod';
import { invitationDisplayStatus, transitionInvitation } from '../../domain/accounts/invitation';
import type { Invitation } from '../../domain/accounts/invitation';
import { assertPasswordPolicy } from '../../domain/accounts/password-policy';
import { assertCanGrant, assertPermission } from '../../domain/accounts/permissions';
import type { Permission, Role } from '../../domain/accounts/permissions';
import { TOKEN_TTL_MS } from '../../domain/accounts/sent-token';
import { toUserView } from '../../domain/accounts/user';
import type { ConsoleUser, UserView } from '../../domain/accounts/user';
import { GatewayError, NotFoundError } from '../../domain/errors';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, EmailInput, metaDetails, newId, parseInput, userActor } from './deps';
import { invitationEmail } from './emails';
import { PermissionsInput, RoleInput } from './members';
import { consumeToken, issueToken, resolveToken } from './password-reset';
import { crossTenantDenied } from './tenant';

export interface InvitationView {
  readonly id: string;
  readonly partnerId: string;
  readonly partnerCode: string | null;
  readonly email: string;
  readonly role: Role;
  readonly extraPermissions: readonly Permission[];
  readonly invitedBy: string;
  readonly status: ReturnType<typeof invitationDisplayStatus>;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly acceptedAt: string | null;
}

function toView(inv: Invitation, now: Date, partnerCode: string | null): InvitationView {
  return {
    id: inv.id,
    partnerId: inv.partnerId,
    partnerCode,
    email: inv.email,
    role: inv.role,
    extraPermissions: inv.extraPermissions,
    invitedBy: inv.invitedBy,
    status: invitationDisplayStatus(inv, now),
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
    acceptedAt: inv.acceptedAt ?? null,
  };
}

const InviteInput = z.strictObject({
  email: EmailInput,
  role: RoleInput,
  extraPermissions: PermissionsInput,
});

async function workspaceName(deps: AccountsDeps, partnerId: string): Promise<string> {
  const [workspace, partner] = await Promise.all([
    deps.workspaces.get(partnerId),
    deps.partners.get(partnerId),
  ]);
  return workspace?.displayName ?? partner?.name ?? 'the workspace';
}

async function issueInvitationToken(deps: AccountsDeps, inv: Pick<Invitation, 'id' | 'partnerId' | 'email'>) {
  return issueToken(deps, {
    kind: 'INVITATION',
    partnerId: inv.partnerId,
    subjectId: inv.id,
    sentTo: inv.email,
  });
}

async function mailInvitation(deps: AccountsDeps, inv: Invitation, token: string): Promise<void> {
  const days = TOKEN_TTL_MS.INVITATION / 86_400_000;
  await deps.email.send(
    invitationEmail(
      inv.email,
      deps.consoleUrl,
      token,
      await workspaceName(deps, inv.partnerId),
      inv.role,
      days,
    ),
  );
}

/** Invites someone by email with a role; the grant may not exceed the inviter's own permissions. */
export async function inviteMember(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<InvitationView> {
  assertPermission(principal.permissions, 'member:manage');
  const { email, role, extraPermissions } = parseInput(InviteInput, input);
  let grant;
  try {
    grant = assertCanGrant(
      { role: principal.role, permissions: principal.permissions },
      { role, extraPermissions },
      principal.partnerType,
    );
  } catch (e) {
    await audit(deps, {
      partnerId: principal.partnerId,
      actor: userActor(principal.userId),
      action: 'console.invitation.create',
      outcome: 'DENIED',
      at: deps.clock.now().toISOString(),
      sourceIp: meta.sourceIp,
      reason: (e as { code?: string }).code ?? 'ERROR',
      details: { ...metaDetails(meta), email, role, extraPermissions: extraPermissions.join(',') },
    });
    throw e;
  }
  if (await deps.users.getByEmail(email))
    throw new GatewayError('EMAIL_TAKEN', 'This email already has an account');
  const now = deps.clock.now().toISOString();
  const id = newId('iv');
  const { token, record } = await issueInvitationToken(deps, { id, partnerId: principal.partnerId, email });
  const invitation: Invitation = {
    id,
    partnerId: principal.partnerId,
    email,
    role: grant.role,
    extraPermissions: grant.extraPermissions,
    invitedBy: principal.userId,
    status: 'PENDING',
    tokenId: record.id,
    createdAt: now,
    expiresAt: record.expiresAt,
    updatedAt: now,
  };
  await deps.invitations.create(invitation);
  await mailInvitation(deps, invitation, token);
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.invitation.create',
    outcome: 'SUCCESS',
    at: now,
    sourceIp: meta.sourceIp,
    details: {
      ...metaDetails(meta),
      invitationId: invitation.id,
      email,
      role: grant.role,
      extraPermissions: grant.extraPermissions.join(','),
    },
  });
  return toView(invitation, deps.clock.now(), principal.partnerCode);
}

async function loadInvitation(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  invitationId: string,
  meta: RequestMeta,
): Promise<Invitation> {
  const inv = await deps.invitations.get(invitationId);
  if (!inv) throw new NotFoundError('Invitation not found');
  if (inv.partnerId !== principal.partnerId)
    return crossTenantDenied(
      deps,
      principal,
      { partnerId: inv.partnerId, kind: 'Invitation', id: invitationId },
      meta,
    );
  return inv;
}

/** Sends a fresh link (the old one stops working) and restarts the expiry. */
export async function resendInvitation(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  invitationId: string,
  meta: RequestMeta,
): Promise<InvitationView> {
  assertPermission(principal.permissions, 'member:manage');
  const inv = await loadInvitation(deps, principal, invitationId, meta);
  transitionInvitation(inv.status, 'RESEND');
  const { token, record } = await issueInvitationToken(deps, inv);
  const updated = await deps.invitations.update(
    inv.id,
    { tokenId: record.id, expiresAt: record.expiresAt },
    deps.clock.now().toISOString(),
  );
  await mailInvitation(deps, updated, token);
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.invitation.resend',
    outcome: 'SUCCESS',
    at: deps.clock.now().toISOString(),
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), invitationId },
  });
  return toView(updated, deps.clock.now(), principal.partnerCode);
}

export async function revokeInvitation(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  invitationId: string,
  meta: RequestMeta,
): Promise<InvitationView> {
  assertPermission(principal.permissions, 'member:manage');
  const inv = await loadInvitation(deps, principal, invitationId, meta);
  const now = deps.clock.now().toISOString();
  const updated = await deps.invitations.update(
    inv.id,
    { status: transitionInvitation(inv.status, 'REVOKE') },
    now,
  );
  await deps.sentTokens.revokeOutstanding(inv.email, 'INVITATION', now, inv.id);
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.invitation.revoke',
    outcome: 'SUCCESS',
    at: now,
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), invitationId },
  });
  return toView(updated, deps.clock.now(), principal.partnerCode);
}

export async function listSentInvitations(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
): Promise<InvitationView[]> {
  assertPermission(principal.permissions, 'member:read');
  const now = deps.clock.now();
  return (await deps.invitations.listByPartner(principal.partnerId)).map((i) =>
    toView(i, now, principal.partnerCode),
  );
}

/** Invitations addressed to the signed-in user's email, from any workspace. */
export async function listReceivedInvitations(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
): Promise<InvitationView[]> {
  const now = deps.clock.now();
  const invitations = await deps.invitations.listByEmail(principal.email);
  const codes = new Map<string, string | null>();
  for (const id of new Set(invitations.map((i) => i.partnerId)))
    codes.set(id, (await deps.partners.get(id))?.code ?? null);
  return invitations.map((i) => toView(i, now, codes.get(i.partnerId) ?? null));
}

const TokenInput = z.strictObject({ token: z.string().min(1).max(200) });

async function resolveInvitation(deps: AccountsDeps, token: string) {
  const record = await resolveToken(deps, token, 'INVITATION');
  const inv = record.subjectId ? await deps.invitations.get(record.subjectId) : undefined;
  if (!inv || inv.tokenId !== record.id || inv.email !== record.sentTo)
    throw new GatewayError('TOKEN_INVALID', 'This link is not valid');
  transitionInvitation(inv.status, 'ACCEPT');
  return { record, inv };
}

/** What an invitation link offers, before accepting (no sign-in needed; the token is the credential). */
export async function inspectInvitation(
  deps: AccountsDeps,
  input: unknown,
): Promise<{ email: string; role: Role; workspace: string; expiresAt: string }> {
  const { token } = parseInput(TokenInput, input);
  const { inv } = await resolveInvitation(deps, token);
  return {
    email: inv.email,
    role: inv.role,
    workspace: await workspaceName(deps, inv.partnerId),
    expiresAt: inv.expiresAt,
  };
}

const AcceptInput = z.strictObject({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(120),
  password: z.string().max(1024),
});

/** Accepts an invitation: the account is created with the invited role and the chosen password. */
export async function acceptInvitation(
  deps: AccountsDeps,
  input: unknown,
  meta: RequestMeta,
): Promise<UserView> {
  const { token, name, password } = parseInput(AcceptInput, input);
  assertPasswordPolicy(password);
  const { record, inv } = await resolveInvitation(deps, token);
  const passwordHash = await deps.passwords.hash(password);
  await consumeToken(deps, record);
  const now = deps.clock.now().toISOString();
  const user: ConsoleUser = {
    id: newId('us'),
    partnerId: inv.partnerId,
    email: inv.email,
    name,
    role: inv.role,
    extraPermissions: inv.extraPermissions,
    status: 'ACTIVE',
    passwordHash,
    passwordChangedAt: now,
    twoFactor: { enabled: false },
    createdAt: now,
    updatedAt: now,
  };
  await deps.users.create(user);
  await deps.invitations.update(
    inv.id,
    { status: 'ACCEPTED', acceptedAt: now, acceptedUserId: user.id },
    now,
  );
  await audit(deps, {
    partnerId: inv.partnerId,
    actor: userActor(user.id),
    action: 'console.invitation.accept',
    outcome: 'SUCCESS',
    at: now,
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), invitationId: inv.id, role: inv.role, invitedBy: inv.invitedBy },
  });
  return toUserView(user);
}
