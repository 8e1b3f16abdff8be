import { Badge, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { qs } from '../api/client';
import type { TransactionRow } from '../api/types';
import { DataTable } from '../components/DataTable';
import { FilterBar, PagedList, allOptions } from '../components/PagedList';
import { Mono, PageTitle, StatusBadge, TokenAmount, TxHash } from '../components/ui';
import { formatDateTime, shortHash } from '../lib/format';
import { useFilteredPagedQuery } from '../lib/queries';

const EMPTY = { userId: '', address: '', txHash: '', kind: '' };

/** Deposits, sweeps and withdrawals in one list, searchable by user id, address and transaction hash. */
export default function Transactions() {
  const { t } = useTranslation();
  const list = useFilteredPagedQuery<typeof EMPTY, { transactions: TransactionRow[]; nextCursor?: string }>(
    'transactions',
    EMPTY,
    (filters, cursor) =>
      `/console/transactions${qs({ limit: 25, cursor, userId: filters.userId.trim(), address: filters.address.trim(), txHash: filters.txHash.trim(), kind: filters.kind })}`,
    { refetchInterval: 10_000 },
  );
  return (
    <>
      <PageTitle title={t('transactions.title')} help={t('transactions.help')} />
      <FilterBar {...list.filterBar}>
        <Select
          label={t('transactions.kind')}
          data={allOptions(t, ['DEPOSIT', 'SWEEP', 'WITHDRAWAL'], 'kind')}
          {...list.select('kind')}
          w={150}
        />
        <TextInput label={t('transactions.searchUser')} {...list.text('userId')} w={160} />
        <TextInput label={t('transactions.searchAddress')} {...list.text('address')} w={300} />
        <TextInput label={t('transactions.searchHash')} {...list.text('txHash')} w={300} />
      </FilterBar>
      <PagedList paged={list} isEmpty={(d) => d.transactions.length === 0} empty={t('transactions.empty')}>
        {(d) => (
          <DataTable
            miw={1000}
            data-testid="transactions-table"
            rows={d.transactions}
            rowKey={(r) => `${r.kind}:${r.code}:${r.txHash ?? ''}`}
            columns={[
              {
                header: t('transactions.kind'),
                cell: (r) => (
                  <Badge
                    variant="outline"
                    color={r.kind === 'DEPOSIT' ? 'teal' : r.kind === 'SWEEP' ? 'cyan' : 'grape'}
                    style={{ minWidth: 'max-content' }}
                  >
                    {t(`kind.${r.kind}`)}
                  </Badge>
                ),
              },
              {
                // One column, three kinds of code: each cell says which it is.
                header: t('transactions.code'),
                cell: (r) => (
                  <Stack gap={0} data-code-kind={r.kind}>
                    <Text size="xs" c="dimmed">
                      {t(`transactions.codeOf.${r.kind}`)}
                    </Text>
                    <Mono>{r.code}</Mono>
                  </Stack>
                ),
              },
              { header: t('deposits.time'), cell: (r) => formatDateTime(r.at), nowrap: true },
              { header: t('deposits.userId'), cell: (r) => r.userId ?? '—' },
              { header: t('deposits.network'), cell: (r) => r.network },
              {
                header: t('deposits.amount'),
                cell: (r) => <TokenAmount amount={r.amount} token={r.token} network={r.network} />,
                right: true,
              },
              {
                header: (
                  <>
                    {t('deposits.from')} → {t('deposits.to')}
                  </>
                ),
                cell: (r) => (
                  <Mono>
                    {r.fromAddress ? shortHash(r.fromAddress, 8, 6) : '—'} →{' '}
                    {r.toAddress ? shortHash(r.toAddress, 8, 6) : 'MASTER'}
                  </Mono>
                ),
              },
              { header: t('deposits.status'), cell: (r) => <StatusBadge status={r.status} /> },
              { header: t('deposits.txHash'), cell: (r) => <TxHash hash={r.txHash} /> },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}
