import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api, qs } from '../api/client';
import type {
  ApiKeyView,
  AuditEntry,
  Invitation,
  Me,
  Member,
  WebhookDelivery,
  WebhookSettings,
  WithdrawalSettings,
  Workspace,
} from '../api/types';
import { OtpModal, otpField } from '../components/OtpModal';
import { DataTable, MutationButton, RowButton, SectionTitle } from '../components/DataTable';
import { FormModal } from '../components/forms';
import { SuccessAlert } from '../components/notices';
import { PagedList } from '../components/PagedList';
import { CopyValue, ErrorAlert, Mono, PageTitle, QueryView, StatusBadge } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { usePagedQuery, useRefreshingMutation } from '../lib/queries';
import { FeesTab } from './sub-partners/FeesTab';
import { FinanceContacts } from './finance/FinanceContacts';
import { can, useMe } from '../lib/session';
import { WorkspaceTab } from './settings/WorkspaceTab';
import { AllowlistModal } from './settings/AllowlistModal';
import { DeactivateMemberModal, EditMemberModal, extraPermissions, useRoles } from './settings/MemberDialogs';

/** A secret shown once, with a copy button and the warning that it cannot be shown again. */
function SecretOnce({
  title,
  rows,
  onClose,
}: {
  title: string;
  rows: { label: string; value: string }[] | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={!!rows} onClose={onClose} title={title} centered size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="orange" role="alert">
          {t('settings.secretOnce')}
        </Alert>
        {rows?.map((r) => (
          <div key={r.label}>
            <Text size="sm" c="dimmed">
              {r.label}
            </Text>
            <Group gap={4} wrap="nowrap">
              <Code style={{ wordBreak: 'break-all' }} data-testid={`secret-${r.label}`}>
                {r.value}
              </Code>
              <CopyValue value={r.value} label={r.label} />
            </Group>
          </div>
        ))}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('app.close')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ApiKeys({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['api-keys'],
    queryFn: () => api.get<{ apiKeys: ApiKeyView[] }>('/console/api-keys'),
  });
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [allowlist, setAllowlist] = useState('');
  const [secret, setSecret] = useState<{ label: string; value: string }[] | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const [editing, setEditing] = useState<ApiKeyView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const mayManage = can(me, 'apikey:manage');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  return (
    <Stack>
      <SectionTitle
        title={t('settings.apiKeys')}
        actions={mayManage ? <Button onClick={() => setCreating(true)}>{t('settings.newKey')}</Button> : null}
      />
      {notice ? <SuccessAlert>{notice}</SuccessAlert> : null}
      <QueryView query={query} isEmpty={(d) => d.apiKeys.length === 0} empty={t('app.none')}>
        {(d) => (
          <DataTable
            miw={800}
            data-testid="api-keys"
            rows={d.apiKeys}
            rowKey={(k) => k.id}
            rowAttrs={(k) => ({ 'data-key-id': k.id })}
            columns={[
              { header: t('settings.keyId'), cell: (k) => <Mono>{k.id}</Mono> },
              { header: t('settings.keyName'), cell: (k) => k.name },
              { header: t('settings.keyStatus'), cell: (k) => <StatusBadge status={k.status} /> },
              {
                header: t('settings.ipAllowlist'),
                cell: (k) => (k.ipAllowlist.length ? k.ipAllowlist.join(', ') : t('app.all')),
              },
              { header: t('settings.keyCreated'), cell: (k) => formatDateTime(k.createdAt) },
              { header: t('settings.lastUsed'), cell: (k) => formatDateTime(k.lastUsedAt) },
              {
                cell: (k) =>
                  mayManage && k.status === 'ACTIVE' ? (
                    <Group gap={4} wrap="nowrap">
                      <RowButton
                        onClick={() => {
                          setNotice(null);
                          setEditing(k);
                        }}
                      >
                        {t('screens.apiKeys.editAllowlist')}
                      </RowButton>
                      <RowButton color="red" onClick={() => setRevoking(k)}>
                        {t('settings.revoke')}
                      </RowButton>
                    </Group>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryView>
      <OtpModal
        opened={creating}
        title={t('settings.newKey')}
        confirmLabel={t('settings.newKey')}
        canConfirm={!!name}
        onClose={() => setCreating(false)}
        onConfirm={async (otp) => {
          const ips = allowlist.split(/[\s,]+/).filter(Boolean);
          const r = await api.post<{ apiKey: ApiKeyView; secret: string }>('/console/api-keys', {
            name,
            ipAllowlist: ips,
            ...otpField(otp),
          });
          setSecret([
            { label: t('settings.keyId'), value: r.apiKey.id },
            { label: t('settings.secret'), value: r.secret },
          ]);
          setName('');
          setAllowlist('');
          await refresh();
        }}
      >
        <TextInput
          label={t('settings.keyName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          autoFocus
          data-autofocus
        />
        <TextInput
          label={t('settings.ipAllowlist')}
          description="203.0.113.7, 198.51.100.0/24"
          value={allowlist}
          onChange={(e) => setAllowlist(e.currentTarget.value)}
        />
      </OtpModal>
      <OtpModal
        opened={!!revoking}
        title={`${t('settings.revoke')} ${revoking?.name ?? ''}`}
        confirmLabel={t('settings.revoke')}
        confirmColor="red"
        onClose={() => setRevoking(null)}
        onConfirm={async (otp) => {
          await api.post(`/console/api-keys/${revoking?.id ?? ''}/revoke`, otpField(otp));
          await refresh();
        }}
      >
        <Text size="sm">{t('settings.revokeWarning')}</Text>
      </OtpModal>
      <AllowlistModal apiKey={editing} onClose={() => setEditing(null)} onDone={setNotice} />
      <SecretOnce title={t('settings.newKey')} rows={secret} onClose={() => setSecret(null)} />
    </Stack>
  );
}

function Webhook({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['webhook'],
    queryFn: () => api.get<WebhookSettings>('/console/webhooks'),
  });
  const deliveries = usePagedQuery<{ deliveries: WebhookDelivery[]; nextCursor?: string }>(
    ['webhook-deliveries'],
    (cursor) => `/console/webhooks/deliveries${qs({ limit: 10, cursor })}`,
    { refetchInterval: 5_000 },
  );
  const [url, setUrl] = useState<string | null>(null);
  const [threshold, setThreshold] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string }[] | null>(null);
  const [rotating, setRotating] = useState(false);
  const mayWrite = can(me, 'settings:write');
  const save = useRefreshingMutation(
    ['webhook'],
    () =>
      api.put<WebhookSettings>('/console/webhooks', {
        url: url ?? settings.data?.url ?? '',
        largeDepositThresholdUsd: (threshold ?? settings.data?.largeDepositThresholdUsd ?? '') || null,
      }),
    (r) => {
      if (r.secret) setSecret([{ label: t('settings.secret'), value: r.secret }]);
    },
  );
  const test = useRefreshingMutation(['webhook-deliveries'], () => api.post('/console/webhooks/test'));
  const redeliver = useRefreshingMutation(['webhook-deliveries'], (eventId: string) =>
    api.post(`/console/webhooks/deliveries/${encodeURIComponent(eventId)}/redeliver`),
  );
  return (
    <Stack>
      <SectionTitle title={t('settings.webhook')} />
      <QueryView query={settings}>
        {(s) => (
          <Paper withBorder p="md">
            <form
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate();
              }}
            >
              <Stack>
                {!mayWrite ? (
                  <Text size="sm" c="dimmed">
                    {t('settings.readOnly')}
                  </Text>
                ) : null}
                <TextInput
                  label={t('settings.webhookUrl')}
                  placeholder="https://example.com/webhooks/gateway"
                  value={url ?? s.url ?? ''}
                  onChange={(e) => setUrl(e.currentTarget.value)}
                  disabled={!mayWrite}
                  required
                />
                <TextInput
                  label={t('settings.threshold')}
                  placeholder="10000"
                  value={threshold ?? s.largeDepositThresholdUsd ?? ''}
                  onChange={(e) => setThreshold(e.currentTarget.value)}
                  disabled={!mayWrite}
                  inputMode="decimal"
                />
                <Text size="sm" c="dimmed">
                  {t('settings.secretCreated')}: {formatDateTime(s.secretCreatedAt)}
                </Text>
                {s.previousSecretExpiresAt ? (
                  <Text size="sm" c="dimmed" data-testid="webhook-previous-secret">
                    {t('settings.previousSecretUntil', { at: formatDateTime(s.previousSecretExpiresAt) })}
                  </Text>
                ) : null}
                <Text size="sm" c="dimmed" data-testid="webhook-signing">
                  {t('settings.webhookSigning')}
                </Text>
                {save.isError ? <ErrorAlert error={save.error} /> : null}
                {save.isSuccess ? <SuccessAlert>{t('settings.webhookSaved')}</SuccessAlert> : null}
                {test.isError ? <ErrorAlert error={test.error} /> : null}
                {test.isSuccess ? <SuccessAlert>{t('settings.testSent')}</SuccessAlert> : null}
                {mayWrite ? (
                  <Group justify="flex-end">
                    <Button
                      variant="default"
                      onClick={() => test.mutate()}
                      loading={test.isPending}
                      disabled={!s.url}
                    >
                      {t('settings.sendTest')}
                    </Button>
                    <Button variant="default" onClick={() => setRotating(true)} disabled={!s.url}>
                      {t('settings.rotate')}
                    </Button>
                    <Button type="submit" loading={save.isPending}>
                      {t('app.save')}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </form>
          </Paper>
        )}
      </QueryView>
      <Title order={3} size="h5">
        {t('settings.deliveries')}
      </Title>
      {redeliver.isError ? <ErrorAlert error={redeliver.error} /> : null}
      <PagedList paged={deliveries} isEmpty={(d) => d.deliveries.length === 0} empty={t('app.none')}>
        {(d) => (
          <DataTable
            miw={800}
            data-testid="webhook-deliveries"
            rows={d.deliveries}
            rowKey={(x) => x.eventId}
            columns={[
              {
                header: t('settings.event'),
                cell: (x) => (
                  <>
                    <Text size="sm">{x.type}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {x.eventId}
                    </Text>
                  </>
                ),
              },
              { header: t('settings.keyStatus'), cell: (x) => <StatusBadge status={x.status} /> },
              { header: t('settings.at'), cell: (x) => formatDateTime(x.occurredAt) },
              { header: t('settings.attempts'), cell: (x) => x.attemptCount },
              {
                header: 'HTTP',
                cell: (x) => {
                  const last = x.attempts[x.attempts.length - 1];
                  return last ? (last.statusCode ?? last.error ?? '—') : '—';
                },
              },
              {
                cell: (x) =>
                  mayWrite ? (
                    <MutationButton mutation={redeliver} item={x.eventId}>
                      {t('settings.redeliver')}
                    </MutationButton>
                  ) : null,
              },
            ]}
          />
        )}
      </PagedList>
      <OtpModal
        opened={rotating}
        title={t('settings.rotate')}
        confirmLabel={t('settings.rotate')}
        onClose={() => setRotating(false)}
        onConfirm={async (otp) => {
          const r = await api.post<{ secret: string }>('/console/webhooks/secret', otpField(otp));
          setSecret([{ label: t('settings.secret'), value: r.secret }]);
          await queryClient.invalidateQueries({ queryKey: ['webhook'] });
        }}
      />
      <SecretOnce title={t('settings.webhook')} rows={secret} onClose={() => setSecret(null)} />
    </Stack>
  );
}

function Policy({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const workspace = useQuery({
    queryKey: ['workspace'],
    queryFn: () => api.get<Workspace>('/console/workspace'),
  });
  const withdrawalSettings = useQuery({
    queryKey: ['withdrawal-settings'],
    queryFn: () => api.get<{ settings: WithdrawalSettings }>('/console/withdrawal-settings'),
    retry: false,
  });
  const [guard, setGuard] = useState<{ allowWithdrawalsWithout2fa: boolean; fourEyes: boolean } | null>(null);
  const [draft, setDraft] = useState<Pick<WithdrawalSettings, 'addressMode' | 'approval'> | null>(null);
  const [confirming, setConfirming] = useState<'guard' | 'settings' | null>(null);
  const [saved, setSaved] = useState(false);
  const mayWrite = can(me, 'workspace:write') || can(me, 'settings:write');
  const current = withdrawalSettings.data?.settings;
  const value = draft ?? (current ? { addressMode: current.addressMode, approval: current.approval } : null);
  const missing =
    withdrawalSettings.error instanceof ApiError && withdrawalSettings.error.code === 'NOT_FOUND';
  return (
    <Stack>
      <SectionTitle title={t('settings.policy')} />
      {saved ? <SuccessAlert>{t('settings.policySaved')}</SuccessAlert> : null}
      <Paper withBorder p="md">
        {missing ? (
          <Text size="sm" c="dimmed">
            {t('withdrawals.notAvailable')}
          </Text>
        ) : (
          <QueryView query={withdrawalSettings}>
            {() =>
              value ? (
                <Stack>
                  <div>
                    <Text size="sm" fw={500} mb={4}>
                      {t('settings.approvalMode')}
                    </Text>
                    <SegmentedControl
                      data={[
                        { value: 'AUTO', label: t('settings.auto') },
                        { value: 'CONDITIONAL', label: t('settings.conditional') },
                      ]}
                      value={value.approval.mode}
                      onChange={(m) =>
                        setDraft({
                          ...value,
                          approval: { ...value.approval, mode: m as 'AUTO' | 'CONDITIONAL' },
                        })
                      }
                      disabled={!mayWrite}
                    />
                  </div>
                  {/* A decimal string as typed: a threshold is money, never a float. */}
                  <TextInput
                    label={t('settings.thresholdUsdt')}
                    value={value.approval.thresholdUsdt}
                    onChange={(e) =>
                      setDraft({
                        ...value,
                        approval: { ...value.approval, thresholdUsdt: e.currentTarget.value.trim() },
                      })
                    }
                    inputMode="decimal"
                    error={/^\d+(\.\d{1,6})?$/.test(value.approval.thresholdUsdt) ? undefined : '0.000000'}
                    disabled={!mayWrite || value.approval.mode === 'AUTO'}
                    w={240}
                    name="thresholdUsdt"
                  />
                  <Select
                    label={t('settings.addressMode')}
                    data={[
                      { value: 'WHITELIST_ONLY', label: t('withdrawals.whitelistMode') },
                      { value: 'MANUAL_ADDRESS', label: t('withdrawals.manualMode') },
                    ]}
                    value={value.addressMode}
                    onChange={(m) =>
                      m && setDraft({ ...value, addressMode: m as WithdrawalSettings['addressMode'] })
                    }
                    allowDeselect={false}
                    disabled={!mayWrite}
                    w={240}
                  />
                  <Text size="sm" c="dimmed">
                    {t('settings.coolingHours', { hours: current?.whitelistCoolingHours ?? 0 })}
                  </Text>
                  {mayWrite ? (
                    <Group justify="flex-end">
                      <Button onClick={() => setConfirming('settings')} disabled={!draft}>
                        {t('app.save')}
                      </Button>
                    </Group>
                  ) : null}
                </Stack>
              ) : null
            }
          </QueryView>
        )}
      </Paper>
      <QueryView query={workspace}>
        {(w) => {
          const g = guard ?? w.security.withdrawalPolicy;
          return (
            <Paper withBorder p="md">
              <Stack>
                <Switch
                  label={t('settings.fourEyes')}
                  checked={g.fourEyes}
                  onChange={(e) => setGuard({ ...g, fourEyes: e.currentTarget.checked })}
                  disabled={!can(me, 'workspace:write')}
                />
                <Switch
                  label={t('settings.requireTwoFactor')}
                  checked={g.allowWithdrawalsWithout2fa}
                  onChange={(e) => setGuard({ ...g, allowWithdrawalsWithout2fa: e.currentTarget.checked })}
                  disabled={!can(me, 'workspace:write')}
                />
                {can(me, 'workspace:write') ? (
                  <Group justify="flex-end">
                    <Button onClick={() => setConfirming('guard')} disabled={!guard}>
                      {t('app.save')}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </Paper>
          );
        }}
      </QueryView>
      <OtpModal
        opened={confirming !== null}
        title={t('settings.policy')}
        confirmLabel={t('app.save')}
        onClose={() => setConfirming(null)}
        onConfirm={async (otp) => {
          setSaved(false);
          if (confirming === 'guard' && guard) {
            await api.put('/console/workspace/withdrawal-policy', { ...guard, ...otpField(otp) });
            setGuard(null);
            await queryClient.invalidateQueries({ queryKey: ['workspace'] });
          } else if (confirming === 'settings' && draft) {
            await api.put('/console/withdrawal-settings', {
              addressMode: draft.addressMode,
              approval: draft.approval,
              ...otpField(otp),
            });
            setDraft(null);
            await queryClient.invalidateQueries({ queryKey: ['withdrawal-settings'] });
          }
          setSaved(true);
        }}
      />
    </Stack>
  );
}

const ROLES = ['OWNER', 'ADMIN', 'OPERATOR', 'APPROVER', 'FINANCE', 'VIEWER'];

function Members({ me }: { me: Me }) {
  const { t } = useTranslation();
  const members = useQuery({
    queryKey: ['members'],
    queryFn: () => api.get<{ members: Member[] }>('/console/members'),
  });
  const invitations = useQuery({
    queryKey: ['invitations'],
    queryFn: () => api.get<{ invitations: Invitation[] }>('/console/invitations'),
    enabled: can(me, 'member:manage'),
  });
  const [inviting, setInviting] = useState(false);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('VIEWER');
  const [editing, setEditing] = useState<Member | null>(null);
  const [deactivating, setDeactivating] = useState<Member | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const roles = useRoles();
  const mayManage = can(me, 'member:manage');
  const invite = useRefreshingMutation(
    ['members', 'invitations'],
    (address: string) => api.post('/console/invitations', { email: address, role, extraPermissions: [] }),
    () => {
      setInviting(false);
      setEmail('');
    },
  );
  const act = useRefreshingMutation(['members', 'invitations'], (path: string) => api.post(path));
  return (
    <Stack>
      <SectionTitle
        title={t('settings.members')}
        actions={mayManage ? <Button onClick={() => setInviting(true)}>{t('settings.invite')}</Button> : null}
      />
      {act.isError ? <ErrorAlert error={act.error} /> : null}
      {notice ? <SuccessAlert>{notice}</SuccessAlert> : null}
      {invite.isSuccess ? (
        <SuccessAlert>{t('settings.invited', { email: invite.variables ?? '' })}</SuccessAlert>
      ) : null}
      <QueryView query={members}>
        {(d) => (
          <DataTable
            miw={800}
            data-testid="members-table"
            rows={d.members}
            rowKey={(m) => m.id}
            columns={[
              { header: t('settings.email'), cell: (m) => m.email },
              { header: t('settings.name'), cell: (m) => m.name },
              {
                header: t('settings.role'),
                cell: (m) => {
                  const extras = extraPermissions(m, roles.data?.roles);
                  return (
                    <>
                      {m.role}
                      {extras.length ? (
                        <Text size="xs" c="dimmed" data-testid="member-extras">
                          {t('screens.members.extras', { permissions: extras.join(', ') })}
                        </Text>
                      ) : null}
                    </>
                  );
                },
              },
              {
                header: t('settings.twoFactor'),
                cell: (m) => (m.twoFactorEnabled ? t('app.yes') : t('app.no')),
              },
              { header: t('settings.keyStatus'), cell: (m) => <StatusBadge status={m.status} /> },
              { header: t('settings.lastSignIn'), cell: (m) => formatDateTime(m.lastSignInAt) },
              {
                cell: (m) =>
                  // Only an owner may change an owner (the server refuses anyone else).
                  mayManage && m.id !== me.user.id && (m.role !== 'OWNER' || me.user.role === 'OWNER') ? (
                    <Group gap={4} wrap="nowrap">
                      {m.status === 'ACTIVE' ? (
                        <RowButton
                          onClick={() => {
                            setNotice(null);
                            setEditing(m);
                          }}
                        >
                          {t('screens.members.edit')}
                        </RowButton>
                      ) : null}
                      <RowButton
                        color={m.status === 'ACTIVE' ? 'red' : 'teal'}
                        onClick={() => {
                          setNotice(null);
                          if (m.status === 'ACTIVE') setDeactivating(m);
                          else act.mutate(`/console/members/${m.id}/reactivate`);
                        }}
                      >
                        {m.status === 'ACTIVE' ? t('settings.deactivate') : t('settings.reactivate')}
                      </RowButton>
                    </Group>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryView>
      {mayManage ? (
        <>
          <Title order={3} size="h5">
            {t('settings.invitations')}
          </Title>
          <QueryView query={invitations} isEmpty={(d) => d.invitations.length === 0} empty={t('app.none')}>
            {(d) => (
              <DataTable
                rows={d.invitations}
                rowKey={(i) => i.id}
                columns={[
                  { header: t('settings.email'), cell: (i) => i.email },
                  { header: t('settings.role'), cell: (i) => i.role },
                  { header: t('settings.keyStatus'), cell: (i) => <StatusBadge status={i.status} /> },
                  { header: t('settings.expires'), cell: (i) => formatDateTime(i.expiresAt) },
                  {
                    cell: (i) =>
                      i.status === 'PENDING' ? (
                        <Group gap={4}>
                          <RowButton onClick={() => act.mutate(`/console/invitations/${i.id}/resend`)}>
                            {t('settings.resend')}
                          </RowButton>
                          <RowButton
                            color="red"
                            onClick={() => act.mutate(`/console/invitations/${i.id}/revoke`)}
                          >
                            {t('settings.revokeInvite')}
                          </RowButton>
                        </Group>
                      ) : null,
                  },
                ]}
              />
            )}
          </QueryView>
        </>
      ) : null}
      <EditMemberModal member={editing} onClose={() => setEditing(null)} onDone={setNotice} />
      <DeactivateMemberModal member={deactivating} onClose={() => setDeactivating(null)} onDone={setNotice} />
      <FormModal
        opened={inviting}
        onClose={() => setInviting(false)}
        title={t('settings.invite')}
        onSubmit={() => invite.mutate(email)}
        mutation={invite}
        submitLabel={t('settings.invite')}
        canSubmit={!!email}
      >
        <TextInput
          label={t('settings.email')}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          required
          autoFocus
          data-autofocus
        />
        <Select
          label={t('settings.role')}
          data={ROLES}
          value={role}
          onChange={(v) => setRole(v ?? 'VIEWER')}
          allowDeselect={false}
        />
      </FormModal>
    </Stack>
  );
}

function Audit() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['audit'],
    queryFn: () => api.get<{ entries: AuditEntry[] }>('/console/audit?limit=100'),
  });
  return (
    <Stack>
      <SectionTitle title={t('settings.audit')} />
      <QueryView query={query} isEmpty={(d) => d.entries.length === 0} empty={t('app.none')}>
        {(d) => (
          <DataTable
            miw={900}
            fz="sm"
            data-testid="audit-table"
            rows={d.entries}
            rowKey={(e) => e.id}
            columns={[
              { header: t('settings.at'), cell: (e) => formatDateTime(e.at), nowrap: true },
              { header: t('settings.action'), cell: (e) => <Mono>{e.action}</Mono> },
              {
                header: t('settings.outcome'),
                cell: (e) => (
                  <>
                    <StatusBadge status={e.outcome} />
                    {e.reason ? (
                      <Text size="xs" c="dimmed">
                        {e.reason}
                      </Text>
                    ) : null}
                  </>
                ),
              },
              {
                header: t('settings.actor'),
                cell: (e) => (
                  <>
                    {e.actor.type} <Mono>{e.actor.id}</Mono>
                  </>
                ),
              },
              { header: 'IP', cell: (e) => e.sourceIp ?? '—' },
              {
                header: t('settings.details'),
                cell: (e) => (
                  <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {e.details
                      ? Object.entries(e.details)
                          .map(([k, v]) => `${k}=${String(v)}`)
                          .join(' ')
                      : ''}
                  </Text>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </Stack>
  );
}

const TABS = [
  'api-keys',
  'webhook',
  'policy',
  'fees',
  'finance-contacts',
  'members',
  'workspace',
  'audit',
] as const;

/** Settings: API keys, webhook, withdrawal policy, fees, members and invitations, workspace, audit log. */
export default function Settings() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as string)
    : 'api-keys';
  return (
    <>
      <PageTitle title={t('settings.title')} />
      <QueryView query={me}>
        {(m) => (
          <Tabs value={tab} onChange={(v) => setParams(v ? { tab: v } : {})} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="api-keys">{t('settings.apiKeys')}</Tabs.Tab>
              <Tabs.Tab value="webhook">{t('settings.webhook')}</Tabs.Tab>
              <Tabs.Tab value="policy">{t('settings.policy')}</Tabs.Tab>
              <Tabs.Tab value="fees">{t('subPartners.fees.tab')}</Tabs.Tab>
              <Tabs.Tab value="finance-contacts">{t('finance.contacts.tab')}</Tabs.Tab>
              <Tabs.Tab value="members">{t('settings.members')}</Tabs.Tab>
              <Tabs.Tab value="workspace">{t('screens.workspace.tab')}</Tabs.Tab>
              {can(m, 'audit:read') ? <Tabs.Tab value="audit">{t('settings.audit')}</Tabs.Tab> : null}
            </Tabs.List>
            <Tabs.Panel value="api-keys">
              <ApiKeys me={m} />
            </Tabs.Panel>
            <Tabs.Panel value="webhook">
              <Webhook me={m} />
            </Tabs.Panel>
            <Tabs.Panel value="policy">
              <Policy me={m} />
            </Tabs.Panel>
            <Tabs.Panel value="fees">
              <FeesTab />
            </Tabs.Panel>
            <Tabs.Panel value="finance-contacts">
              <FinanceContacts me={m} />
            </Tabs.Panel>
            <Tabs.Panel value="members">
              <Members me={m} />
            </Tabs.Panel>
            <Tabs.Panel value="workspace">
              <WorkspaceTab me={m} />
            </Tabs.Panel>
            <Tabs.Panel value="audit">
              <Audit />
            </Tabs.Panel>
          </Tabs>
        )}
      </QueryView>
    </>
  );
}
