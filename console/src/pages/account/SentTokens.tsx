import { Badge, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { SentTokenView } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { QueryView } from '../../components/ui';
import { formatDateTime } from '../../lib/format';

const COLORS: Record<SentTokenView['status'], string> = {
  SENT: 'blue',
  USED: 'green',
  REVOKED: 'gray',
  EXPIRED: 'gray',
};

/** My account → Sent links: what the gateway emailed about me (time, destination, type, status), never the token. */
export function SentTokens() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['my-tokens'],
    queryFn: () => api.get<{ tokens: SentTokenView[] }>('/console/me/tokens'),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tokens-title">
      <Title order={2} size="h4" mb={4} id="tokens-title">
        {t('screens.tokens.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('screens.tokens.help')}
      </Text>
      <QueryView query={query} isEmpty={(d) => d.tokens.length === 0} empty={t('screens.tokens.none')}>
        {(d) => (
          <DataTable
            miw={700}
            data-testid="my-tokens"
            rows={[...d.tokens].sort((a, b) => b.sentAt.localeCompare(a.sentAt))}
            rowKey={(x) => x.id}
            columns={[
              { header: t('screens.tokens.sentAt'), cell: (x) => formatDateTime(x.sentAt), nowrap: true },
              { header: t('screens.tokens.sentTo'), cell: (x) => x.sentTo },
              { header: t('screens.tokens.kind'), cell: (x) => t(`screens.tokens.kinds.${x.kind}`) },
              {
                header: t('screens.tokens.status'),
                cell: (x) => (
                  <Badge color={COLORS[x.status]} variant="light" data-status={x.status}>
                    {t(`screens.tokens.statuses.${x.status}`)}
                  </Badge>
                ),
              },
              { header: t('screens.tokens.expires'), cell: (x) => formatDateTime(x.expiresAt), nowrap: true },
              { header: t('screens.tokens.usedAt'), cell: (x) => formatDateTime(x.usedAt), nowrap: true },
            ]}
          />
        )}
      </QueryView>
    </Paper>
  );
}
