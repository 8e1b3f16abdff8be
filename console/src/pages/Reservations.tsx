import { Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api/client';
import type { Reservation } from '../api/types';
import { ConfirmMutationButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { FormModal, NetworkSelect } from '../components/forms';
import { NETWORK_CODES } from '../../../shared/domain/chains/networks';
import { PagedList } from '../components/PagedList';
import { ErrorAlert, Mono, PageTitle, StatusBadge } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { usePagedQuery, useRefreshingMutation } from '../lib/queries';
import { can, useMe } from '../lib/session';

/** Fixed deposit addresses reserved for users. */
export default function Reservations() {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [userId, setUserId] = useState('');
  const [network, setNetwork] = useState('BSC');
  const list = usePagedQuery<{ reservations: Reservation[]; nextCursor?: string }>(
    ['reservations'],
    (cursor) => `/console/deposit-reservations${qs({ limit: 20, cursor })}`,
  );
  const create = useRefreshingMutation(
    ['reservations'],
    () => api.post('/console/deposit-reservations', { userId, network }),
    () => {
      setOpen(false);
      setUserId('');
    },
  );
  const release = useRefreshingMutation(['reservations'], (r: Reservation) =>
    api.post(`/console/deposit-reservations/${r.network}/${r.address}/release`),
  );
  const mayCreate = can(me.data, 'wallet:create');
  return (
    <>
      <PageTitle title={t('reservations.title')} help={t('reservations.help')}>
        {mayCreate ? <Button onClick={() => setOpen(true)}>{t('reservations.create')}</Button> : null}
      </PageTitle>
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
                    <ConfirmMutationButton
                      mutation={release}
                      item={r}
                      color="red"
                      title={t('reservations.releaseTitle', { address: r.address })}
                      message={t('reservations.releaseMessage', { user: r.userId ?? '—' })}
                      confirmLabel={t('reservations.release')}
                    >
                      {t('reservations.release')}
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
        <NetworkSelect networks={[...NETWORK_CODES]} value={network} onChange={setNetwork} />
      </FormModal>
    </>
  );
}
