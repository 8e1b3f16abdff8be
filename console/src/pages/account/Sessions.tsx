import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SessionView } from '../../api/types';
import { DataTable, RowButton } from '../../components/DataTable';
import { SuccessAlert } from '../../components/notices';
import { OtpModal } from '../../components/OtpModal';
import { QueryView, StatusBadge } from '../../components/ui';
import { formatDateTime } from '../../lib/format';

/** "Chrome on Linux" from a user agent; the raw string stays in the tooltip. */
export function describeDevice(userAgent: string): string | null {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /(Chrome|Chromium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : null;
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (!browser && !os) return null;
  return [browser, os].filter(Boolean).join(' · ');
}

/** My account → Sessions: where I am signed in (device, IP, times), this one flagged, any other signed out. */
export function Sessions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['my-sessions'],
    queryFn: () => api.get<{ sessions: SessionView[] }>('/console/me/sessions'),
  });
  const [revoking, setRevoking] = useState<SessionView | null>(null);
  const [revoked, setRevoked] = useState(false);
  const device = (s: SessionView) => describeDevice(s.userAgent) ?? t('screens.sessions.unknownDevice');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
      <Title order={2} size="h4" mb={4} id="sessions-title">
        {t('screens.sessions.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('screens.sessions.help')}
      </Text>
      <Stack>
        {revoked ? <SuccessAlert>{t('screens.sessions.revoked')}</SuccessAlert> : null}
        <QueryView query={query} isEmpty={(d) => d.sessions.length === 0} empty={t('screens.sessions.none')}>
          {(d) => (
            <DataTable
              miw={800}
              data-testid="my-sessions"
              rows={d.sessions}
              rowKey={(s) => s.id}
              rowAttrs={(s) => ({ 'data-session': s.current ? 'current' : s.status })}
              columns={[
                {
                  header: t('screens.sessions.device'),
                  cell: (s) => (
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" title={s.userAgent}>
                        {device(s)}
                      </Text>
                      {s.current ? (
                        <Badge color="teal" variant="filled" size="sm" style={{ minWidth: 'max-content' }}>
                          {t('screens.sessions.current')}
                        </Badge>
                      ) : null}
                    </Group>
                  ),
                },
                { header: t('screens.sessions.ip'), cell: (s) => s.sourceIp, nowrap: true },
                {
                  header: t('screens.sessions.signedIn'),
                  cell: (s) => formatDateTime(s.createdAt),
                  nowrap: true,
                },
                {
                  header: t('screens.sessions.lastActive'),
                  cell: (s) => formatDateTime(s.lastActiveAt),
                  nowrap: true,
                },
                {
                  header: t('screens.sessions.expires'),
                  cell: (s) => formatDateTime(s.expiresAt),
                  nowrap: true,
                },
                { header: t('screens.sessions.status'), cell: (s) => <StatusBadge status={s.status} /> },
                {
                  cell: (s) =>
                    s.status === 'ACTIVE' && !s.current ? (
                      <RowButton color="red" onClick={() => setRevoking(s)}>
                        {t('screens.sessions.revoke')}
                      </RowButton>
                    ) : null,
                },
              ]}
            />
          )}
        </QueryView>
      </Stack>
      <OtpModal
        opened={!!revoking}
        withOtp={false}
        title={t('screens.sessions.revokeTitle')}
        confirmLabel={t('screens.sessions.revoke')}
        confirmColor="red"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          setRevoked(false);
          await api.del(`/console/me/sessions/${encodeURIComponent(revoking?.id ?? '')}`);
          setRevoked(true);
          await queryClient.invalidateQueries({ queryKey: ['my-sessions'] });
        }}
      >
        <Text size="sm">
          {revoking
            ? t('screens.sessions.revokeBody', { device: device(revoking), ip: revoking.sourceIp })
            : null}
        </Text>
      </OtpModal>
    </Paper>
  );
}
