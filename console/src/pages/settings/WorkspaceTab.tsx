import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Me, ReceivedInvitation, Workspace } from '../../api/types';
import { DataTable, SectionTitle } from '../../components/DataTable';
import { SuccessAlert } from '../../components/notices';
import { ErrorAlert, QueryView, StatusBadge } from '../../components/ui';
import { fieldErrors } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useRefreshingMutation } from '../../lib/queries';
import { can } from '../../lib/session';

/** Settings → Workspace: the display name (owners, PATCH /console/workspace) and invitations sent to me. */
export function WorkspaceTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const workspace = useQuery({
    queryKey: ['workspace'],
    queryFn: () => api.get<Workspace>('/console/workspace'),
  });
  const received = useQuery({
    queryKey: ['invitations-received'],
    queryFn: () => api.get<{ invitations: ReceivedInvitation[] }>('/console/invitations/received'),
  });
  const [name, setName] = useState<string | null>(null);
  const mayWrite = can(me, 'workspace:write');
  const save = useRefreshingMutation(
    ['workspace'],
    (displayName: string) => api.patch<Workspace>('/console/workspace', { displayName }),
    () => setName(null),
  );
  const nameError = save.isError ? fieldErrors(save.error, t)['displayName'] : undefined;
  return (
    <Stack>
      <SectionTitle title={t('screens.workspace.details')} />
      <QueryView query={workspace}>
        {(w) => (
          <Paper withBorder p="md">
            <form
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate((name ?? w.workspace.displayName).trim());
              }}
            >
              <Stack>
                {!mayWrite ? (
                  <Text size="sm" c="dimmed">
                    {t('screens.workspace.readOnly')}
                  </Text>
                ) : null}
                <TextInput
                  label={t('screens.workspace.displayName')}
                  description={t('screens.workspace.displayNameHelp')}
                  name="displayName"
                  value={name ?? w.workspace.displayName}
                  onChange={(e) => setName(e.currentTarget.value)}
                  disabled={!mayWrite}
                  maxLength={120}
                  error={nameError ? t('errors.VALIDATION_FAILED') : undefined}
                  required
                  maw={480}
                />
                {save.isError ? <ErrorAlert error={save.error} /> : null}
                {save.isSuccess ? <SuccessAlert>{t('screens.workspace.saved')}</SuccessAlert> : null}
                {mayWrite ? (
                  <Group justify="flex-end">
                    <Button type="submit" loading={save.isPending} disabled={name === null || !name.trim()}>
                      {t('app.save')}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </form>
          </Paper>
        )}
      </QueryView>
      <Title order={3} size="h5">
        {t('screens.workspace.received')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('screens.workspace.receivedHelp')}
      </Text>
      <QueryView
        query={received}
        isEmpty={(d) => d.invitations.length === 0}
        empty={t('screens.workspace.receivedNone')}
      >
        {(d) => (
          <DataTable
            miw={600}
            data-testid="received-invitations"
            rows={d.invitations}
            rowKey={(i) => i.id}
            columns={[
              { header: t('screens.workspace.fromWorkspace'), cell: (i) => i.partnerCode ?? '—' },
              { header: t('screens.workspace.role'), cell: (i) => i.role },
              { header: t('screens.workspace.status'), cell: (i) => <StatusBadge status={i.status} /> },
              {
                header: t('screens.workspace.expires'),
                cell: (i) => formatDateTime(i.expiresAt),
                nowrap: true,
              },
            ]}
          />
        )}
      </QueryView>
    </Stack>
  );
}
