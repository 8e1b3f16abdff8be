import fc from 'fast-check';
import {
  assertCanGrant,
  assertCanManage,
  assertKeepsAnOwner,
  assertPermission,
  effectivePermissions,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
} from '../../../shared/domain/accounts/permissions';
import type { Permission, Role } from '../../../shared/domain/accounts/permissions';
import { codeOf } from './support';

const holder = (role: Role, extraPermissions: Permission[] = []) => ({ role, extraPermissions });

describe('roles and permissions', () => {
  it('gives owners every partner permission and viewers read access only', () => {
    expect(effectivePermissions(holder('OWNER'), 'MERCHANT')).toEqual(
      PERMISSIONS.filter((p) => p !== 'platform:read'),
    );
    expect(effectivePermissions(holder('VIEWER'), 'MERCHANT').every((p) => p.endsWith(':read'))).toBe(true);
  });

  it('separates requesting from approving withdrawals', () => {
    expect(ROLE_PERMISSIONS.OPERATOR).toContain('withdrawal:request');
    expect(ROLE_PERMISSIONS.OPERATOR).not.toContain('withdrawal:approve');
    expect(ROLE_PERMISSIONS.APPROVER).toContain('withdrawal:approve');
    expect(ROLE_PERMISSIONS.APPROVER).not.toContain('withdrawal:request');
  });

  it('adds extra permissions to the role, and platform-wide reading only for platform owners and admins', () => {
    expect(effectivePermissions(holder('VIEWER', ['wallet:create']), 'MERCHANT')).toContain('wallet:create');
    expect(effectivePermissions(holder('OWNER'), 'PLATFORM')).toContain('platform:read');
    expect(effectivePermissions(holder('OWNER', ['platform:read']), 'DISTRIBUTOR')).not.toContain(
      'platform:read',
    );
    expect(effectivePermissions(holder('VIEWER'), 'PLATFORM')).not.toContain('platform:read');
  });

  it('refuses an action without its permission with PERMISSION_DENIED', () => {
    expect(codeOf(() => assertPermission(ROLE_PERMISSIONS.VIEWER, 'member:manage'))).toBe(
      'PERMISSION_DENIED',
    );
    expect(codeOf(() => assertPermission(ROLE_PERMISSIONS.ADMIN, 'member:manage'))).toBe('OK');
  });
});

describe('privilege escalation', () => {
  const admin = { role: 'ADMIN' as const, permissions: effectivePermissions(holder('ADMIN'), 'MERCHANT') };
  const owner = { role: 'OWNER' as const, permissions: effectivePermissions(holder('OWNER'), 'MERCHANT') };

  it('lets an admin invite operators but not owners', () => {
    expect(assertCanGrant(admin, { role: 'OPERATOR', extraPermissions: [] }, 'MERCHANT')).toEqual({
      role: 'OPERATOR',
      extraPermissions: [],
    });
    expect(codeOf(() => assertCanGrant(admin, { role: 'OWNER', extraPermissions: [] }, 'MERCHANT'))).toBe(
      'PRIVILEGE_ESCALATION',
    );
  });

  it('refuses extra permissions the granter does not hold', () => {
    expect(
      codeOf(() => assertCanGrant(admin, { role: 'VIEWER', extraPermissions: ['audit:read'] }, 'MERCHANT')),
    ).toBe('PRIVILEGE_ESCALATION');
    expect(
      codeOf(() =>
        assertCanGrant(admin, { role: 'VIEWER', extraPermissions: ['workspace:write'] }, 'MERCHANT'),
      ),
    ).toBe('PRIVILEGE_ESCALATION');
    expect(
      codeOf(() => assertCanGrant(owner, { role: 'VIEWER', extraPermissions: ['audit:read'] }, 'MERCHANT')),
    ).toBe('OK');
  });

  it('never grants platform permissions to other partners, even from a platform owner', () => {
    const platformOwner = {
      role: 'OWNER' as const,
      permissions: effectivePermissions(holder('OWNER'), 'PLATFORM'),
    };
    expect(
      codeOf(() =>
        assertCanGrant(platformOwner, { role: 'VIEWER', extraPermissions: ['platform:read'] }, 'MERCHANT'),
      ),
    ).toBe('PRIVILEGE_ESCALATION');
  });

  it('drops extras the role already includes', () => {
    expect(
      assertCanGrant(owner, { role: 'ADMIN', extraPermissions: ['member:manage', 'audit:read'] }, 'MERCHANT')
        .extraPermissions,
    ).toEqual(['audit:read']);
  });

  it('never confers a permission the granter lacks (property)', () => {
    const perm = fc.constantFrom(...PERMISSIONS);
    const role = fc.constantFrom(...ROLES);
    fc.assert(
      fc.property(
        role,
        fc.array(perm),
        role,
        fc.array(perm),
        fc.constantFrom('PLATFORM', 'DISTRIBUTOR', 'MERCHANT' as const),
        (gr, gx, tr, tx, type) => {
          const granter = { role: gr, permissions: effectivePermissions(holder(gr, gx), type) };
          let grant;
          try {
            grant = assertCanGrant(granter, { role: tr, extraPermissions: tx }, type);
          } catch {
            return true;
          }
          return effectivePermissions(grant, type).every((p) => granter.permissions.includes(p));
        },
      ),
    );
  });

  it('lets nobody manage themselves or a member holding more than they do', () => {
    const me = { userId: 'u1', ...admin };
    expect(codeOf(() => assertCanManage(me, { ...me }))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCanManage(me, { userId: 'u2', ...owner }))).toBe('PRIVILEGE_ESCALATION');
    const finance = {
      userId: 'u3',
      role: 'FINANCE' as const,
      permissions: effectivePermissions(holder('FINANCE', ['audit:read']), 'MERCHANT'),
    };
    expect(codeOf(() => assertCanManage(me, finance))).toBe('PRIVILEGE_ESCALATION');
    expect(codeOf(() => assertCanManage({ userId: 'u9', ...owner }, finance))).toBe('OK');
  });

  it('keeps at least one active owner', () => {
    expect(codeOf(() => assertKeepsAnOwner(['o1'], 'o1', { deactivate: true }))).toBe('LAST_OWNER');
    expect(codeOf(() => assertKeepsAnOwner(['o1'], 'o1', { role: 'ADMIN' }))).toBe('LAST_OWNER');
    expect(codeOf(() => assertKeepsAnOwner(['o1'], 'o1', { role: 'OWNER' }))).toBe('OK');
    expect(codeOf(() => assertKeepsAnOwner(['o1', 'o2'], 'o1', { deactivate: true }))).toBe('OK');
    expect(codeOf(() => assertKeepsAnOwner(['o1'], 'x', { deactivate: true }))).toBe('OK');
  });
});
