import { Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { ExternalWallet } from '../api/types';
import { ErrorAlert, Mono, PageTitle, Pager, QueryView, useCursorPager } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { can, useMe } from '../lib/session';

/** Sender addresses registered to users, for attributing their transfers to MASTER / POOL. */
export default function ExternalWallets() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const pager = useCursorPager();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ userId: '', network: 'BSC', address: '', label: '' });
  const query = useQuery({
    queryKey: ['external-wallets', pager.cursor],
    queryFn: () =>
      api.get<{ externalWallets: ExternalWallet[]; nextCursor?: string }>(
        `/console/external-wallets${qs({ limit: 20, cursor: pager.cursor })}`,
      ),
  });
  const add = useMutation({
    mutationFn: () =>
      api.post('/console/external-wallets', {
        userId: form.userId,
        network: form.network,
        address: form.address,
        ...(form.label ? { label: form.label } : {}),
      }),
    onSuccess: () => {
      setOpen(false);
      setForm({ userId: '', network: 'BSC', address: '', label: '' });
      void queryClient.invalidateQueries({ queryKey: ['external-wallets'] });
    },
  });
  const remove = useMutation({
    mutationFn: (w: ExternalWallet) => api.post(`/console/external-wallets/${w.network}/${w.address}/remove`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['external-wallets'] }),
  });
  const mayEdit = can(me.data, 'wallet:create');
  return (
    <>
      <PageTitle title={t('external.title')}>
        {mayEdit ? <Button onClick={() => setOpen(true)}>{t('external.add')}</Button> : null}
      </PageTitle>
      <Text size="sm" c="dimmed" mb="md">
        {t('external.help')}
      </Text>
      {remove.isError ? <ErrorAlert error={remove.error} /> : null}
      <QueryView query={query} isEmpty={(d) => d.externalWallets.length === 0} empty={t('external.empty')}>
        {(d) => (
          <>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('deposits.userId')}</Table.Th>
                  <Table.Th>{t('deposits.network')}</Table.Th>
                  <Table.Th>{t('wallets.address')}</Table.Th>
                  <Table.Th>{t('external.label')}</Table.Th>
                  <Table.Th>{t('wallets.createdAt')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.externalWallets.map((w) => (
                  <Table.Tr key={`${w.network}:${w.address}`}>
                    <Table.Td>{w.userId}</Table.Td>
                    <Table.Td>{w.network}</Table.Td>
                    <Table.Td>
                      <Mono>{w.address}</Mono>
                    </Table.Td>
                    <Table.Td>{w.label ?? '—'}</Table.Td>
                    <Table.Td>{formatDateTime(w.createdAt)}</Table.Td>
                    <Table.Td>
                      {mayEdit ? (
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          onClick={() => remove.mutate(w)}
                          loading={remove.isPending && remove.variables === w}
                        >
                          {t('external.remove')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Pager page={pager.page} nextCursor={d.nextCursor} onNext={pager.next} onPrev={pager.prev} />
          </>
        )}
      </QueryView>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('external.add')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Stack>
            <TextInput
              label={t('deposits.userId')}
              value={form.userId}
              onChange={(e) => setForm({ ...form, userId: e.currentTarget.value })}
              required
            />
            <Select
              label={t('deposits.network')}
              data={['BSC', 'POLYGON']}
              value={form.network}
              onChange={(v) => setForm({ ...form, network: v ?? 'BSC' })}
              allowDeselect={false}
            />
            <TextInput
              label={t('wallets.address')}
              value={form.address}
              onChange={(e) => setForm({ ...form, address: e.currentTarget.value.trim() })}
              required
              ff="monospace"
            />
            <TextInput
              label={t('external.label')}
              value={form.label}
              onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
            />
            {add.isError ? <ErrorAlert error={add.error} /> : null}
            <Group justify="flex-end">
              <Button type="submit" loading={add.isPending} disabled={!form.userId || !form.address}>
                {t('external.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
