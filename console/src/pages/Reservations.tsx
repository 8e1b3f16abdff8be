import { Button, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { Reservation } from '../api/types';
import { DataTable, MutationButton } from '../components/DataTable';
import { FormModal } from '../components/FormModal';
import { PagedList } from '../components/PagedList';
import { ErrorAlert, Mono, PageTitle, StatusBadge } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { usePagedQuery } from '../lib/paged';
import { can, useMe } from '../lib/session';

/** Fixed deposit addresses reserved for users. */
export default function Reservations() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState('');
  const [network, setNetwork] = useState('BSC');
  const list = usePagedQuery<{ reservations: Reservation[]; nextCursor?: string }>(
    ['reservations'],
    (cursor) => `/console/deposit-reservations${qs({ limit: 20, cursor })}`,
  );
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
      <PagedList paged={list} isEmpty={(d) => d.reservations.length === 0} empty={t('reservations.empty')}>
        {(d) => (
          <DataTable
            rows={d.reservations}
            rowKey={(r) => `${r.network}:${r.address}`}
            columns={[
              { header: t('deposits.userId'), cell: (r) => r.userId ?? '—' },
              { header: t('deposits.network'), cell: (r) => r.network },
              { header: t('reservations.address'), cell: (r) => <Mono>{r.address}</Mono> },
              { header: t('deposits.status'), cell: (r) => <StatusBadge status={r.status} /> },
              { header: t('reservations.createdAt'), cell: (r) => formatDateTime(r.createdAt) },
              {
                cell: (r) =>
                  mayCreate && r.status === 'ACTIVE' ? (
                    <MutationButton mutation={release} item={r} color="red">
                      {t('reservations.release')}
                    </MutationButton>
                  ) : null,
              },
            ]}
          />
        )}
      </PagedList>
      <FormModal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('reservations.create')}
        onSubmit={() => create.mutate()}
        mutation={create}
        submitLabel={t('reservations.create')}
        canSubmit={!!userId}
      >
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
      </FormModal>
    </>
  );
}
