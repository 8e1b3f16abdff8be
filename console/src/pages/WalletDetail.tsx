import { Anchor, Badge, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import type { WalletDetail as Detail } from '../api/types';
import { DataTable } from '../components/DataTable';
import {
  CopyValue,
  DetailTable,
  Empty,
  Mono,
  PageTitle,
  QueryView,
  StatusBadge,
  TokenAmount,
  TxHash,
} from '../components/ui';
import { formatDateTime } from '../lib/format';
import { formatToken } from '../lib/money';
import { DepositsTable } from './Deposits';

/** One wallet: per-token on-chain balances, approve status (HOT), and its deposits. */
export default function WalletDetail() {
  const { t } = useTranslation();
  const { network = '', address = '' } = useParams();
  const query = useQuery({
    queryKey: ['wallet', network, address],
    queryFn: () =>
      api.get<Detail>(`/console/wallets/${encodeURIComponent(network)}/${encodeURIComponent(address)}`),
    refetchInterval: 10_000,
  });
  return (
    <>
      <Anchor component={Link} to="/wallets" size="sm">
        ← {t('nav.walletList')}
      </Anchor>
      <PageTitle title={`${t('wallets.detail')} · ${network}`} />
      <QueryView query={query}>
        {(d) => (
          <Stack gap="lg">
            <Paper withBorder p="md">
              <Group gap="xs" mb="sm">
                <Badge size="lg">{d.wallet.kind}</Badge>
                <Mono>{d.wallet.address}</Mono>
                <CopyValue value={d.wallet.address} label="address" />
              </Group>
              <DetailTable
                rows={[
                  [t('wallets.purpose'), d.wallet.purpose],
                  [t('deposits.userId'), d.wallet.userId ?? '—'],
                  [t('wallets.status'), <StatusBadge key="s" status={d.wallet.status} />],
                  [t('wallets.createdAt'), formatDateTime(d.wallet.createdAt)],
                ]}
              />
            </Paper>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
              {d.balances.map((b) => (
                <Card withBorder key={b.token} data-testid={`wallet-balance-${b.token}`}>
                  <Text size="sm" c="dimmed">
                    {b.token}
                  </Text>
                  <Text fz="xl" fw={700} ff="monospace">
                    {b.amount === null ? t('wallets.unknown') : formatToken(b.amount, b.decimals)}
                  </Text>
                  {d.approvals.find((a) => a.token === b.token) ? (
                    <Group gap={6} mt={4}>
                      <Text size="xs" c="dimmed">
                        {t('wallets.approve')}
                      </Text>
                      <StatusBadge status={d.approvals.find((a) => a.token === b.token)?.status ?? 'NONE'} />
                    </Group>
                  ) : null}
                </Card>
              ))}
            </SimpleGrid>
            <div>
              <Title order={2} size="h4" mb="sm">
                {t('wallets.deposits')}
              </Title>
              {d.deposits.length ? (
                <DepositsTable deposits={d.deposits} onOpen={() => undefined} />
              ) : (
                <Empty message={t('deposits.empty')} />
              )}
            </div>
            {d.wallet.kind === 'MASTER' ? (
              <div>
                <Title order={2} size="h4" mb="sm">
                  {t('wallets.withdrawals')}
                </Title>
                {d.withdrawals.length ? (
                  <DataTable
                    miw={800}
                    data-testid="wallet-withdrawals"
                    rows={d.withdrawals}
                    rowKey={(w) => w.code}
                    columns={[
                      { header: t('withdrawals.code'), cell: (w) => <Mono>{w.code}</Mono> },
                      { header: t('withdrawals.requestedAt'), cell: (w) => formatDateTime(w.at) },
                      {
                        header: t('withdrawals.amount'),
                        cell: (w) => <TokenAmount amount={w.amount} token={w.token} network={w.network} />,
                        right: true,
                      },
                      { header: t('withdrawals.address'), cell: (w) => <Mono>{w.toAddress ?? '—'}</Mono> },
                      { header: t('deposits.status'), cell: (w) => <StatusBadge status={w.status} /> },
                      { header: t('deposits.txHash'), cell: (w) => <TxHash hash={w.txHash} /> },
                    ]}
                  />
                ) : (
                  <Empty message={t('withdrawals.empty')} />
                )}
              </div>
            ) : null}
          </Stack>
        )}
      </QueryView>
    </>
  );
}
