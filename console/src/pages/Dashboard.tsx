import { Alert, Card, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { BalanceRow, DashboardSummary } from '../api/types';
import { PageTitle, QueryView } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { formatToken, formatUsd, sumDecimals } from '../lib/money';
import { SubPartnerDashboardCards } from './sub-partners/DashboardCards';

// recharts is large: the chart loads after the figures.
const DepositTrendChart = lazy(() => import('./DepositTrendChart'));

/** How often the dashboard refreshes itself. */
export const DASHBOARD_POLL_MS = 5_000;

function StatCard({
  label,
  value,
  sub,
  testId,
}: {
  label: string;
  value: string;
  sub?: string;
  testId: string;
}) {
  return (
    <Card withBorder padding="lg" data-testid={testId}>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text fz={26} fw={700} mt={4} ff="monospace" data-testid={`${testId}-value`}>
        {value}
      </Text>
      {sub ? (
        <Text size="sm" c="dimmed" data-testid={`${testId}-sub`}>
          {sub}
        </Text>
      ) : null}
    </Card>
  );
}

function BalancesByCurrency({ balances }: { balances: BalanceRow[] }) {
  const { t } = useTranslation();
  const tokens = [...new Set(balances.map((b) => b.token))];
  return (
    <Stack gap="md">
      {tokens.map((token) => {
        const rows = balances.filter((b) => b.token === token);
        return (
          <div key={token}>
            <Group justify="space-between" mb={4}>
              <Title order={3} size="h5">
                {token}
              </Title>
              <Text ff="monospace" fw={600} data-testid={`balance-${token}`}>
                {formatToken(sumDecimals(rows.map((r) => r.available)), 18)} {token}
              </Text>
            </Group>
            <Table striped withTableBorder fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dashboard.network')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.availableCol')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.held')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.asset} data-asset={r.asset}>
                    <Table.Td>{r.network}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatToken(r.available, r.decimals)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatToken(r.held, r.decimals)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatToken(r.total, r.decimals)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        );
      })}
    </Stack>
  );
}

/** Platform operator only: a banner per network whose deposit poller keeps failing (issue 12 §0). */
function PollerHealthBanners({ health }: { health: DashboardSummary['pollerHealth'] }) {
  const { t } = useTranslation();
  const failing = health?.networks.filter((n) => n.status === 'FAILING') ?? [];
  return (
    <>
      {failing.map((n) => (
        <Alert
          key={n.network}
          color="red"
          role="alert"
          title={t('dashboard.pollerFailingTitle', { network: n.network })}
          data-testid={`poller-failing-${n.network}`}
        >
          {t('dashboard.pollerFailing', {
            count: n.consecutiveFailures,
            since: n.failingSince ? formatDateTime(n.failingSince) : '—',
            error: n.lastError ?? '—',
          })}
        </Alert>
      ))}
    </>
  );
}

/** Today's figures, available balance, pending approvals, the 7-day trend and balances; refreshes itself. */
export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const query = useQuery({
    queryKey: ['dashboard'],
    queryFn: () => api.get<DashboardSummary>('/console/dashboard'),
    refetchInterval: DASHBOARD_POLL_MS,
  });
  return (
    <>
      <PageTitle title={t('dashboard.title')}>
        {query.data ? (
          <Text size="xs" c="dimmed" aria-live="polite">
            {t('app.updated', { time: formatDateTime(query.data.asOf) })}
          </Text>
        ) : null}
      </PageTitle>
      <QueryView query={query}>
        {(d) => (
          <Stack gap="lg">
            <PollerHealthBanners health={d.pollerHealth} />
            <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }}>
              <StatCard
                testId="today-deposits"
                label={t('dashboard.todayDeposits')}
                value={formatUsd(d.today.deposits.amountUsd, i18n.language)}
                sub={t('dashboard.count', { count: d.today.deposits.count })}
              />
              <StatCard
                testId="today-withdrawals"
                label={t('dashboard.todayWithdrawals')}
                value={formatUsd(d.today.withdrawals.amountUsd, i18n.language)}
                sub={t('dashboard.processedInProgress', {
                  processed: d.today.withdrawals.count,
                  inProgress: d.withdrawalsInProgress,
                })}
              />
              <StatCard
                testId="available-balance"
                label={t('dashboard.available')}
                value={formatUsd(d.availableUsd, i18n.language)}
                sub={`USDT + USDC`}
              />
              <StatCard
                testId="pending-withdrawals"
                label={t('dashboard.pending')}
                value={String(d.pendingWithdrawals)}
                sub={t('dashboard.awaitingApproval')}
              />
            </SimpleGrid>
            <SubPartnerDashboardCards data={d} />
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Paper withBorder p="md">
                <Group justify="space-between" mb="sm">
                  <Title order={2} size="h4">
                    {t('dashboard.trend')}
                  </Title>
                </Group>
                <Suspense fallback={<Skeleton h={260} />}>
                  <DepositTrendChart days={d.depositTrend.days} />
                </Suspense>
              </Paper>
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  {t('dashboard.byCurrency')}
                </Title>
                <BalancesByCurrency balances={d.balances} />
              </Paper>
            </SimpleGrid>
          </Stack>
        )}
      </QueryView>
    </>
  );
}
