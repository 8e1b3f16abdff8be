import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DetailTable, QueryView } from '../../components/ui';
import { formatRate } from '../../lib/fees';
import { SectionTitle } from '../../components/DataTable';
import { AssetAmounts, TypeBadge, useOwnFees } from './common';

/**
 * Settings → Fees (seed 000 §9.2), for every partner type: its own rates, floor and cap, and for
 * distributors (and the platform) the revenue earned per asset this month. Read only.
 */
export function FeesTab() {
  const { t } = useTranslation();
  const fees = useOwnFees();
  return (
    <Stack gap="md" data-testid="fees-tab">
      <SectionTitle title={t('subPartners.fees.title')} />
      <Text size="sm" c="dimmed">
        {t('subPartners.fees.help')}
      </Text>
      <QueryView query={fees}>
        {(d) => (
          <>
            <Paper withBorder p="md" maw={560}>
              <DetailTable
                rows={[
                  [t('subPartners.fees.type'), <TypeBadge key="t" type={d.type} />],
                  ...(d.fees.depositFeeRate !== undefined
                    ? ([[t('subPartners.col.depositFeeRate'), formatRate(d.fees.depositFeeRate)]] as const)
                    : []),
                  ...(d.fees.parentFeeRate !== undefined
                    ? ([[t('subPartners.col.parentFeeRate'), formatRate(d.fees.parentFeeRate)]] as const)
                    : []),
                  ...(d.fees.maxFeeCap !== undefined
                    ? ([[t('subPartners.col.maxFeeCap'), formatRate(d.fees.maxFeeCap)]] as const)
                    : []),
                  [
                    t('subPartners.col.minFeeRate'),
                    <span key="m" title={t('subPartners.fees.floorHelp')}>
                      {formatRate(d.fees.minFeeRate)}
                    </span>,
                  ],
                ]}
              />
            </Paper>
            {d.type !== 'MERCHANT' ? (
              <Paper withBorder p="md" maw={560}>
                <Title order={3} size="h5" mb="xs">
                  {t('subPartners.fees.revenueThisMonth')}
                </Title>
                <AssetAmounts
                  amounts={d.revenueThisMonth}
                  testId="fees-revenue-this-month"
                  empty={t('subPartners.fees.noRevenue')}
                />
              </Paper>
            ) : null}
          </>
        )}
      </QueryView>
    </Stack>
  );
}
