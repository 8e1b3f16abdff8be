import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, qs } from '../../api/client';
import type { ActivityReport, ActivityRow, Period } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { Mono, PageTitle, QueryView, rowProps } from '../../components/ui';
import {
  AssetAmounts,
  PartnerStatus,
  PeriodControl,
  SubPartnersGate,
  TypeBadge,
  detailPath,
  formatUtc,
} from './common';

type Sort = 'depositAmount' | 'depositCount' | 'withdrawalAmount' | 'revenue';

/** A column header that sorts the table by it (server-side); the active one shows its direction. */
function SortHeader({
  label,
  column,
  sort,
  order,
  onSort,
}: {
  label: string;
  column: Sort;
  sort: Sort;
  order: 'asc' | 'desc';
  onSort: (s: Sort) => void;
}) {
  const { t } = useTranslation();
  const active = sort === column;
  const Icon = active ? (order === 'desc' ? IconArrowDown : IconArrowUp) : IconArrowsSort;
  return (
    <UnstyledButton
      onClick={() => onSort(column)}
      aria-label={t('subPartners.activity.sortBy', { column: label })}
      aria-pressed={active}
      data-sort={column}
      style={{ fontWeight: 700, fontSize: 'inherit' }}
    >
      <Group gap={4} wrap="nowrap" justify="flex-end">
        {label}
        <Icon size={14} aria-hidden />
      </Group>
    </UnstyledButton>
  );
}

/**
 * Activity overview (seed 000 §7.5): per direct sub-partner (its whole subtree) the deposits,
 * withdrawals and the caller's revenue in one period, sortable; a row opens that sub-partner.
 */
export default function Activity() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [period, setPeriod] = useState<Period>('today');
  const [sort, setSort] = useState<Sort>('depositAmount');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const report = useQuery({
    queryKey: ['sub-partner-activity', period, sort, order],
    queryFn: () => api.get<ActivityReport>(`/console/sub-partners/activity${qs({ period, sort, order })}`),
  });
  const onSort = (column: Sort) => {
    if (column === sort) setOrder((o) => (o === 'desc' ? 'asc' : 'desc'));
    else {
      setSort(column);
      setOrder('desc');
    }
  };
  const header = (label: string, column: Sort) => (
    <SortHeader label={label} column={column} sort={sort} order={order} onSort={onSort} />
  );
  return (
    <SubPartnersGate title={t('subPartners.activity.title')}>
      <PageTitle title={t('subPartners.activity.title')} help={t('subPartners.activity.help')}>
        <PeriodControl value={period} onChange={setPeriod} />
      </PageTitle>
      <QueryView query={report} isEmpty={(d) => d.items.length === 0} empty={t('subPartners.activity.empty')}>
        {(d) => (
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              {t('subPartners.revenue.range', { from: formatUtc(d.from), to: formatUtc(d.to) })}
            </Text>
            <DataTable<ActivityRow>
              highlightOnHover
              miw={1100}
              data-testid="activity-table"
              rows={d.items}
              rowKey={(r) => r.code}
              rowAttrs={(r) => ({
                'data-code': r.code,
                ...rowProps(() => void navigate(detailPath(r.code)), t('subPartners.open', { code: r.code })),
              })}
              columns={[
                {
                  header: t('subPartners.col.code'),
                  cell: (r) => (
                    <Stack gap={0}>
                      <Mono>{r.code}</Mono>
                      <Text size="xs" c="dimmed">
                        {r.name}
                      </Text>
                    </Stack>
                  ),
                },
                { header: t('subPartners.col.type'), cell: (r) => <TypeBadge type={r.type} /> },
                {
                  header: t('subPartners.col.status'),
                  cell: (r) => <PartnerStatus status={r.status} accessSuspended={false} />,
                },
                {
                  header: header(t('subPartners.col.depositCount'), 'depositCount'),
                  cell: (r) => String(r.deposits.count),
                  right: true,
                },
                {
                  header: header(t('subPartners.col.depositAmount'), 'depositAmount'),
                  cell: (r) => <AssetAmounts amounts={r.deposits.amounts} />,
                  right: true,
                },
                {
                  header: t('subPartners.col.withdrawalCount'),
                  cell: (r) => String(r.withdrawals.count),
                  right: true,
                },
                {
                  header: header(t('subPartners.col.withdrawalAmount'), 'withdrawalAmount'),
                  cell: (r) => <AssetAmounts amounts={r.withdrawals.amounts} />,
                  right: true,
                },
                {
                  header: header(t('subPartners.col.revenue'), 'revenue'),
                  cell: (r) => <AssetAmounts amounts={r.revenue} testId={`activity-revenue-${r.code}`} />,
                  right: true,
                },
              ]}
            />
          </Stack>
        )}
      </QueryView>
    </SubPartnersGate>
  );
}
