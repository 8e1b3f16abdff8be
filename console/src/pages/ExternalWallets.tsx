import { Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { ExternalWallet } from '../api/types';
import { ConfirmMutationButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { AddressInput, FormModal, NetworkSelect } from '../components/forms';
import { NETWORK_CODES } from '../../../shared/domain/chains/networks';
import { PagedList } from '../components/PagedList';
import { ErrorAlert, Mono, PageTitle } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { usePagedQuery, useRefreshingMutation } from '../lib/queries';
import { can, useMe } from '../lib/session';

/** Sender addresses registered to users, for attributing their transfers to MASTER / POOL. */
export default function ExternalWallets() {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ userId: '', network: 'BSC', address: '', label: '' });
  const list = usePagedQuery<{ externalWallets: ExternalWallet[]; nextCursor?: string }>(
    ['external-wallets'],
    (cursor) => `/console/external-wallets${qs({ limit: 20, cursor })}`,
  );
  const add = useRefreshingMutation(
    ['external-wallets'],
    () =>
      api.post('/console/external-wallets', {
        userId: form.userId,
        network: form.network,
        address: form.address,
        ...(form.label ? { label: form.label } : {}),
      }),
    () => {
      setOpen(false);
      setForm({ userId: '', network: 'BSC', address: '', label: '' });
    },
  );
  const remove = useRefreshingMutation(['external-wallets'], (w: ExternalWallet) =>
    api.post(`/console/external-wallets/${w.network}/${w.address}/remove`),
  );
  const mayEdit = can(me.data, 'wallet:create');
  return (
    <>
      <PageTitle title={t('external.title')} help={t('external.help')}>
        {mayEdit ? <Button onClick={() => setOpen(true)}>{t('external.add')}</Button> : null}
      </PageTitle>
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
                    <ConfirmMutationButton
                      mutation={remove}
                      item={w}
                      color="red"
                      title={t('external.removeTitle', { address: w.address })}
                      message={t('external.removeMessage', { user: w.userId })}
                      confirmLabel={t('external.remove')}
                    >
                      {t('external.remove')}
                    </ConfirmMutationButton>
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
        <NetworkSelect
          networks={[...NETWORK_CODES]}
          value={form.network}
          onChange={(network) => setForm({ ...form, network })}
        />
        <AddressInput value={form.address} onChange={(address) => setForm({ ...form, address })} />
        <TextInput
          label={t('external.label')}
          value={form.label}
          onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
        />
      </FormModal>
    </>
  );
}
