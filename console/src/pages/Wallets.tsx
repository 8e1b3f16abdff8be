import {
  Alert,
  Button,
  Group,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, qs } from '../api/client';
import type { Wallet } from '../api/types';
import {
  ErrorAlert,
  Mono,
  PageTitle,
  Pager,
  QueryView,
  StatusBadge,
  rowProps,
  useCursorPager,
} from '../components/ui';
import { formatDateTime } from '../lib/format';
import { formatToken, tokenDecimals } from '../lib/money';
import { can, useMe } from '../lib/session';

const KINDS = ['HOT', 'MASTER', 'POOL'] as const;
type Kind = (typeof KINDS)[number];

function CreateWalletModal({ kind, onClose }: { kind: Kind | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [network, setNetwork] = useState('BSC');
  const [userId, setUserId] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.post<{ wallet: { address: string }; created: boolean }>(
        '/console/wallets',
        kind === 'HOT' ? { kind, network, userId } : { kind, network },
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['wallets'] }),
  });
  const close = () => {
    create.reset();
    setUserId('');
    onClose();
  };
  return (
    <Modal
      opened={!!kind}
      onClose={close}
      title={kind ? t(`wallets.create${kind === 'HOT' ? 'Hot' : kind === 'MASTER' ? 'Master' : 'Pool'}`) : ''}
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {kind ? t(`wallets.${kind}`) : ''}
          </Text>
          <Select
            label={t('deposits.network')}
            data={['BSC', 'POLYGON']}
            value={network}
            onChange={(v) => setNetwork(v ?? 'BSC')}
            allowDeselect={false}
          />
          {kind === 'HOT' ? (
            <TextInput
              label={t('deposits.userId')}
              value={userId}
              onChange={(e) => setUserId(e.currentTarget.value)}
              required
            />
          ) : null}
          {create.isError ? <ErrorAlert error={create.error} /> : null}
          {create.data ? (
            <Alert color="teal" role="status" data-testid="wallet-created">
              {t('wallets.created', { address: create.data.wallet.address })}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('app.close')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={kind === 'HOT' && !userId}>
              {t('app.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function WalletTable({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pager = useCursorPager();
  const query = useQuery({
    queryKey: ['wallets', kind, pager.cursor],
    queryFn: () =>
      api.get<{ wallets: Wallet[]; nextCursor?: string }>(
        `/console/wallets${qs({ kind, limit: 20, cursor: pager.cursor })}`,
      ),
    refetchInterval: 15_000,
  });
  return (
    <QueryView query={query} isEmpty={(d) => d.wallets.length === 0} empty={t('wallets.empty')}>
      {(d) => (
        <>
          <ScrollArea>
            <Table striped highlightOnHover miw={900} data-testid={`wallets-${kind}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('deposits.network')}</Table.Th>
                  <Table.Th>{t('wallets.address')}</Table.Th>
                  <Table.Th>{t('deposits.userId')}</Table.Th>
                  <Table.Th>{t('wallets.purpose')}</Table.Th>
                  <Table.Th ta="right">{t('wallets.balances')}</Table.Th>
                  <Table.Th>{t('wallets.status')}</Table.Th>
                  <Table.Th>{t('wallets.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.wallets.map((w) => (
                  <Table.Tr
                    key={`${w.network}:${w.address}`}
                    data-address={w.address}
                    {...rowProps(
                      () => void navigate(`/wallets/${w.network}/${w.address}`),
                      `${t('wallets.detail')} ${w.address}`,
                    )}
                  >
                    <Table.Td>{w.network}</Table.Td>
                    <Table.Td>
                      <Mono>{w.address}</Mono>
                    </Table.Td>
                    <Table.Td>{w.userId ?? '—'}</Table.Td>
                    <Table.Td>{w.purpose}</Table.Td>
                    <Table.Td ta="right">
                      <Stack gap={0} align="flex-end">
                        {w.balances.map((b) => (
                          <Text key={b.token} size="sm" ff="monospace">
                            {b.amount === null
                              ? t('wallets.unknown')
                              : formatToken(b.amount, tokenDecimals(w.network, b.token))}{' '}
                            {b.token}
                          </Text>
                        ))}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={w.status} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(w.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          <Pager page={pager.page} nextCursor={d.nextCursor} onNext={pager.next} onPrev={pager.prev} />
        </>
      )}
    </QueryView>
  );
}

/** Wallets by type (HOT / MASTER / POOL) with their on-chain balances and create buttons. */
export default function Wallets() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = (KINDS as readonly string[]).includes(params.get('kind') ?? '')
    ? (params.get('kind') as Kind)
    : 'HOT';
  const [creating, setCreating] = useState<Kind | null>(null);
  return (
    <>
      <PageTitle title={t('wallets.title')}>
        {can(me.data, 'wallet:create')
          ? KINDS.map((k) => (
              <Button key={k} variant={k === 'HOT' ? 'filled' : 'light'} onClick={() => setCreating(k)}>
                {t(`wallets.create${k === 'HOT' ? 'Hot' : k === 'MASTER' ? 'Master' : 'Pool'}`)}
              </Button>
            ))
          : null}
      </PageTitle>
      <Tabs value={tab} onChange={(v) => setParams(v ? { kind: v } : {})} keepMounted={false}>
        <Tabs.List mb="md">
          {KINDS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {k}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {KINDS.map((k) => (
          <Tabs.Panel key={k} value={k}>
            <Text size="sm" c="dimmed" mb="sm">
              {t(`wallets.${k}`)}
            </Text>
            <WalletTable kind={k} />
          </Tabs.Panel>
        ))}
      </Tabs>
      <CreateWalletModal kind={creating} onClose={() => setCreating(null)} />
    </>
  );
}
