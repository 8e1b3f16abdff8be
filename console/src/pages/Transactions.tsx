import { Badge, Button, Group, Paper, ScrollArea, Select, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { TransactionRow } from '../api/types';
import {
  Mono,
  PageTitle,
  Pager,
  QueryView,
  StatusBadge,
  TokenAmount,
  TxHash,
  useCursorPager,
} from '../components/ui';
import { formatDateTime, shortHash } from '../lib/format';

const EMPTY = { userId: '', address: '', txHash: '', kind: '' };

/** Deposits, sweeps and withdrawals in one list, searchable by user id, address and transaction hash. */
export default function Transactions() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(EMPTY);
  const [filters, setFilters] = useState(EMPTY);
  const pager = useCursorPager();
  const query = useQuery({
    queryKey: ['transactions', filters, pager.cursor],
    queryFn: () =>
      api.get<{ transactions: TransactionRow[]; nextCursor?: string }>(
        `/console/transactions${qs({ limit: 25, cursor: pager.cursor, userId: filters.userId.trim(), address: filters.address.trim(), txHash: filters.txHash.trim(), kind: filters.kind })}`,
      ),
    refetchInterval: 10_000,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    pager.reset();
    setFilters(draft);
  };
  return (
    <>
      <PageTitle title={t('transactions.title')} />
      <Text size="sm" c="dimmed" mb="md">
        {t('transactions.help')}
      </Text>
      <Paper withBorder p="sm" mb="md" component="form" onSubmit={apply}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('transactions.kind')}
            data={[
              { value: '', label: t('app.all') },
              ...(['DEPOSIT', 'SWEEP', 'WITHDRAWAL'] as const).map((k) => ({
                value: k,
                label: t(`kind.${k}`),
              })),
            ]}
            value={draft.kind}
            onChange={(v) => setDraft({ ...draft, kind: v ?? '' })}
            w={150}
            allowDeselect={false}
          />
          <TextInput
            label={t('transactions.searchUser')}
            value={draft.userId}
            onChange={(e) => setDraft({ ...draft, userId: e.currentTarget.value })}
            w={160}
          />
          <TextInput
            label={t('transactions.searchAddress')}
            value={draft.address}
            onChange={(e) => setDraft({ ...draft, address: e.currentTarget.value })}
            w={300}
          />
          <TextInput
            label={t('transactions.searchHash')}
            value={draft.txHash}
            onChange={(e) => setDraft({ ...draft, txHash: e.currentTarget.value })}
            w={300}
          />
          <Button type="submit">{t('app.search')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
              pager.reset();
            }}
          >
            {t('app.reset')}
          </Button>
        </Group>
      </Paper>
      <QueryView query={query} isEmpty={(d) => d.transactions.length === 0} empty={t('transactions.empty')}>
        {(d) => (
          <>
            <ScrollArea>
              <Table striped miw={1000} data-testid="transactions-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('transactions.kind')}</Table.Th>
                    <Table.Th>{t('deposits.code')}</Table.Th>
                    <Table.Th>{t('deposits.time')}</Table.Th>
                    <Table.Th>{t('deposits.userId')}</Table.Th>
                    <Table.Th>{t('deposits.network')}</Table.Th>
                    <Table.Th ta="right">{t('deposits.amount')}</Table.Th>
                    <Table.Th>
                      {t('deposits.from')} → {t('deposits.to')}
                    </Table.Th>
                    <Table.Th>{t('deposits.status')}</Table.Th>
                    <Table.Th>{t('deposits.txHash')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.transactions.map((r) => (
                    <Table.Tr key={`${r.kind}:${r.code}:${r.txHash ?? ''}`}>
                      <Table.Td>
                        <Badge
                          variant="outline"
                          color={r.kind === 'DEPOSIT' ? 'teal' : r.kind === 'SWEEP' ? 'cyan' : 'grape'}
                          style={{ minWidth: 'max-content' }}
                        >
                          {t(`kind.${r.kind}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Mono>{r.code}</Mono>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</Table.Td>
                      <Table.Td>{r.userId ?? '—'}</Table.Td>
                      <Table.Td>{r.network}</Table.Td>
                      <Table.Td ta="right">
                        <TokenAmount amount={r.amount} token={r.token} network={r.network} />
                      </Table.Td>
                      <Table.Td>
                        <Mono>
                          {r.fromAddress ? shortHash(r.fromAddress, 8, 6) : '—'} →{' '}
                          {r.toAddress ? shortHash(r.toAddress, 8, 6) : 'MASTER'}
                        </Mono>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={r.status} />
                      </Table.Td>
                      <Table.Td>
                        <TxHash hash={r.txHash} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
            <Pager page={pager.page} nextCursor={d.nextCursor} onNext={pager.next} onPrev={pager.prev} />
          </>
        )}
      </QueryView>
    </>
  );
}
