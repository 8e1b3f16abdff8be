import { Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { Reservation } from '../api/types';
import { ErrorAlert, Mono, PageTitle, Pager, QueryView, StatusBadge, useCursorPager } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { can, useMe } from '../lib/session';

/** Fixed deposit addresses reserved for users. */
export default function Reservations() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const pager = useCursorPager();
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState('');
  const [network, setNetwork] = useState('BSC');
  const query = useQuery({
    queryKey: ['reservations', pager.cursor],
    queryFn: () =>
      api.get<{ reservations: Reservation[]; nextCursor?: string }>(
        `/console/deposit-reservations${qs({ limit: 20, cursor: pager.cursor })}`,
      ),
  });
  const create = useMutation({
    mutationFn: () => api.post('/console/deposit-reservations', { userId, network }),
    onSuccess: () => {
      setOpen(false);
      setUserId('');
      void queryClient.invalidateQueries({ queryKey: ['reservations'] });
    },
  });
  const release = useMutation({
    mutationFn: (r: Reservation) =>
      api.post(`/console/deposit-reservations/${r.network}/${r.address}/release`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['reservations'] }),
  });
  const mayCreate = can(me.data, 'wallet:create');
  return (
    <>
      <PageTitle title={t('reservations.title')}>
        {mayCreate ? <Button onClick={() => setOpen(true)}>{t('reservations.create')}</Button> : null}
      </PageTitle>
      <Text size="sm" c="dimmed" mb="md">
        {t('reservations.help')}
      </Text>
      {release.isError ? <ErrorAlert error={release.error} /> : null}
      <QueryView query={query} isEmpty={(d) => d.reservations.length === 0} empty={t('reservations.empty')}>
        {(d) => (
          <>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('deposits.userId')}</Table.Th>
                  <Table.Th>{t('deposits.network')}</Table.Th>
                  <Table.Th>{t('reservations.address')}</Table.Th>
                  <Table.Th>{t('deposits.status')}</Table.Th>
                  <Table.Th>{t('reservations.createdAt')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.reservations.map((r) => (
                  <Table.Tr key={`${r.network}:${r.address}`}>
                    <Table.Td>{r.userId ?? '—'}</Table.Td>
                    <Table.Td>{r.network}</Table.Td>
                    <Table.Td>
                      <Mono>{r.address}</Mono>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={r.status} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                    <Table.Td>
                      {mayCreate && r.status === 'ACTIVE' ? (
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          loading={release.isPending && release.variables === r}
                          onClick={() => release.mutate(r)}
                        >
                          {t('reservations.release')}
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
      <Modal opened={open} onClose={() => setOpen(false)} title={t('reservations.create')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Stack>
            <TextInput
              label={t('deposits.userId')}
              value={userId}
              onChange={(e) => setUserId(e.currentTarget.value)}
              required
              autoFocus
              data-autofocus
            />
            <Select
              label={t('deposits.network')}
              data={['BSC', 'POLYGON']}
              value={network}
              onChange={(v) => setNetwork(v ?? 'BSC')}
              allowDeselect={false}
            />
            {create.isError ? <ErrorAlert error={create.error} /> : null}
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending} disabled={!userId}>
                {t('reservations.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
