import {
  Anchor,
  Badge,
  Card,
  Group,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import type { WalletDetail as Detail } from '../api/types';
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
                  <ScrollArea>
                    <Table striped miw={800} data-testid="wallet-withdrawals">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('withdrawals.code')}</Table.Th>
                          <Table.Th>{t('withdrawals.requestedAt')}</Table.Th>
                          <Table.Th ta="right">{t('withdrawals.amount')}</Table.Th>
                          <Table.Th>{t('withdrawals.address')}</Table.Th>
                          <Table.Th>{t('deposits.status')}</Table.Th>
                          <Table.Th>{t('deposits.txHash')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {d.withdrawals.map((w) => (
                          <Table.Tr key={w.code}>
                            <Table.Td>
                              <Mono>{w.code}</Mono>
                            </Table.Td>
                            <Table.Td>{formatDateTime(w.at)}</Table.Td>
                            <Table.Td ta="right">
                              <TokenAmount amount={w.amount} token={w.token} network={w.network} />
                            </Table.Td>
                            <Table.Td>
                              <Mono>{w.toAddress ?? '—'}</Mono>
                            </Table.Td>
                            <Table.Td>
                              <StatusBadge status={w.status} />
                            </Table.Td>
                            <Table.Td>
                              <TxHash hash={w.txHash} />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </ScrollArea>
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
