import { Button, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, qs } from '../api/client';
import type { Wallet } from '../api/types';
import { DataTable } from '../components/DataTable';
import { FormModal, NetworkSelect } from '../components/forms';
import { NETWORK_CODES } from '../../../shared/domain/chains/networks';
import { SuccessAlert } from '../components/notices';
import { PagedList } from '../components/PagedList';
import { Mono, PageTitle, StatusBadge, rowProps } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { usePagedQuery, useRefreshingMutation } from '../lib/queries';
import { formatToken, tokenDecimals } from '../lib/money';
import { can, useMe } from '../lib/session';

const KINDS = ['HOT', 'MASTER', 'POOL'] as const;
type Kind = (typeof KINDS)[number];

function CreateWalletModal({ kind, onClose }: { kind: Kind | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [network, setNetwork] = useState('BSC');
  const [userId, setUserId] = useState('');
  const create = useRefreshingMutation(['wallets'], () =>
    api.post<{ wallet: { address: string }; created: boolean }>(
      '/console/wallets',
      kind === 'HOT' ? { kind, network, userId } : { kind, network },
    ),
  );
  const close = () => {
    create.reset();
    setUserId('');
    onClose();
  };
  return (
    <FormModal
      opened={!!kind}
      onClose={close}
      title={kind ? t(`wallets.create${kind === 'HOT' ? 'Hot' : kind === 'MASTER' ? 'Master' : 'Pool'}`) : ''}
      onSubmit={() => create.mutate()}
      mutation={create}
      submitLabel={t('app.confirm')}
      canSubmit={!(kind === 'HOT' && !userId)}
      closeLabel={t('app.close')}
      notice={
        create.data ? (
          <SuccessAlert data-testid="wallet-created">
            {t('wallets.created', { address: create.data.wallet.address })}
          </SuccessAlert>
        ) : null
      }
    >
      <Text size="sm" c="dimmed">
        {kind ? t(`wallets.${kind}`) : ''}
      </Text>
      <NetworkSelect networks={[...NETWORK_CODES]} value={network} onChange={setNetwork} />
      {kind === 'HOT' ? (
        <TextInput
          label={t('deposits.userId')}
          value={userId}
          onChange={(e) => setUserId(e.currentTarget.value)}
          required
        />
      ) : null}
    </FormModal>
  );
}

function WalletTable({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = usePagedQuery<{ wallets: Wallet[]; nextCursor?: string }>(
    ['wallets', kind],
    (cursor) => `/console/wallets${qs({ kind, limit: 20, cursor })}`,
    { refetchInterval: 15_000 },
  );
  return (
    <PagedList paged={list} isEmpty={(d) => d.wallets.length === 0} empty={t('wallets.empty')}>
      {(d) => (
        <DataTable
          highlightOnHover
          miw={900}
          data-testid={`wallets-${kind}`}
          rows={d.wallets}
          rowKey={(w) => `${w.network}:${w.address}`}
          rowAttrs={(w) => ({
            'data-address': w.address,
            ...rowProps(
              () => void navigate(`/wallets/${w.network}/${w.address}`),
              `${t('wallets.detail')} ${w.address}`,
            ),
          })}
          columns={[
            { header: t('deposits.network'), cell: (w) => w.network },
            { header: t('wallets.address'), cell: (w) => <Mono>{w.address}</Mono> },
            { header: t('deposits.userId'), cell: (w) => w.userId ?? '—' },
            { header: t('wallets.purpose'), cell: (w) => w.purpose },
            {
              header: t('wallets.balances'),
              right: true,
              cell: (w) => (
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
              ),
            },
            { header: t('wallets.status'), cell: (w) => <StatusBadge status={w.status} /> },
            { header: t('wallets.createdAt'), cell: (w) => formatDateTime(w.createdAt) },
          ]}
        />
      )}
    </PagedList>
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
