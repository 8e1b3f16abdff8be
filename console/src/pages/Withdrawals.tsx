import {
  Alert,
  Button,
  Group,
  Select,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Timeline,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, qs } from '../api/client';
import type {
  BalanceRow,
  Me,
  Member,
  WhitelistEntry,
  Withdrawal,
  WithdrawalSettings,
  Workspace,
} from '../api/types';
import { DataTable } from '../components/DataTable';
import { OtpModal, otpField } from '../components/OtpModal';
import { DateRangeFields, DetailDrawer, FilterBar, PagedList, allOptions } from '../components/PagedList';
import { DestinationAddressInput, NetworkSelect } from '../components/forms';
import { SuccessAlert } from '../components/notices';
import { NETWORK_CODES, TOKEN_DECIMALS, TOKEN_SYMBOLS } from '../../../shared/domain/chains/networks';
import {
  DetailTable,
  ErrorAlert,
  Mono,
  PageTitle,
  QueryView,
  StatusBadge,
  TokenAmount,
  TxHash,
  rowProps,
} from '../components/ui';
import { formatDateTime } from '../lib/format';
import { dayRange, useFilteredPagedQuery } from '../lib/queries';
import { belowMinimum, formatToken, tokenDecimals } from '../lib/money';
import { can, useMe, useWithdrawalLock } from '../lib/session';

export const WITHDRAWAL_STATUSES = [
  'REQUESTED',
  'PENDING_APPROVAL',
  'APPROVED',
  'PROCESSING',
  'BROADCASTING',
  'CONFIRMED',
  'REJECTED',
  'FAILED',
  'CANCELLED',
] as const;
/** Not yet broadcast: the guide's cancellable states. */
const CANCELLABLE = new Set(['REQUESTED', 'PENDING_APPROVAL', 'APPROVED', 'FAILED']);
/** The tokens each network carries (shared/domain/chains/networks.ts). */
const NETWORK_TOKENS: Record<string, string[]> = Object.fromEntries(
  NETWORK_CODES.map((n) => [n, TOKEN_SYMBOLS.filter((s) => TOKEN_DECIMALS[n][s] !== undefined)]),
);
const POLL_MS = 4_000;

type Filters = {
  from: string;
  to: string;
  status: string;
  search: string;
  type: string;
  userId: string;
};
const NO_FILTERS: Filters = { from: '', to: '', status: '', search: '', type: '', userId: '' };

function withdrawalQuery(f: Filters, cursor: string | undefined) {
  const s = f.search.trim();
  return qs({
    limit: 20,
    cursor,
    ...dayRange(f),
    status: f.status,
    type: f.type,
    userId: f.userId.trim(),
    code: /^W/i.test(s) ? s.toUpperCase() : undefined,
    txHash: /^0x[0-9a-f]{64}$/i.test(s) ? s : undefined,
  });
}

/** Who acted, by member email where we know it (`user:<id>`, `{kind, id}`, or `system`). */
function whoFrom(names: ReadonlyMap<string, string>) {
  return (x: unknown): string => {
    if (!x) return '—';
    const o =
      typeof x === 'string'
        ? { kind: x.split(':')[0], id: x.includes(':') ? x.slice(x.indexOf(':') + 1) : x }
        : (x as { kind?: string; id?: string });
    if (!o.id) return JSON.stringify(x);
    if (o.kind === 'apiKey') return `API key ${o.id}`;
    return names.get(o.id) ?? (o.kind && o.kind !== o.id ? `${o.kind}:${o.id}` : o.id);
  };
}

function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function RequestWithdrawalModal({
  opened,
  onClose,
  settings,
}: {
  opened: boolean;
  onClose: () => void;
  settings: WithdrawalSettings | undefined;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [network, setNetwork] = useState('BSC');
  const [token, setToken] = useState('USDT');
  const [amount, setAmount] = useState('');
  const [useMax, setUseMax] = useState(false);
  const [target, setTarget] = useState<'whitelist' | 'manual'>(
    settings?.addressMode === 'MANUAL_ADDRESS' ? 'manual' : 'whitelist',
  );
  const [entryId, setEntryId] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [userId, setUserId] = useState('');
  const [reference, setReference] = useState('');
  const [created, setCreated] = useState<Withdrawal | null>(null);
  // One key per request form: a retried submit (network hiccup) cannot create a second withdrawal.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const balances = useQuery({
    queryKey: ['balances'],
    queryFn: () => api.get<{ balances: BalanceRow[] }>('/console/balances'),
    enabled: opened,
    refetchInterval: opened ? POLL_MS : false,
  });
  const whitelist = useQuery({
    queryKey: ['whitelist'],
    queryFn: () => api.get<{ entries: WhitelistEntry[] }>('/console/withdrawal-whitelist'),
    enabled: opened,
    retry: false,
  });
  const balance = balances.data?.balances.find((b) => b.network === network && b.token === token);
  const decimals = tokenDecimals(network, token);
  // The server refuses less than the asset's minimum; say so before the OTP is spent.
  const minimum = settings?.minimumAmounts?.[`${token}@${network}`];
  const tooSmall = useMax
    ? !!balance && belowMinimum(balance.available, minimum, decimals)
    : belowMinimum(amount, minimum, decimals);
  const usable = (whitelist.data?.entries ?? []).filter(
    (e) => e.network === network && Date.parse(e.usableAt) <= Date.now(),
  );
  // Entries still in their cooling period: the picker says when they become usable instead of "none".
  const cooling = (whitelist.data?.entries ?? [])
    .filter((e) => e.network === network && Date.parse(e.usableAt) > Date.now())
    .sort((a, b) => (a.usableAt < b.usableAt ? -1 : 1));
  const manualAllowed = settings?.addressMode !== 'WHITELIST_ONLY';
  const reset = () => {
    setAmount('');
    setUseMax(false);
    setEntryId(null);
    setAddress('');
    setUserId('');
    setReference('');
    setIdempotencyKey(newIdempotencyKey());
  };
  return (
    <>
      <OtpModal
        opened={opened}
        title={t('withdrawals.request')}
        confirmLabel={t('withdrawals.submit')}
        onClose={() => {
          reset();
          onClose();
        }}
        canConfirm={
          (useMax || /^\d+(\.\d+)?$/.test(amount)) &&
          !tooSmall &&
          (target === 'whitelist' ? !!entryId : !!address)
        }
        onConfirm={async (otp) => {
          const body = {
            network,
            token,
            amount: useMax ? 'MAX' : amount,
            ...(target === 'whitelist' && entryId ? { whitelistEntryId: entryId } : { address }),
            ...(userId ? { userId } : {}),
            ...(reference ? { reference } : {}),
            ...otpField(otp),
          };
          const r = await api.post<{ withdrawal: Withdrawal }>('/console/withdrawals', body, {
            headers: { 'Idempotency-Key': idempotencyKey },
          });
          setCreated(r.withdrawal);
          reset();
          await queryClient.invalidateQueries({ queryKey: ['withdrawals'] });
          await queryClient.invalidateQueries({ queryKey: ['balances'] });
        }}
      >
        <Group grow>
          <NetworkSelect
            networks={Object.keys(NETWORK_TOKENS)}
            value={network}
            onChange={(n) => {
              setNetwork(n);
              if (!NETWORK_TOKENS[n]?.includes(token)) setToken('USDT');
              setEntryId(null);
            }}
          />
          <Select
            label={t('withdrawals.token')}
            data={NETWORK_TOKENS[network] ?? ['USDT']}
            value={token}
            onChange={(v) => setToken(v ?? 'USDT')}
            allowDeselect={false}
          />
        </Group>
        <Text size="sm" c="dimmed" data-testid="available-for-withdrawal">
          {t('withdrawals.availableBalance', {
            amount: balance ? formatToken(balance.available, balance.decimals) : '—',
            token,
          })}
        </Text>
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label={t('withdrawals.amount')}
            value={useMax ? (balance ? balance.available : 'MAX') : amount}
            onChange={(e) => {
              setUseMax(false);
              setAmount(e.currentTarget.value.trim());
            }}
            inputMode="decimal"
            required
            style={{ flex: 1 }}
            name="amount"
            description={
              minimum
                ? `${decimals} decimals · ${t('withdrawals.minimumHint', { amount: minimum, token })}`
                : `${decimals} decimals`
            }
            error={tooSmall ? t('withdrawals.belowMinimum', { amount: minimum, token }) : undefined}
          />
          <Button variant={useMax ? 'filled' : 'light'} onClick={() => setUseMax(true)} aria-pressed={useMax}>
            {t('withdrawals.max')}
          </Button>
        </Group>
        {manualAllowed ? (
          <SegmentedControl
            value={target}
            onChange={(v) => setTarget(v as 'whitelist' | 'manual')}
            data={[
              { value: 'whitelist', label: t('withdrawals.whitelistEntry') },
              { value: 'manual', label: t('withdrawals.manualAddress') },
            ]}
          />
        ) : null}
        {target === 'whitelist' || !manualAllowed ? (
          <Select
            label={t('withdrawals.whitelistEntry')}
            data={usable.map((e) => ({ value: e.entryId, label: `${e.label} — ${e.address}` }))}
            value={entryId}
            onChange={setEntryId}
            placeholder={
              usable.length ? undefined : cooling.length ? t('whitelist.allCooling') : t('whitelist.empty')
            }
            description={
              cooling.length
                ? t('whitelist.coolingUntil', {
                    count: cooling.length,
                    time: formatDateTime(cooling[0]!.usableAt),
                  })
                : undefined
            }
            required
            name="whitelistEntry"
          />
        ) : (
          <DestinationAddressInput
            network={network}
            label={t('withdrawals.manualAddress')}
            value={address}
            onChange={setAddress}
            name="address"
          />
        )}
        <Group grow>
          <TextInput
            label={t('withdrawals.userId')}
            value={userId}
            onChange={(e) => setUserId(e.currentTarget.value)}
          />
          <TextInput
            label={t('withdrawals.reference')}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
          />
        </Group>
      </OtpModal>
      {created ? (
        <Alert
          color="teal"
          role="status"
          withCloseButton
          onClose={() => setCreated(null)}
          mb="md"
          data-testid="withdrawal-created"
        >
          {t('withdrawals.created', { code: created.code, status: t(`status.${created.status}`) })}
        </Alert>
      ) : null}
    </>
  );
}

function WithdrawalDetail({
  w,
  me,
  fourEyes,
  names,
}: {
  w: Withdrawal;
  me: Me;
  fourEyes: boolean;
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const who = whoFrom(names);
  const queryClient = useQueryClient();
  const [action, setAction] = useState<'approve' | 'reject' | 'cancel' | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const own = w.requestedBy.kind === 'user' && w.requestedBy.id === me.user.id;
  const mayApprove = can(me, 'withdrawal:approve') && w.status === 'PENDING_APPROVAL';
  const blockedOwn = mayApprove && own && fourEyes;
  const lockedUntil = useWithdrawalLock(me);
  const mayCancel = can(me, 'withdrawal:request') && CANCELLABLE.has(w.status);
  const label =
    action === 'approve'
      ? t('withdrawals.approve')
      : action === 'reject'
        ? t('withdrawals.reject')
        : t('withdrawals.cancelW');
  return (
    <Stack>
      {done ? <SuccessAlert>{done}</SuccessAlert> : null}
      <DetailTable
        rows={[
          [t('withdrawals.code'), <Mono key="c">{w.code}</Mono>],
          [t('deposits.status'), <StatusBadge key="s" status={w.status} />],
          [t('withdrawals.type'), t(`wtype.${w.type}`, { defaultValue: w.type })],
          [t('deposits.network'), w.network],
          [
            t('withdrawals.amount'),
            <TokenAmount key="a" amount={w.amount} token={w.token} network={w.network} />,
          ],
          [t('withdrawals.fee'), <TokenAmount key="f" amount={w.fee} token={w.token} network={w.network} />],
          [
            t('withdrawals.total'),
            <TokenAmount key="t" amount={w.total} token={w.token} network={w.network} />,
          ],
          [t('withdrawals.address'), <Mono key="ad">{w.address}</Mono>],
          [t('deposits.userId'), w.userId ?? '—'],
          [t('withdrawals.reference'), w.reference ?? '—'],
          [t('withdrawals.requestedBy'), who(w.requestedBy)],
          [t('withdrawals.decidedBy'), who(w.decidedBy)],
          [t('withdrawals.requestedAt'), formatDateTime(w.createdAt)],
          [t('deposits.confirmedAt'), formatDateTime(w.confirmedAt)],
          [t('deposits.txHash'), <TxHash key="tx" hash={w.txHash} full />],
          ...(w.rejectReason ? ([[t('withdrawals.rejectReason'), w.rejectReason]] as const) : []),
          ...(w.failureReason ? ([[t('withdrawals.failureReason'), w.failureReason]] as const) : []),
        ]}
      />
      {blockedOwn ? (
        <Alert color="yellow" role="note" data-testid="own-request">
          {t('withdrawals.ownRequest')}
        </Alert>
      ) : null}
      {mayApprove && !blockedOwn && lockedUntil ? (
        <Alert color="yellow" role="note" data-testid="approve-locked">
          {t('withdrawals.lockedUntil', { time: formatDateTime(lockedUntil) })}
        </Alert>
      ) : null}
      <Group>
        {mayApprove && !blockedOwn ? (
          <Button
            color="teal"
            onClick={() => setAction('approve')}
            disabled={!!lockedUntil}
            data-testid="approve-withdrawal"
          >
            {t('withdrawals.approve')}
          </Button>
        ) : null}
        {mayApprove ? (
          <Button
            color="red"
            variant="light"
            onClick={() => setAction('reject')}
            data-testid="reject-withdrawal"
          >
            {t('withdrawals.reject')}
          </Button>
        ) : null}
        {mayCancel ? (
          <Button
            color="gray"
            variant="light"
            onClick={() => setAction('cancel')}
            data-testid="cancel-withdrawal"
          >
            {t('withdrawals.cancelW')}
          </Button>
        ) : null}
      </Group>
      {w.history.length ? (
        <div>
          <Text fw={600} size="sm" mb="xs">
            {t('withdrawals.history')}
          </Text>
          <Timeline active={w.history.length - 1} bulletSize={14} lineWidth={2}>
            {w.history.map((h, i) => (
              <Timeline.Item
                key={`${h.status}-${i}`}
                title={t(`status.${h.status}`, { defaultValue: h.status })}
              >
                <Text size="xs" c="dimmed">
                  {formatDateTime(h.at)} {h.by ? `· ${who(h.by)}` : ''}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </div>
      ) : null}
      <OtpModal
        opened={action !== null}
        title={`${label} · ${w.code}`}
        confirmLabel={label}
        cancelLabel={action === 'cancel' ? t('withdrawals.keep') : undefined}
        confirmColor={action === 'approve' ? 'teal' : 'red'}
        canConfirm={action !== 'reject' || reason.trim().length > 0}
        onClose={() => {
          setAction(null);
          setReason('');
        }}
        onConfirm={async (otp) => {
          await api.post(
            `/console/withdrawals/${encodeURIComponent(w.code)}/${action ?? ''}`,
            action === 'reject' ? { reason: reason.trim(), ...otpField(otp) } : otpField(otp),
          );
          setDone(
            action === 'approve'
              ? t('withdrawals.approved')
              : action === 'reject'
                ? t('withdrawals.rejected')
                : t('withdrawals.cancelled'),
          );
          setReason('');
          await queryClient.invalidateQueries({ queryKey: ['withdrawals'] });
          await queryClient.invalidateQueries({ queryKey: ['withdrawal', w.code] });
        }}
      >
        {action === 'reject' ? (
          <Textarea
            label={t('withdrawals.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            autoFocus
            data-autofocus
            minRows={2}
          />
        ) : null}
      </OtpModal>
    </Stack>
  );
}

/** Withdrawal history with filters, the request modal, and a detail panel with approve / reject / cancel. */
export default function Withdrawals() {
  const { t } = useTranslation();
  const me = useMe();
  const lockedUntil = useWithdrawalLock(me.data);
  const list = useFilteredPagedQuery<Filters, { withdrawals: Withdrawal[]; nextCursor?: string }>(
    'withdrawals',
    NO_FILTERS,
    (filters, cursor) => `/console/withdrawals${withdrawalQuery(filters, cursor)}`,
    { refetchInterval: POLL_MS },
  );
  const [requesting, setRequesting] = useState(false);
  const [openCode, setOpenCode] = useState<string | null>(null);
  const detail = useQuery({
    queryKey: ['withdrawal', openCode],
    queryFn: () =>
      api.get<{ withdrawal: Withdrawal }>(`/console/withdrawals/${encodeURIComponent(openCode ?? '')}`),
    enabled: !!openCode,
    refetchInterval: POLL_MS,
  });
  const settings = useQuery({
    queryKey: ['withdrawal-settings'],
    queryFn: () => api.get<{ settings: WithdrawalSettings }>('/console/withdrawal-settings'),
    retry: false,
  });
  const workspace = useQuery({
    queryKey: ['workspace'],
    queryFn: () => api.get<Workspace>('/console/workspace'),
  });
  const members = useQuery({
    queryKey: ['members'],
    queryFn: () => api.get<{ members: Member[] }>('/console/members'),
    enabled: can(me.data, 'member:read'),
  });
  const names = useMemo(
    () => new Map((members.data?.members ?? []).map((m) => [m.id, m.email])),
    [members.data],
  );
  const missing =
    list.query.error instanceof ApiError &&
    list.query.error.code === 'NOT_FOUND' &&
    list.query.error.message.startsWith('No route');
  return (
    <>
      <PageTitle title={t('withdrawals.title')}>
        {can(me.data, 'withdrawal:request') && !missing ? (
          <Group gap="xs">
            {lockedUntil ? (
              <Text size="sm" c="dimmed" data-testid="request-locked">
                {t('withdrawals.lockedUntil', { time: formatDateTime(lockedUntil) })}
              </Text>
            ) : null}
            <Button
              onClick={() => setRequesting(true)}
              disabled={!!lockedUntil}
              data-testid="request-withdrawal"
            >
              {t('withdrawals.request')}
            </Button>
          </Group>
        ) : null}
      </PageTitle>
      <RequestWithdrawalModal
        opened={requesting}
        onClose={() => setRequesting(false)}
        settings={settings.data?.settings}
      />
      <FilterBar {...list.filterBar}>
        <DateRangeFields from={list.text('from')} to={list.text('to')} />
        <Select
          label={t('deposits.status')}
          data={allOptions(t, WITHDRAWAL_STATUSES, 'status')}
          {...list.select('status')}
          w={180}
        />
        <Select
          label={t('withdrawals.type')}
          data={allOptions(t, ['USER', 'API', 'MANUAL'], 'wtype')}
          {...list.select('type')}
          w={160}
        />
        <TextInput label={t('deposits.userId')} {...list.text('userId')} w={140} />
        <TextInput label={t('withdrawals.codeOrHash')} {...list.text('search')} w={280} />
      </FilterBar>
      {missing ? (
        <Alert color="gray">{t('withdrawals.notAvailable')}</Alert>
      ) : (
        <PagedList paged={list} isEmpty={(d) => d.withdrawals.length === 0} empty={t('withdrawals.empty')}>
          {(d) => (
            <DataTable
              highlightOnHover
              miw={980}
              data-testid="withdrawals-table"
              rows={d.withdrawals}
              rowKey={(w) => w.code}
              rowAttrs={(w) => ({
                'data-code': w.code,
                ...rowProps(() => setOpenCode(w.code), t('withdrawals.detail', { code: w.code })),
              })}
              columns={[
                { header: t('withdrawals.code'), cell: (w) => <Mono>{w.code}</Mono> },
                { header: t('deposits.userId'), cell: (w) => w.userId ?? '—' },
                {
                  header: t('withdrawals.requestedAt'),
                  cell: (w) => formatDateTime(w.createdAt),
                  nowrap: true,
                },
                { header: t('deposits.network'), cell: (w) => w.network },
                {
                  header: t('withdrawals.type'),
                  cell: (w) => t(`wtype.${w.type}`, { defaultValue: w.type }),
                },
                {
                  header: t('withdrawals.amount'),
                  cell: (w) => <TokenAmount amount={w.amount} token={w.token} network={w.network} />,
                  right: true,
                },
                { header: t('deposits.status'), cell: (w) => <StatusBadge status={w.status} /> },
                { header: t('deposits.txHash'), cell: (w) => <TxHash hash={w.txHash} /> },
              ]}
            />
          )}
        </PagedList>
      )}
      <DetailDrawer
        opened={!!openCode}
        onClose={() => setOpenCode(null)}
        title={t('withdrawals.detail', { code: openCode ?? '' })}
      >
        {me.data ? (
          <QueryView query={detail}>
            {(d) => (
              <WithdrawalDetail
                w={d.withdrawal}
                me={me.data}
                fourEyes={workspace.data?.security.withdrawalPolicy.fourEyes ?? true}
                names={names}
              />
            )}
          </QueryView>
        ) : null}
        {detail.isError ? <ErrorAlert error={detail.error} /> : null}
      </DetailDrawer>
    </>
  );
}
