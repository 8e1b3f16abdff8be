import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  List,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import type {
  Deposit,
  FeeRates,
  Period,
  SubPartnerSummary,
  SubPartnerView,
  Withdrawal,
} from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { OtpModal, otpField } from '../../components/OtpModal';
import { DetailDrawer, PagedList } from '../../components/PagedList';
import { SuccessAlert } from '../../components/notices';
import {
  CopyValue,
  DetailTable,
  Mono,
  PageTitle,
  QueryView,
  StatusBadge,
  TokenAmount,
  TxHash,
} from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatRate, parseRate, ppmToPercent } from '../../lib/fees';
import { usePagedQuery } from '../../lib/queries';
import { can, useMe } from '../../lib/session';
import { DepositDetail, DepositsTable } from '../Deposits';
import {
  AssetAmounts,
  PERIODS,
  PartnerStatus,
  SubPartnersGate,
  TypeBadge,
  detailPath,
  useOwnFees,
} from './common';
import { FeeFields, feesBody, feesComplete, serverFieldErrors } from './RegisterSubPartner';

interface Detail {
  subPartner: SubPartnerView;
  ancestors: { code: string; name: string }[];
}

type Offending = { code: string; depositFeeRate?: string; minFeeRate?: string; maxFeeCap?: string };

function base(code: string): string {
  return `/console/sub-partners/${encodeURIComponent(code)}`;
}

/** Deposits, withdrawals and revenue of one period. */
function SummaryCard({ code, period }: { code: string; period: Period }) {
  const { t } = useTranslation();
  const summary = useQuery({
    queryKey: ['sub-partner-summary', code, period],
    queryFn: () => api.get<{ summary: SubPartnerSummary }>(`${base(code)}/summary?period=${period}`),
  });
  return (
    <Card withBorder padding="md" data-testid={`summary-${period}`}>
      <Text fw={600} mb="xs">
        {t(`subPartners.detail.${period}`)}
      </Text>
      <QueryView query={summary}>
        {({ summary: s }) => (
          <Stack gap="xs">
            <div>
              <Text size="xs" c="dimmed">
                {t('subPartners.detail.deposits')} ·{' '}
                {t('subPartners.detail.count', { count: s.deposits.count })}
              </Text>
              <AssetAmounts amounts={s.deposits.amounts} testId={`summary-${period}-deposits`} />
            </div>
            <div>
              <Text size="xs" c="dimmed">
                {t('subPartners.detail.withdrawals')} ·{' '}
                {t('subPartners.detail.count', { count: s.withdrawals.count })}
              </Text>
              <AssetAmounts amounts={s.withdrawals.amounts} testId={`summary-${period}-withdrawals`} />
            </div>
            <div>
              <Text size="xs" c="dimmed">
                {t('subPartners.detail.revenue')}
              </Text>
              <AssetAmounts amounts={s.revenue} testId={`summary-${period}-revenue`} />
            </div>
          </Stack>
        )}
      </QueryView>
    </Card>
  );
}

function DepositsTab({ code }: { code: string }) {
  const { t } = useTranslation();
  const paged = usePagedQuery<{ deposits: Deposit[]; nextCursor?: string }>(
    ['sub-partner-deposits', code],
    (cursor) =>
      `${base(code)}/deposits${cursor ? `?cursor=${encodeURIComponent(cursor)}&limit=20` : '?limit=20'}`,
  );
  const [open, setOpen] = useState<Deposit | null>(null);
  return (
    <>
      <PagedList
        paged={paged}
        isEmpty={(d) => d.deposits.length === 0}
        empty={t('subPartners.detail.noDeposits')}
      >
        {(d) => <DepositsTable deposits={d.deposits} onOpen={setOpen} />}
      </PagedList>
      <DetailDrawer
        opened={!!open}
        onClose={() => setOpen(null)}
        title={t('deposits.detail', { code: open?.code ?? '' })}
      >
        {open ? <DepositDetail deposit={open} /> : null}
      </DetailDrawer>
    </>
  );
}

function WithdrawalsTab({ code }: { code: string }) {
  const { t } = useTranslation();
  const paged = usePagedQuery<{ withdrawals: Withdrawal[]; nextCursor?: string }>(
    ['sub-partner-withdrawals', code],
    (cursor) =>
      `${base(code)}/withdrawals${cursor ? `?cursor=${encodeURIComponent(cursor)}&limit=20` : '?limit=20'}`,
  );
  return (
    <PagedList
      paged={paged}
      isEmpty={(d) => d.withdrawals.length === 0}
      empty={t('subPartners.detail.noWithdrawals')}
    >
      {(d) => (
        <DataTable
          miw={860}
          data-testid="sub-partner-withdrawals"
          rows={d.withdrawals}
          rowKey={(w) => w.code}
          rowAttrs={(w) => ({ 'data-code': w.code })}
          columns={[
            { header: t('withdrawals.code'), cell: (w) => <Mono>{w.code}</Mono> },
            { header: t('withdrawals.requestedAt'), cell: (w) => formatDateTime(w.createdAt), nowrap: true },
            { header: t('deposits.network'), cell: (w) => w.network },
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
  );
}

interface Flow {
  entryId: string;
  reason: string;
  direction: 'CREDIT' | 'DEBIT';
  amount: string;
  balanceAfter: string;
  effectiveAt: string;
  cause: { type: string; id: string };
}

function FlowsList({ code, asset }: { code: string; asset: string }) {
  const { t } = useTranslation();
  const [token = '', network = ''] = asset.split('@');
  const paged = usePagedQuery<{ flows: Flow[]; nextCursor?: string }>(
    ['sub-partner-flows', code, asset],
    (cursor) =>
      `${base(code)}/flows?asset=${encodeURIComponent(asset)}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
  return (
    <PagedList paged={paged} isEmpty={(d) => d.flows.length === 0} empty={t('subPartners.detail.noFlows')}>
      {(d) => (
        <DataTable
          miw={760}
          data-testid="sub-partner-flows"
          rows={d.flows}
          rowKey={(f) => f.entryId}
          columns={[
            { header: t('deposits.time'), cell: (f) => formatDateTime(f.effectiveAt), nowrap: true },
            { header: t('subPartners.detail.reason'), cell: (f) => f.reason },
            {
              header: t('withdrawals.amount'),
              cell: (f) => (
                <Text span c={f.direction === 'DEBIT' ? 'red' : 'teal'} size="sm">
                  {f.direction === 'DEBIT' ? '−' : '+'}
                  <TokenAmount amount={f.amount} token={token} network={network} />
                </Text>
              ),
              right: true,
            },
            {
              header: t('subPartners.detail.balanceAfter'),
              cell: (f) => <TokenAmount amount={f.balanceAfter} token={token} network={network} />,
              right: true,
            },
            {
              header: t('subPartners.detail.cause'),
              cell: (f) => <Mono>{`${f.cause.type} ${f.cause.id}`}</Mono>,
            },
          ]}
        />
      )}
    </PagedList>
  );
}

function FlowsTab({ code, sp }: { code: string; sp: SubPartnerView }) {
  const { t } = useTranslation();
  const assets = sp.chains.flatMap((c) => c.tokens.map((token) => `${token}@${c.network}`));
  const [asset, setAsset] = useState<string | null>(assets[0] ?? null);
  if (!asset) return <Text c="dimmed">{t('subPartners.detail.noAsset')}</Text>;
  return (
    <Stack gap="sm">
      <Select
        label={t('subPartners.detail.asset')}
        data={assets}
        value={asset}
        onChange={(v) => v && setAsset(v)}
        allowDeselect={false}
        w={220}
      />
      <FlowsList code={code} asset={asset} />
    </Stack>
  );
}

/** The limits a sub-partner's own rates must respect: its parent's floor and cap. */
function useParentLimits(sp: SubPartnerView, callerCode: string, enabled: boolean): FeeRates | undefined {
  const own = useOwnFees(enabled && sp.parentCode === callerCode);
  const parent = useQuery({
    queryKey: ['sub-partner', sp.parentCode],
    queryFn: () => api.get<Detail>(base(sp.parentCode)),
    enabled: enabled && sp.parentCode !== callerCode,
  });
  const cap =
    sp.parentCode === callerCode ? own.data?.fees.maxFeeCap : parent.data?.subPartner.fees.maxFeeCap;
  const ready = sp.parentCode === callerCode ? !!own.data : !!parent.data;
  if (!ready) return undefined;
  // A merchant's minFeeRate is its parent's; a distributor's adds its own parentFeeRate.
  const min = parseRate(sp.fees.minFeeRate) ?? 0n;
  const parentMin = sp.type === 'MERCHANT' ? min : min - (parseRate(sp.fees.parentFeeRate) ?? 0n);
  return { minFeeRate: ppmToPercent(parentMin), ...(cap ? { maxFeeCap: cap } : {}) };
}

function EditModal({
  sp,
  callerCode,
  opened,
  onClose,
  onDone,
}: {
  sp: SubPartnerView;
  callerCode: string;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const initial = {
    depositFeeRate: sp.fees.depositFeeRate ?? '',
    parentFeeRate: sp.fees.parentFeeRate ?? '',
    maxFeeCap: sp.fees.maxFeeCap ?? '',
  };
  const [name, setName] = useState(sp.name);
  const [fees, setFees] = useState(initial);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [offending, setOffending] = useState<Offending[]>([]);
  const limits = useParentLimits(sp, callerCode, opened);
  const feesChanged = JSON.stringify(fees) !== JSON.stringify(initial);
  const nameChanged = name.trim() !== sp.name;
  const close = () => {
    setName(sp.name);
    setFees(initial);
    setServerErrors({});
    setOffending([]);
    onClose();
  };
  return (
    <OtpModal
      opened={opened}
      title={t('subPartners.actions.editTitle', { code: sp.code })}
      confirmLabel={t('subPartners.actions.save')}
      onClose={close}
      canConfirm={
        (nameChanged || feesChanged) &&
        name.trim() !== '' &&
        (!feesChanged || (!!limits && feesComplete(sp.type, limits, fees)))
      }
      onConfirm={async (otp) => {
        setOffending([]);
        try {
          await api.patch(base(sp.code), {
            ...(nameChanged ? { name: name.trim() } : {}),
            ...(feesChanged ? { fees: feesBody(sp.type, fees) } : {}),
            ...otpField(otp),
          });
          onDone();
        } catch (e) {
          setServerErrors(serverFieldErrors(e));
          if (e instanceof ApiError && e.code === 'FEE_CONSTRAINT_VIOLATED')
            setOffending((e.details['offending'] as Offending[] | undefined) ?? []);
          throw e;
        }
      }}
    >
      <TextInput
        label={t('subPartners.register.name')}
        name="name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
        data-autofocus
        error={serverErrors['name']}
      />
      {limits ? (
        <FeeFields
          type={sp.type}
          own={limits}
          values={fees}
          onChange={(field, value) => setFees((f) => ({ ...f, [field]: value }))}
          serverErrors={serverErrors}
        />
      ) : null}
      {offending.length ? (
        <Alert color="red" data-testid="fee-offending" title={t('subPartners.actions.offending')}>
          <List size="sm">
            {offending.map((o) => (
              <List.Item key={o.code}>
                {t('subPartners.actions.offendingRow', {
                  code: o.code,
                  rate: o.depositFeeRate ?? '—',
                  floor: o.minFeeRate ?? '—',
                  cap: o.maxFeeCap ?? '—',
                })}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </OtpModal>
  );
}

function StatusModal({
  sp,
  opened,
  onClose,
  onDone,
}: {
  sp: SubPartnerView;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const suspend = sp.status === 'ACTIVE';
  const [reason, setReason] = useState('');
  return (
    <OtpModal
      opened={opened}
      title={t(suspend ? 'subPartners.actions.suspendTitle' : 'subPartners.actions.reinstateTitle', {
        code: sp.code,
      })}
      confirmLabel={t(suspend ? 'subPartners.actions.suspend' : 'subPartners.actions.reinstate')}
      confirmColor={suspend ? 'red' : undefined}
      onClose={() => {
        setReason('');
        onClose();
      }}
      canConfirm={!suspend || reason.trim() !== ''}
      onConfirm={async (otp) => {
        await api.post(`${base(sp.code)}/${suspend ? 'suspend' : 'reinstate'}`, {
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...otpField(otp),
        });
        setReason('');
        onDone();
      }}
    >
      {suspend ? <Text size="sm">{t('subPartners.actions.suspendHelp')}</Text> : null}
      <Textarea
        label={t('subPartners.actions.reason')}
        name="reason"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        required={suspend}
        data-autofocus
        autosize
        minRows={2}
      />
    </OtpModal>
  );
}

/** The temporary password, once: copy button and the warning that it will not be shown again. */
function TemporaryPasswordModal({
  result,
  onClose,
}: {
  result: { temporaryPassword: string; email: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={!!result} onClose={onClose} title={t('subPartners.actions.resetPassword')} centered>
      {result ? (
        <Stack>
          <Text size="sm">{t('subPartners.actions.temporaryPassword', { email: result.email })}</Text>
          <Group gap="xs" wrap="nowrap">
            <Text
              ff="monospace"
              fw={700}
              fz="lg"
              data-testid="temporary-password"
              style={{ wordBreak: 'break-all' }}
            >
              {result.temporaryPassword}
            </Text>
            <CopyValue value={result.temporaryPassword} label={t('subPartners.actions.resetPassword')} />
          </Group>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
            {t('subPartners.actions.temporaryWarning')}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('app.close')}</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

type Action = 'edit' | 'status' | 'reset' | 'delete' | null;

function Actions({ sp, callerCode }: { sp: SubPartnerView; callerCode: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [action, setAction] = useState<Action>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [temporary, setTemporary] = useState<{ temporaryPassword: string; email: string } | null>(null);
  const direct = sp.parentCode === callerCode;
  const refresh = (message: string) => {
    setNotice(message);
    void queryClient.invalidateQueries({ queryKey: ['sub-partner'] });
    void queryClient.invalidateQueries({ queryKey: ['sub-partners'] });
    void queryClient.invalidateQueries({ queryKey: ['sub-partner-tree'] });
  };
  return (
    <>
      <Group gap="xs" data-testid="sub-partner-actions">
        <Button variant="default" onClick={() => setAction('edit')}>
          {t('subPartners.actions.edit')}
        </Button>
        <Button
          variant="default"
          color={sp.status === 'ACTIVE' ? 'red' : undefined}
          onClick={() => setAction('status')}
        >
          {t(sp.status === 'ACTIVE' ? 'subPartners.actions.suspend' : 'subPartners.actions.reinstate')}
        </Button>
        <Button variant="default" onClick={() => setAction('reset')}>
          {t('subPartners.actions.resetPassword')}
        </Button>
        <Button
          variant="light"
          color="red"
          onClick={() => setAction('delete')}
          disabled={!direct}
          title={direct ? undefined : t('subPartners.actions.deleteNotDirect')}
        >
          {t('subPartners.actions.delete')}
        </Button>
      </Group>
      {notice ? (
        <SuccessAlert
          mt="sm"
          withCloseButton
          onClose={() => setNotice(null)}
          data-testid="sub-partner-notice"
        >
          {notice}
        </SuccessAlert>
      ) : null}
      <EditModal
        key={`${sp.name}|${JSON.stringify(sp.fees)}`}
        sp={sp}
        callerCode={callerCode}
        opened={action === 'edit'}
        onClose={() => setAction(null)}
        onDone={() => refresh(t('subPartners.actions.saved'))}
      />
      <StatusModal
        sp={sp}
        opened={action === 'status'}
        onClose={() => setAction(null)}
        onDone={() =>
          refresh(
            t(sp.status === 'ACTIVE' ? 'subPartners.actions.suspended' : 'subPartners.actions.reinstated', {
              code: sp.code,
            }),
          )
        }
      />
      <OtpModal
        opened={action === 'reset'}
        title={t('subPartners.actions.resetTitle', { code: sp.code })}
        confirmLabel={t('subPartners.actions.resetPassword')}
        confirmColor="orange"
        onClose={() => setAction(null)}
        onConfirm={async (otp) => {
          setTemporary(
            await api.post<{ temporaryPassword: string; email: string }>(
              `${base(sp.code)}/owner-password-reset`,
              otpField(otp),
            ),
          );
        }}
      >
        <Text size="sm">{t('subPartners.actions.resetHelp')}</Text>
      </OtpModal>
      <TemporaryPasswordModal result={temporary} onClose={() => setTemporary(null)} />
      <OtpModal
        opened={action === 'delete'}
        title={t('subPartners.actions.deleteTitle', { code: sp.code })}
        confirmLabel={t('subPartners.actions.delete')}
        confirmColor="red"
        onClose={() => setAction(null)}
        onConfirm={async (otp) => {
          try {
            await api.post(`${base(sp.code)}/delete`, otpField(otp));
          } catch (e) {
            const reason = e instanceof ApiError ? e.details['reason'] : undefined;
            if (e instanceof ApiError && e.code === 'SUB_PARTNER_NOT_DELETABLE' && typeof reason === 'string')
              throw new Error(t(`subPartners.actions.notDeletable.${reason}`, { defaultValue: e.message }));
            throw e;
          }
          void queryClient.invalidateQueries({ queryKey: ['sub-partners'] });
          void queryClient.invalidateQueries({ queryKey: ['sub-partner-tree'] });
          void navigate('/sub-partners', { replace: true, state: { deleted: sp.code } });
        }}
      >
        <Text size="sm">{t('subPartners.actions.deleteHelp')}</Text>
      </OtpModal>
    </>
  );
}

/** Root first: the contract does not fix the order, the breadcrumb does. */
function rootFirst(ancestors: Detail['ancestors'], parentCode: string): Detail['ancestors'] {
  return ancestors.length > 1 && ancestors[0]?.code === parentCode ? [...ancestors].reverse() : ancestors;
}

/** Links for the caller (its tree) and the partners below it; those above it are names only. */
function breadcrumb(
  ancestors: Detail['ancestors'],
  callerCode: string,
): { code: string; name: string; link?: string }[] {
  const callerAt = ancestors.findIndex((a) => a.code === callerCode);
  return ancestors.map((a, i) => ({
    ...a,
    ...(i === callerAt
      ? { link: '/sub-partners?view=tree' }
      : callerAt >= 0 && i > callerAt
        ? { link: detailPath(a.code) }
        : {}),
  }));
}

/** One sub-partner (seed 000 §7.4): info, fees, chains, the period summary, read-only drill-down and actions. */
export default function SubPartnerDetail() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const me = useMe();
  const detail = useQuery({
    queryKey: ['sub-partner', code],
    queryFn: () => api.get<Detail>(base(code)),
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
  const callerCode = me.data?.partner.code ?? '';
  const manage = can(me.data, 'subpartner:manage');
  return (
    <SubPartnersGate title={t('subPartners.title')}>
      <QueryView query={detail}>
        {({ subPartner: sp, ancestors }) => (
          <Stack gap="md" data-testid="sub-partner-detail" data-code={sp.code}>
            <Breadcrumbs aria-label={t('subPartners.detail.ancestors')} separator="›">
              {breadcrumb(rootFirst(ancestors, sp.parentCode), callerCode).map((a) =>
                a.link ? (
                  <Anchor key={a.code} component={Link} to={a.link} size="sm">
                    {a.name}
                  </Anchor>
                ) : (
                  <Text key={a.code} size="sm" c="dimmed">
                    {a.name}
                  </Text>
                ),
              )}
              <Text size="sm">{sp.name}</Text>
            </Breadcrumbs>
            <PageTitle title={t('subPartners.detail.title', { name: sp.name, code: sp.code })}>
              <TypeBadge type={sp.type} />
              <PartnerStatus status={sp.status} accessSuspended={sp.accessSuspended} />
            </PageTitle>
            {manage ? <Actions sp={sp} callerCode={callerCode} /> : null}
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <Paper withBorder p="md">
                <Title order={2} size="h5" mb="xs">
                  {t('subPartners.detail.basic')}
                </Title>
                <DetailTable
                  rows={[
                    [t('subPartners.col.code'), <Mono key="c">{sp.code}</Mono>],
                    [t('subPartners.col.name'), sp.name],
                    [t('subPartners.col.type'), <TypeBadge key="t" type={sp.type} />],
                    [t('subPartners.col.status'), <StatusBadge key="s" status={sp.status} />],
                    [t('subPartners.detail.depth'), String(sp.depth)],
                    [t('subPartners.detail.parent'), <Mono key="p">{sp.parentCode}</Mono>],
                    [t('subPartners.col.children'), String(sp.childCount)],
                    [t('subPartners.col.created'), formatDate(sp.createdAt)],
                  ]}
                />
              </Paper>
              <Paper withBorder p="md" data-testid="sub-partner-fees">
                <Title order={2} size="h5" mb="xs">
                  {t('subPartners.detail.fees')}
                </Title>
                <DetailTable
                  rows={[
                    ...(sp.type === 'MERCHANT'
                      ? ([[t('subPartners.col.depositFeeRate'), formatRate(sp.fees.depositFeeRate)]] as const)
                      : ([
                          [t('subPartners.col.parentFeeRate'), formatRate(sp.fees.parentFeeRate)],
                          [t('subPartners.col.maxFeeCap'), formatRate(sp.fees.maxFeeCap)],
                        ] as const)),
                    [t('subPartners.col.minFeeRate'), formatRate(sp.fees.minFeeRate)],
                  ]}
                />
              </Paper>
              <Paper withBorder p="md">
                <Title order={2} size="h5" mb="xs">
                  {t('subPartners.detail.chains')}
                </Title>
                {sp.chains.length ? (
                  <DetailTable rows={sp.chains.map((c) => [c.network, c.tokens.join(', ')] as const)} />
                ) : (
                  <Text c="dimmed" size="sm">
                    {t('subPartners.detail.noChains')}
                  </Text>
                )}
              </Paper>
            </SimpleGrid>
            <Title order={2} size="h4">
              {t('subPartners.detail.summary')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {PERIODS.map((p) => (
                <SummaryCard key={p} code={sp.code} period={p} />
              ))}
            </SimpleGrid>
            <Text size="sm" c="dimmed">
              {t('subPartners.detail.readOnly')}
            </Text>
            <Tabs defaultValue="deposits" keepMounted={false}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="deposits">{t('subPartners.detail.tabs.deposits')}</Tabs.Tab>
                <Tabs.Tab value="withdrawals">{t('subPartners.detail.tabs.withdrawals')}</Tabs.Tab>
                <Tabs.Tab value="flows">{t('subPartners.detail.tabs.flows')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="deposits">
                <DepositsTab code={sp.code} />
              </Tabs.Panel>
              <Tabs.Panel value="withdrawals">
                <WithdrawalsTab code={sp.code} />
              </Tabs.Panel>
              <Tabs.Panel value="flows">
                <FlowsTab code={sp.code} sp={sp} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        )}
      </QueryView>
    </SubPartnersGate>
  );
}
