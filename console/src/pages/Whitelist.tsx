import { Alert, Button, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client';
import type { Member, WhitelistEntry, WithdrawalSettings } from '../api/types';
import { DataTable, RowButton } from '../components/DataTable';
import { OtpModal, otpField } from '../components/OtpModal';
import { DestinationAddressInput, NetworkSelect } from '../components/forms';
import { NETWORK_CODES } from '../../../shared/domain/chains/networks';
import { Mono, PageTitle, QueryView } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { can, useMe } from '../lib/session';

/** Withdrawal destinations registered ahead of time; new entries become usable after the cooling period. */
export default function Whitelist() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['whitelist'],
    queryFn: () => api.get<{ entries: WhitelistEntry[] }>('/console/withdrawal-whitelist'),
    retry: false,
  });
  const settings = useQuery({
    queryKey: ['withdrawal-settings'],
    queryFn: () => api.get<{ settings: WithdrawalSettings }>('/console/withdrawal-settings'),
    retry: false,
  });
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ network: 'BSC', address: '', label: '' });
  const [removing, setRemoving] = useState<WhitelistEntry | null>(null);
  const members = useQuery({
    queryKey: ['members'],
    queryFn: () => api.get<{ members: Member[] }>('/console/members'),
    enabled: can(me.data, 'member:read'),
  });
  const emailOf = (by: string) =>
    members.data?.members.find((m) => by === `user:${m.id}` || by === m.id)?.email ?? by;
  const mayManage = can(me.data, 'whitelist:manage');
  const missing = query.error instanceof ApiError && query.error.code === 'NOT_FOUND';
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['whitelist'] });
  return (
    <>
      <PageTitle title={t('whitelist.title')}>
        {mayManage && !missing ? <Button onClick={() => setAdding(true)}>{t('whitelist.add')}</Button> : null}
      </PageTitle>
      {settings.data ? (
        <Text size="sm" c="dimmed" mb="md">
          {t('whitelist.cooling', { hours: settings.data.settings.whitelistCoolingHours })}
        </Text>
      ) : null}
      {missing ? (
        <Alert color="gray">{t('withdrawals.notAvailable')}</Alert>
      ) : (
        <QueryView query={query} isEmpty={(d) => d.entries.length === 0} empty={t('whitelist.empty')}>
          {(d) => (
            <DataTable
              data-testid="whitelist-table"
              rows={d.entries}
              rowKey={(e) => e.entryId}
              columns={[
                { header: t('whitelist.label'), cell: (e) => e.label },
                { header: t('deposits.network'), cell: (e) => e.network },
                { header: t('wallets.address'), cell: (e) => <Mono>{e.address}</Mono> },
                { header: t('wallets.createdAt'), cell: (e) => formatDateTime(e.createdAt) },
                { header: t('whitelist.usableAt'), cell: (e) => formatDateTime(e.usableAt) },
                { header: t('whitelist.createdBy'), cell: (e) => emailOf(e.createdBy) },
                {
                  cell: (e) =>
                    mayManage ? (
                      <RowButton color="red" onClick={() => setRemoving(e)}>
                        {t('whitelist.remove')}
                      </RowButton>
                    ) : null,
                },
              ]}
            />
          )}
        </QueryView>
      )}
      <OtpModal
        opened={adding}
        title={t('whitelist.add')}
        confirmLabel={t('whitelist.add')}
        canConfirm={!!form.address && !!form.label}
        onClose={() => setAdding(false)}
        onConfirm={async (otp) => {
          await api.post('/console/withdrawal-whitelist', { ...form, ...otpField(otp) });
          setForm({ network: 'BSC', address: '', label: '' });
          await refresh();
        }}
      >
        <NetworkSelect
          networks={[...NETWORK_CODES]}
          value={form.network}
          onChange={(network) => setForm({ ...form, network })}
        />
        <DestinationAddressInput
          network={form.network}
          value={form.address}
          onChange={(address) => setForm({ ...form, address })}
          name="address"
        />
        <TextInput
          label={t('whitelist.label')}
          value={form.label}
          onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
          required
          name="label"
        />
      </OtpModal>
      <OtpModal
        opened={!!removing}
        title={`${t('whitelist.remove')} ${removing?.label ?? ''}`}
        confirmLabel={t('whitelist.remove')}
        confirmColor="red"
        onClose={() => setRemoving(null)}
        onConfirm={async (otp) => {
          await api.post(
            `/console/withdrawal-whitelist/${encodeURIComponent(removing?.entryId ?? '')}/remove`,
            otpField(otp),
          );
          await refresh();
        }}
      >
        <Text size="sm">{t('whitelist.removeWarning', { address: removing?.address ?? '' })}</Text>
      </OtpModal>
    </>
  );
}
