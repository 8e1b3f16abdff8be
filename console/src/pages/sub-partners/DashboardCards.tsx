import { Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DashboardSubPartners } from '../../api/types';
import { AssetAmounts } from './common';

/**
 * A distributor's dashboard (seed 000 §3, §7.1): the sub-partner overview (counts by status and type)
 * and the revenue summary (today, this month), from the dashboard response's `subPartners` and `revenue`.
 */
export function SubPartnerDashboardCards({ data }: { data: DashboardSubPartners }) {
  const { t } = useTranslation();
  const sp = data.subPartners;
  const revenue = data.revenue;
  if (!sp && !revenue) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {sp ? (
        <Card withBorder padding="lg" data-testid="dashboard-sub-partners">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              <Link to="/sub-partners" style={{ color: 'inherit' }}>
                {t('subPartners.dashboard.overview')}
              </Link>
            </Title>
            <Text fz={26} fw={700} ff="monospace" data-testid="dashboard-sub-partners-total">
              {sp.total}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 2, xs: 4 }}>
            {(
              [
                ['active', sp.active],
                ['suspended', sp.suspended],
                ['merchants', sp.merchants],
                ['distributors', sp.distributors],
              ] as const
            ).map(([key, value]) => (
              <div key={key} data-testid={`dashboard-sub-partners-${key}`}>
                <Text size="xs" c="dimmed">
                  {t(`subPartners.dashboard.${key}`)}
                </Text>
                <Text fw={600} ff="monospace">
                  {value}
                </Text>
              </div>
            ))}
          </SimpleGrid>
        </Card>
      ) : null}
      {revenue ? (
        <Card withBorder padding="lg" data-testid="dashboard-revenue">
          <Title order={2} size="h4" mb="sm">
            <Link to="/sub-partners/revenue" style={{ color: 'inherit' }}>
              {t('subPartners.dashboard.revenue')}
            </Link>
          </Title>
          <SimpleGrid cols={2}>
            <div>
              <Text size="xs" c="dimmed">
                {t('subPartners.dashboard.revenueToday')}
              </Text>
              <AssetAmounts
                amounts={revenue.today}
                testId="dashboard-revenue-today"
                empty={t('subPartners.dashboard.none')}
              />
            </div>
            <div>
              <Text size="xs" c="dimmed">
                {t('subPartners.dashboard.revenueMonth')}
              </Text>
              <AssetAmounts
                amounts={revenue.month}
                testId="dashboard-revenue-month"
                empty={t('subPartners.dashboard.none')}
              />
            </div>
          </SimpleGrid>
        </Card>
      ) : null}
    </SimpleGrid>
  );
}
