import { Checkbox, Select, SimpleGrid, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import type { Member, RoleView } from '../../api/types';
import { OtpModal } from '../../components/OtpModal';
import { useMe } from '../../lib/session';

export function useRoles() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: () => api.get<{ roles: RoleView[] }>('/console/roles'),
    staleTime: Infinity,
  });
}

/** A member's permissions beyond what their role includes (their extra permissions). */
export function extraPermissions(member: Member, roles: readonly RoleView[] | undefined): string[] {
  const included = new Set(roles?.find((r) => r.role === member.role)?.permissions ?? []);
  return roles ? member.permissions.filter((p) => !included.has(p)) : [];
}

/**
 * What a no-escalation refusal is about: the permissions the grant would confer that the signed-in
 * manager does not hold (the API keeps the list in its audit log, not in the answer).
 */
function refusedPermissions(
  e: unknown,
  conferred: readonly string[],
  held: readonly string[],
): string | null {
  if (!(e instanceof ApiError) || e.code !== 'PRIVILEGE_ESCALATION') return null;
  const missing = conferred.filter((p) => !held.includes(p));
  return missing.length ? missing.join(', ') : null;
}

/**
 * Settings → Members → Change role: the role and the extra permissions on top of it (PATCH
 * /console/members/{id}). The server's no-escalation refusal reads as a sentence naming what is not held.
 */
export function EditMemberModal({
  member,
  onClose,
  onDone,
}: {
  member: Member | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const me = useMe();
  const [role, setRole] = useState<string | null>(null);
  const [extras, setExtras] = useState<string[] | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const all = [...new Set(roles.data?.roles.flatMap((r) => r.permissions) ?? [])];
  const currentRole = role ?? member?.role ?? 'VIEWER';
  const included = new Set(roles.data?.roles.find((r) => r.role === currentRole)?.permissions ?? []);
  const chosen = extras ?? (member ? extraPermissions(member, roles.data?.roles) : []);
  const close = () => {
    setRole(null);
    setExtras(null);
    setRefused(null);
    onClose();
  };
  return (
    <OtpModal
      opened={!!member}
      withOtp={false}
      title={t('screens.members.editTitle', { name: member?.name ?? '' })}
      confirmLabel={t('app.save')}
      onClose={close}
      onConfirm={async () => {
        setRefused(null);
        try {
          await api.patch(`/console/members/${encodeURIComponent(member?.id ?? '')}`, {
            role: currentRole,
            extraPermissions: chosen.filter((p) => !included.has(p)),
          });
        } catch (e) {
          setRefused(refusedPermissions(e, [...included, ...chosen], me.data?.permissions ?? []));
          throw e;
        }
        await queryClient.invalidateQueries({ queryKey: ['members'] });
        onDone(t('screens.members.saved', { name: member?.name ?? '' }));
        setRole(null);
        setExtras(null);
      }}
    >
      <Select
        label={t('screens.members.role')}
        data={roles.data?.roles.map((r) => r.role) ?? [currentRole]}
        value={currentRole}
        onChange={(v) => setRole(v ?? currentRole)}
        allowDeselect={false}
        name="role"
      />
      <Text size="xs" c="dimmed">
        {t('screens.members.roleIncludes', { permissions: [...included].join(', ') })}
      </Text>
      <Checkbox.Group
        label={t('screens.members.extra')}
        description={t('screens.members.extraHelp')}
        value={chosen.filter((p) => !included.has(p))}
        onChange={setExtras}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing={6}>
          {all
            .filter((p) => !included.has(p))
            .map((p) => (
              <Checkbox key={p} value={p} label={p} />
            ))}
        </SimpleGrid>
      </Checkbox.Group>
      {refused ? (
        <Text size="sm" c="red" data-testid="member-refused-permissions">
          {t('screens.members.notHeld', { permissions: refused })}
        </Text>
      ) : null}
    </OtpModal>
  );
}

/** Deactivating a member asks first, saying that their sessions end too. */
export function DeactivateMemberModal({
  member,
  onClose,
  onDone,
}: {
  member: Member | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <OtpModal
      opened={!!member}
      withOtp={false}
      title={t('screens.members.deactivateTitle', { name: member?.name ?? '' })}
      confirmLabel={t('settings.deactivate')}
      confirmColor="red"
      onClose={onClose}
      onConfirm={async () => {
        await api.post(`/console/members/${encodeURIComponent(member?.id ?? '')}/deactivate`);
        await queryClient.invalidateQueries({ queryKey: ['members'] });
        onDone(t('screens.members.deactivated', { name: member?.name ?? '' }));
      }}
    >
      <Text size="sm">
        {t('screens.members.deactivateBody', { name: member?.name ?? '', email: member?.email ?? '' })}
      </Text>
    </OtpModal>
  );
}
