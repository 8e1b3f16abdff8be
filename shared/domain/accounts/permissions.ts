import { GatewayError } from '../errors';
import type { PartnerType } from '../partner/partner';

/**
 * Console permissions, grouped into roles. A user holds the permissions of their role plus optional
 * extra permissions; nobody can hand out a permission they do not hold themselves.
 */
export const PERMISSIONS = [
  'dashboard:read',
  'finance:read',
  /** Pay a gas invoice from the partner's balance (ADR 0033). */
  'finance:manage',
  'withdrawal:request',
  'withdrawal:approve',
  'whitelist:manage',
  'wallet:create',
  'settings:read',
  'settings:write',
  'apikey:manage',
  'subpartner:read',
  'subpartner:manage',
  'member:read',
  'member:manage',
  'audit:read',
  'workspace:write',
  /** Platform operators only: read other partners' data (audit, members) across the tree. */
  'platform:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['OWNER', 'ADMIN', 'OPERATOR', 'APPROVER', 'FINANCE', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

/** Permissions that only users of the platform operator may hold. */
export const PLATFORM_ONLY_PERMISSIONS: readonly Permission[] = ['platform:read'];

const READ_ONLY: readonly Permission[] = [
  'dashboard:read',
  'finance:read',
  'settings:read',
  'subpartner:read',
  'member:read',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  OWNER: PERMISSIONS.filter((p) => !PLATFORM_ONLY_PERMISSIONS.includes(p)),
  ADMIN: [
    ...READ_ONLY,
    'withdrawal:request',
    'withdrawal:approve',
    'whitelist:manage',
    'wallet:create',
    'settings:write',
    'apikey:manage',
    'subpartner:manage',
    'member:manage',
    'finance:manage',
  ],
  OPERATOR: [...READ_ONLY, 'withdrawal:request', 'whitelist:manage', 'wallet:create'],
  APPROVER: [...READ_ONLY, 'withdrawal:approve'],
  FINANCE: [...READ_ONLY, 'finance:manage'],
  VIEWER: ['dashboard:read', 'finance:read', 'subpartner:read', 'member:read'],
};

export interface PermissionHolder {
  readonly role: Role;
  readonly extraPermissions: readonly Permission[];
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Everything a user may do: the role's permissions, the extras, and for owners and admins of the
 * platform operator the platform-wide read permission. Sorted, no duplicates.
 */
export function effectivePermissions(holder: PermissionHolder, partnerType: PartnerType): Permission[] {
  const set = new Set<Permission>([...ROLE_PERMISSIONS[holder.role], ...holder.extraPermissions]);
  if (partnerType === 'PLATFORM' && (holder.role === 'OWNER' || holder.role === 'ADMIN'))
    set.add('platform:read');
  if (partnerType !== 'PLATFORM') for (const p of PLATFORM_ONLY_PERMISSIONS) set.delete(p);
  return PERMISSIONS.filter((p) => set.has(p));
}

export function hasPermission(granted: readonly Permission[], needed: Permission): boolean {
  return granted.includes(needed);
}

export function assertPermission(granted: readonly Permission[], needed: Permission): void {
  if (!hasPermission(granted, needed)) {
    throw new GatewayError('PERMISSION_DENIED', `This action needs the ${needed} permission`, {
      details: { permission: needed },
    });
  }
}

export interface GrantRequest {
  readonly role: Role;
  readonly extraPermissions: readonly Permission[];
}

/**
 * Privilege escalation guard for invitations and role changes: the granter must hold every permission
 * the grant confers (role and extras), only an OWNER makes owners, and platform-only permissions never
 * go to users of other partners. Returns the grant with extras de-duplicated and minus what the role
 * already includes.
 */
export function assertCanGrant(
  granter: { readonly permissions: readonly Permission[]; readonly role: Role },
  grant: GrantRequest,
  targetPartnerType: PartnerType,
): GrantRequest {
  if (grant.role === 'OWNER' && granter.role !== 'OWNER') {
    throw new GatewayError('PRIVILEGE_ESCALATION', 'Only an owner can make someone an owner');
  }
  if (targetPartnerType !== 'PLATFORM') {
    const platformOnly = grant.extraPermissions.filter((p) => PLATFORM_ONLY_PERMISSIONS.includes(p));
    if (platformOnly.length) {
      throw new GatewayError(
        'PRIVILEGE_ESCALATION',
        `${platformOnly.join(', ')} is for platform operators only`,
        {
          details: { permissions: platformOnly.join(',') },
        },
      );
    }
  }
  const conferred = effectivePermissions(
    { role: grant.role, extraPermissions: grant.extraPermissions },
    targetPartnerType,
  );
  const missing = conferred.filter((p) => !granter.permissions.includes(p));
  if (missing.length) {
    throw new GatewayError(
      'PRIVILEGE_ESCALATION',
      `You cannot grant permissions you do not hold: ${missing.join(', ')}`,
      {
        details: { permissions: missing.join(',') },
      },
    );
  }
  const roleSet = new Set(ROLE_PERMISSIONS[grant.role]);
  const extras = PERMISSIONS.filter((p) => grant.extraPermissions.includes(p) && !roleSet.has(p));
  return { role: grant.role, extraPermissions: extras };
}

/**
 * A manager may change or deactivate a member only if the member holds nothing the manager lacks
 * (an admin cannot demote or lock out an owner), and never themselves.
 */
export function assertCanManage(
  manager: { readonly userId: string; readonly role: Role; readonly permissions: readonly Permission[] },
  member: { readonly userId: string; readonly role: Role; readonly permissions: readonly Permission[] },
): void {
  if (manager.userId === member.userId) {
    throw new GatewayError('FORBIDDEN', 'You cannot change your own role or status; ask another owner');
  }
  if (member.role === 'OWNER' && manager.role !== 'OWNER') {
    throw new GatewayError('PRIVILEGE_ESCALATION', 'Only an owner can change another owner');
  }
  const beyond = member.permissions.filter((p) => !manager.permissions.includes(p));
  if (beyond.length) {
    throw new GatewayError(
      'PRIVILEGE_ESCALATION',
      `The member holds permissions you do not: ${beyond.join(', ')}`,
      {
        details: { permissions: beyond.join(',') },
      },
    );
  }
}

/** A partner must always keep at least one active owner. */
export function assertKeepsAnOwner(
  activeOwnerIds: readonly string[],
  userId: string,
  change: { role?: Role; deactivate?: boolean },
): void {
  const losesOwner =
    activeOwnerIds.includes(userId) &&
    (change.deactivate === true || (change.role !== undefined && change.role !== 'OWNER'));
  if (losesOwner && activeOwnerIds.length <= 1) {
    throw new GatewayError('LAST_OWNER', 'A workspace must keep at least one active owner');
  }
}
