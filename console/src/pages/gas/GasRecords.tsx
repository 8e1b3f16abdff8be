import { Badge, Group, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { qs } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { DateRangeFields, FilterBar, PagedList, allOptions } from '../../components/PagedList';
import { Mono, PageTitle, TxHash } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useFilteredPagedQuery } from '../../lib/queries';
import type { GasRecordRow, GasRecordsPage } from './gas-types';
import { currentMonth, NetworkGasCard } from './common';

const EMPTY = { month: currentMonth(), from: '', to: '', network: '', type: '' };
const TYPES = ['TOPUP', 'APPROVE', 'SWEEP', 'RETURN', 'WITHDRAWAL'];

/** A record's USD value, or a marker when it has none; stale prices are marked too. */
function UsdCell({ r }: { r: GasRecordRow }) {
  const { t } = useTranslation();
  if (r.usdValue === null)
    return (
      <Badge color="gray" variant="outline" data-price="none">
        {t('gas.records.noPrice')}
      </Badge>
    );
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Text ff="monospace" size="sm">
        {r.usdValue}
      </Text>
      {r.priceStale ? (
        <Badge color="orange" variant="light" data-price="stale">
          {t('gas.records.stale')}
        </Badge>
      ) : null}
    </Group>
  );
}

/** Gas → Gas records: month or date range, network and type filters, totals per network for the filter. */
export default function GasRecords() {
  const { t } = useTranslation();
  const list = useFilteredPagedQuery<typeof EMPTY, GasRecordsPage>('gas-records', EMPTY, (f, cursor) => {
    const range = f.from && f.to ? { from: f.from, to: f.to } : { month: f.month || undefined };
    return `/console/gas-records${qs({ limit: 50, cursor, ...range, network: f.network || undefined, type: f.type || undefined })}`;
  });
  return (
    <>
      <PageTitle title={t('gas.records.title')} help={t('gas.records.help')} />
      <FilterBar {...list.filterBar} label={t('gas.records.title')}>
        <TextInput type="month" label={t('gas.records.month')} {...list.text('month')} w={170} />
        <DateRangeFields from={list.text('from')} to={list.text('to')} />
        <Select
          label={t('gas.records.network')}
          data={[
            { value: '', label: t('app.all') },
            ...['BSC', 'POLYGON', 'TRON'].map((n) => ({ value: n, label: n })),
          ]}
          {...list.select('network')}
          w={140}
        />
        <Select
          label={t('gas.records.type')}
          data={allOptions(t, TYPES, 'gas.types')}
          {...list.select('type')}
          w={170}
        />
      </FilterBar>
      <PagedList
        paged={list}
        isEmpty={(d) => d.records.length === 0 && d.totals.length === 0}
        empty={t('gas.records.empty')}
      >
        {(d) => (
          <>
            <Text fw={700} mb="xs">
              {t('gas.records.totals')} · {d.from} – {d.to}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md" data-testid="gas-totals">
              {d.totals.map((s) => (
                <NetworkGasCard
                  key={s.network}
                  network={s.network}
                  count={s.count}
                  nativeAmount={s.nativeAmount}
                  nativeSymbol={s.nativeSymbol}
                  usd={s.usdValue}
                  withoutPrice={s.withoutPrice}
                />
              ))}
            </SimpleGrid>
            <DataTable
              miw={900}
              data-testid="gas-records-table"
              rows={d.records}
              rowKey={(r) => `${r.network}:${r.txHash}`}
              rowAttrs={(r) => ({ 'data-tx': r.txHash })}
              columns={[
                { header: t('gas.records.time'), cell: (r) => formatDateTime(r.at), nowrap: true },
                { header: t('gas.records.network'), cell: (r) => r.network },
                { header: t('gas.records.type'), cell: (r) => t(`gas.types.${r.type}`) },
                {
                  header: t('gas.records.reference'),
                  cell: (r) => (r.reference ? <Mono>{r.reference}</Mono> : '—'),
                },
                {
                  header: t('gas.records.native'),
                  cell: (r) => (
                    <Text ff="monospace" size="sm">
                      {r.nativeAmount} {r.nativeSymbol}
                    </Text>
                  ),
                  right: true,
                },
                { header: t('gas.records.usd'), cell: (r) => <UsdCell r={r} />, right: true },
                {
                  header: t('gas.records.txHash'),
                  cell: (r) => <TxHash hash={r.txHash} url={r.explorerUrl} />,
                },
              ]}
            />
          </>
        )}
      </PagedList>
    </>
  );
}
