import { Button, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { ExternalWallet } from '../api/types';
import { DataTable, MutationButton } from '../components/DataTable';
import { FormModal } from '../components/FormModal';
import { PagedList } from '../components/PagedList';
import { ErrorAlert, Mono, PageTitle } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { usePagedQuery } from '../lib/paged';
import { can, useMe } from '../lib/session';

/** Sender addresses registered to users, for attributing their transfers to MASTER / POOL. */
export default function ExternalWallets() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ userId: '', network: 'BSC', address: '', label: '' });
  const list = usePagedQuery<{ externalWallets: ExternalWallet[]; nextCursor?: string }>(
    ['external-wallets'],
    (cursor) => `/console/external-wallets${qs({ limit: 20, cursor })}`,
  );
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
      <PagedList paged={list} isEmpty={(d) => d.externalWallets.length === 0} empty={t('external.empty')}>
        {(d) => (
          <DataTable
            rows={d.externalWallets}
            rowKey={(w) => `${w.network}:${w.address}`}
            columns={[
              { header: t('deposits.userId'), cell: (w) => w.userId },
              { header: t('deposits.network'), cell: (w) => w.network },
              { header: t('wallets.address'), cell: (w) => <Mono>{w.address}</Mono> },
              { header: t('external.label'), cell: (w) => w.label ?? '—' },
              { header: t('wallets.createdAt'), cell: (w) => formatDateTime(w.createdAt) },
              {
                cell: (w) =>
                  mayEdit ? (
                    <MutationButton mutation={remove} item={w} color="red">
                      {t('external.remove')}
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
        title={t('external.add')}
        onSubmit={() => add.mutate()}
        mutation={add}
        submitLabel={t('external.add')}
        canSubmit={!!form.userId && !!form.address}
      >
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
      </FormModal>
    </>
  );
}
