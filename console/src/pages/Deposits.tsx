import { Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { Deposit } from '../api/types';
import { DataTable } from '../components/DataTable';
import { DateRangeFields, DetailDrawer, FilterBar, PagedList, allOptions } from '../components/PagedList';
import {
  DetailTable,
  Mono,
  PageTitle,
  QueryView,
  StatusBadge,
  TokenAmount,
  TxHash,
  rowProps,
} from '../components/ui';
import { formatDateTime } from '../lib/format';
import { dayRange, useFilteredPagedQuery } from '../lib/queries';

export const DEPOSIT_STATUSES = [
  'DETECTED',
  'CONFIRMING',
  'CONFIRMED',
  'COLLECTING',
  'COLLECTED',
  'SETTLED',
  'FAILED',
] as const;
const LIST_POLL_MS = 5_000;

type Filters = {
  from: string;
  to: string;
  status: string;
  userId: string;
  search: string;
};
const NO_FILTERS: Filters = { from: '', to: '', status: '', userId: '', search: '' };

/** The query string for GET /console/deposits: a search is a deposit code or a transaction hash. */
function depositQuery(f: Filters, cursor: string | undefined) {
  const search = f.search.trim();
  return qs({
    limit: 20,
    cursor,
    ...dayRange(f),
    status: f.status || undefined,
    userId: f.userId.trim() || undefined,
    code: /^D/i.test(search) ? search.toUpperCase() : undefined,
    txHash: /^0x/i.test(search) ? search : undefined,
  });
}

export function DepositDetail({ deposit }: { deposit: Deposit }) {
  const { t } = useTranslation();
  return (
    <DetailTable
      rows={[
        [t('deposits.code'), <Mono key="c">{deposit.code}</Mono>],
        [t('deposits.status'), <StatusBadge key="s" status={deposit.status} />],
        [
          t('deposits.amount'),
          <TokenAmount key="a" amount={deposit.amount} token={deposit.token} network={deposit.network} />,
        ],
        [
          t('deposits.fee'),
          <TokenAmount key="f" amount={deposit.fee} token={deposit.token} network={deposit.network} />,
        ],
        [
          t('deposits.net'),
          <TokenAmount key="n" amount={deposit.netAmount} token={deposit.token} network={deposit.network} />,
        ],
        [t('deposits.confirmations'), `${deposit.confirmations} / ${deposit.requiredConfirmations}`],
        [t('deposits.detectedAt'), formatDateTime(deposit.detectedAt)],
        [t('deposits.confirmedAt'), formatDateTime(deposit.confirmedAt)],
        [t('deposits.settledAt'), formatDateTime(deposit.settledAt)],
        [t('deposits.method'), t(`method.${deposit.method}`, { defaultValue: deposit.method })],
        [t('deposits.wallet'), deposit.walletType],
        [t('deposits.network'), deposit.network],
        [t('deposits.userId'), deposit.userId ?? '—'],
        [t('deposits.address'), <Mono key="ad">{deposit.address}</Mono>],
        [t('deposits.fromAddress'), <Mono key="fr">{deposit.fromAddress}</Mono>],
        [t('deposits.txHash'), <TxHash key="tx" hash={deposit.txHash} url={deposit.explorerUrl} full />],
        [t('deposits.block'), String(deposit.blockNumber)],
        [t('deposits.sweepTx'), <TxHash key="sw" hash={deposit.sweepTxHash} full />],
        ...(deposit.failureReason ? ([[t('deposits.failureReason'), deposit.failureReason]] as const) : []),
      ]}
    />
  );
}

export function DepositsTable({ deposits, onOpen }: { deposits: Deposit[]; onOpen: (d: Deposit) => void }) {
  const { t } = useTranslation();
  return (
    <DataTable
      highlightOnHover
      miw={960}
      data-testid="deposits-table"
      rows={deposits}
      rowKey={(d) => d.code}
      rowAttrs={(d) => ({
        'data-code': d.code,
        ...rowProps(() => onOpen(d), t('deposits.detail', { code: d.code })),
      })}
      columns={[
        { header: t('deposits.code'), cell: (d) => <Mono>{d.code}</Mono> },
        { header: t('deposits.userId'), cell: (d) => d.userId ?? '—' },
        { header: t('deposits.time'), cell: (d) => formatDateTime(d.detectedAt), nowrap: true },
        { header: t('deposits.network'), cell: (d) => d.network },
        { header: t('deposits.method'), cell: (d) => t(`method.${d.method}`, { defaultValue: d.method }) },
        {
          header: t('deposits.amount'),
          cell: (d) => <TokenAmount amount={d.amount} token={d.token} network={d.network} />,
          right: true,
        },
        { header: t('deposits.status'), cell: (d) => <StatusBadge status={d.status} /> },
        { header: t('deposits.txHash'), cell: (d) => <TxHash hash={d.txHash} url={d.explorerUrl} /> },
      ]}
    />
  );
}

/** Deposit history with the guide's filters, status badges, paging, and a detail panel; refreshes itself. */
export default function Deposits() {
  const { t } = useTranslation();
  const list = useFilteredPagedQuery<Filters, { deposits: Deposit[]; nextCursor?: string }>(
    'deposits',
    NO_FILTERS,
    (filters, cursor) => `/console/deposits${depositQuery(filters, cursor)}`,
    { refetchInterval: LIST_POLL_MS },
  );
  const [openCode, setOpenCode] = useState<string | null>(null);
  const detail = useQuery({
    queryKey: ['deposit', openCode],
    queryFn: () => api.get<{ deposit: Deposit }>(`/console/deposits/${encodeURIComponent(openCode ?? '')}`),
    enabled: !!openCode,
    refetchInterval: LIST_POLL_MS,
  });
  return (
    <>
      <PageTitle title={t('deposits.title')} />
      <FilterBar {...list.filterBar} label={t('app.search')}>
        <DateRangeFields from={list.text('from')} to={list.text('to')} />
        <Select
          label={t('deposits.status')}
          data={allOptions(t, DEPOSIT_STATUSES, 'status')}
          {...list.select('status')}
          w={170}
        />
        <TextInput label={t('deposits.userId')} {...list.text('userId')} w={160} />
        <TextInput label={t('deposits.codeOrHash')} {...list.text('search')} w={300} />
      </FilterBar>
      <PagedList paged={list} isEmpty={(d) => d.deposits.length === 0} empty={t('deposits.empty')}>
        {(d) => <DepositsTable deposits={d.deposits} onOpen={(dep) => setOpenCode(dep.code)} />}
      </PagedList>
      <DetailDrawer
        opened={!!openCode}
        onClose={() => setOpenCode(null)}
        title={t('deposits.detail', { code: openCode ?? '' })}
      >
        <QueryView query={detail}>{(d) => <DepositDetail deposit={d.deposit} />}</QueryView>
      </DetailDrawer>
    </>
  );
}
