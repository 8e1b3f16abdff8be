import { Button, Drawer, Group, Paper, ScrollArea, Select, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { Deposit } from '../api/types';
import {
  DetailTable,
  Mono,
  PageTitle,
  Pager,
  QueryView,
  StatusBadge,
  TokenAmount,
  TxHash,
  rowProps,
  useCursorPager,
} from '../components/ui';
import { formatDateTime } from '../lib/format';

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

interface Filters {
  from: string;
  to: string;
  status: string;
  userId: string;
  search: string;
}
const NO_FILTERS: Filters = { from: '', to: '', status: '', userId: '', search: '' };

/** The query string for GET /console/deposits: a search is a deposit code or a transaction hash. */
function depositQuery(f: Filters, cursor: string | undefined) {
  const search = f.search.trim();
  return qs({
    limit: 20,
    cursor,
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : undefined,
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
    <ScrollArea>
      <Table striped highlightOnHover miw={960} data-testid="deposits-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('deposits.code')}</Table.Th>
            <Table.Th>{t('deposits.userId')}</Table.Th>
            <Table.Th>{t('deposits.time')}</Table.Th>
            <Table.Th>{t('deposits.network')}</Table.Th>
            <Table.Th>{t('deposits.method')}</Table.Th>
            <Table.Th ta="right">{t('deposits.amount')}</Table.Th>
            <Table.Th>{t('deposits.status')}</Table.Th>
            <Table.Th>{t('deposits.txHash')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deposits.map((d) => (
            <Table.Tr
              key={d.code}
              data-code={d.code}
              {...rowProps(() => onOpen(d), t('deposits.detail', { code: d.code }))}
            >
              <Table.Td>
                <Mono>{d.code}</Mono>
              </Table.Td>
              <Table.Td>{d.userId ?? '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.detectedAt)}</Table.Td>
              <Table.Td>{d.network}</Table.Td>
              <Table.Td>{t(`method.${d.method}`, { defaultValue: d.method })}</Table.Td>
              <Table.Td ta="right">
                <TokenAmount amount={d.amount} token={d.token} network={d.network} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={d.status} />
              </Table.Td>
              <Table.Td>
                <TxHash hash={d.txHash} url={d.explorerUrl} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** Deposit history with the guide's filters, status badges, paging, and a detail panel; refreshes itself. */
export default function Deposits() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const pager = useCursorPager();
  const [openCode, setOpenCode] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['deposits', filters, pager.cursor],
    queryFn: () =>
      api.get<{ deposits: Deposit[]; nextCursor?: string }>(
        `/console/deposits${depositQuery(filters, pager.cursor)}`,
      ),
    refetchInterval: LIST_POLL_MS,
  });
  const detail = useQuery({
    queryKey: ['deposit', openCode],
    queryFn: () => api.get<{ deposit: Deposit }>(`/console/deposits/${encodeURIComponent(openCode ?? '')}`),
    enabled: !!openCode,
    refetchInterval: LIST_POLL_MS,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    pager.reset();
    setFilters(draft);
  };
  return (
    <>
      <PageTitle title={t('deposits.title')} />
      <Paper withBorder p="sm" mb="md" component="form" onSubmit={apply} aria-label={t('app.search')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
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
          <Select
            label={t('deposits.status')}
            data={[
              { value: '', label: t('app.all') },
              ...DEPOSIT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
            ]}
            value={draft.status}
            onChange={(v) => setDraft({ ...draft, status: v ?? '' })}
            w={170}
            allowDeselect={false}
          />
          <TextInput
            label={t('deposits.userId')}
            value={draft.userId}
            onChange={(e) => setDraft({ ...draft, userId: e.currentTarget.value })}
            w={160}
          />
          <TextInput
            label={t('deposits.codeOrHash')}
            value={draft.search}
            onChange={(e) => setDraft({ ...draft, search: e.currentTarget.value })}
            w={300}
          />
          <Button type="submit">{t('app.search')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
              pager.reset();
            }}
          >
            {t('app.reset')}
          </Button>
        </Group>
      </Paper>
      <QueryView query={query} isEmpty={(d) => d.deposits.length === 0} empty={t('deposits.empty')}>
        {(d) => (
          <>
            <DepositsTable deposits={d.deposits} onOpen={(dep) => setOpenCode(dep.code)} />
            <Pager page={pager.page} nextCursor={d.nextCursor} onNext={pager.next} onPrev={pager.prev} />
          </>
        )}
      </QueryView>
      <Drawer
        opened={!!openCode}
        onClose={() => setOpenCode(null)}
        position="right"
        size="lg"
        title={<Text fw={700}>{t('deposits.detail', { code: openCode ?? '' })}</Text>}
      >
        <QueryView query={detail}>{(d) => <DepositDetail deposit={d.deposit} />}</QueryView>
      </Drawer>
    </>
  );
}
