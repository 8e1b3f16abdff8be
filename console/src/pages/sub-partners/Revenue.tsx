import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, qs } from '../../api/client';
import type { Period, RevenueReport } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { Empty, Mono, PageTitle, QueryView } from '../../components/ui';
import { AssetAmounts, PeriodControl, SubPartnersGate, detailPath, formatUtc, splitAsset } from './common';
import { formatToken, tokenDecimals } from '../../lib/money';

type Range = { kind: 'period'; period: Period } | { kind: 'custom'; from: string; to: string };

/**
 * Revenue (issue 16): what the caller earned from its sub-partners, from its ledger revenue account,
 * per asset and per sub-partner, for Today / This week / This month or a custom range of days.
 */
export default function Revenue() {
  const { t } = useTranslation();
  const [range, setRange] = useState<Range>({ kind: 'period', period: 'today' });
  const [draft, setDraft] = useState({ from: '', to: '' });
  // A custom range is UTC calendar days (YYYY-MM-DD, both included), as the date fields give them.
  const query =
    range.kind === 'period' ? qs({ period: range.period }) : qs({ from: range.from, to: range.to });
  const report = useQuery({
    queryKey: ['revenue', query],
    queryFn: () => api.get<RevenueReport>(`/console/revenue${query}`),
  });
  return (
    <SubPartnersGate title={t('subPartners.revenue.title')}>
      <PageTitle title={t('subPartners.revenue.title')} help={t('subPartners.revenue.help')}>
        <PeriodControl
          value={range.kind === 'period' ? range.period : ('' as Period)}
          onChange={(period) => setRange({ kind: 'period', period })}
        />
      </PageTitle>
      <Group
        component="form"
        align="flex-end"
        gap="sm"
        mb="md"
        aria-label={t('subPartners.revenue.custom')}
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.from && draft.to) setRange({ kind: 'custom', ...draft });
        }}
      >
        <TextInput
          type="date"
          label={t('deposits.from')}
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label={t('deposits.to')}
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
        />
        <Button type="submit" variant="default" disabled={!draft.from || !draft.to}>
          {t('subPartners.revenue.custom')}
        </Button>
      </Group>
      <QueryView query={report}>
        {(d) => (
          <Stack gap="md" data-testid="revenue-report">
            <Text size="xs" c="dimmed">
              {t('subPartners.revenue.range', { from: formatUtc(d.from), to: formatUtc(d.to) })}
            </Text>
            <Title order={2} size="h4">
              {t('subPartners.revenue.totals')}
            </Title>
            {d.totals.length === 0 ? (
              <Empty message={t('subPartners.revenue.none')} />
            ) : (
              <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} data-testid="revenue-totals">
                {d.totals.map((a) => {
                  const { token, network } = splitAsset(a.asset);
                  return (
                    <Card withBorder padding="md" key={a.asset} data-asset={a.asset}>
                      <Text size="sm" c="dimmed">
                        {token} · {network}
                      </Text>
                      <Text fz={22} fw={700} ff="monospace">
                        {formatToken(a.amount, tokenDecimals(network, token))} {token}
                      </Text>
                    </Card>
                  );
                })}
              </SimpleGrid>
            )}
            <Title order={2} size="h4">
              {t('subPartners.revenue.bySubPartner')}
            </Title>
            {d.bySubPartner.length === 0 ? (
              <Empty message={t('subPartners.revenue.none')} />
            ) : (
              <DataTable
                data-testid="revenue-by-sub-partner"
                rows={d.bySubPartner}
                rowKey={(r) => r.code}
                rowAttrs={(r) => ({ 'data-code': r.code })}
                columns={[
                  {
                    header: t('subPartners.col.code'),
                    cell: (r) => (
                      <Anchor component={Link} to={detailPath(r.code)}>
                        <Mono>{r.code}</Mono>
                      </Anchor>
                    ),
                  },
                  { header: t('subPartners.col.name'), cell: (r) => r.name },
                  {
                    header: t('subPartners.col.revenue'),
                    cell: (r) => <AssetAmounts amounts={r.amounts} />,
                    right: true,
                  },
                ]}
              />
            )}
          </Stack>
        )}
      </QueryView>
    </SubPartnersGate>
  );
}
