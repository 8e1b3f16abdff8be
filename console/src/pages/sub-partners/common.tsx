import { Badge, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AssetAmount, OwnFees, Period, SubPartnerStatus } from '../../api/types';
import { Empty, PageTitle, QueryView, StatusBadge } from '../../components/ui';
import type { FeeIssue } from '../../lib/fees';
import { formatToken, tokenDecimals } from '../../lib/money';
import { can, useMe } from '../../lib/session';

export const PERIODS: readonly Period[] = ['today', 'week', 'month'];
export const SUB_PARTNER_TYPES = ['MERCHANT', 'DISTRIBUTOR'] as const;
export const SUB_PARTNER_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
/** The deepest distributor level (seed 000 §7.1): a distributor there registers merchants only. */
export const MAX_DISTRIBUTOR_DEPTH = 5;

/** The path of a sub-partner's detail page. */
export function detailPath(code: string): string {
  return `/sub-partners/${encodeURIComponent(code)}`;
}

/** An instant as UTC date and minute ("2026-12-07 00:00"): periods are UTC days, weeks and months. */
export function formatUtc(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
}

/** `USDT@BSC` → token and network. */
export function splitAsset(asset: string): { token: string; network: string } {
  const [token = asset, network = ''] = asset.split('@');
  return { token, network };
}

/** Amounts per asset at display precision (up to 6 decimals, trailing zeros trimmed): "4 USDT · BSC". */
export function AssetAmounts({
  amounts,
  testId,
  empty = '0',
}: {
  amounts: readonly AssetAmount[];
  testId?: string;
  empty?: string;
}) {
  if (amounts.length === 0)
    return (
      <Text span size="sm" ff="monospace" c="dimmed" data-testid={testId}>
        {empty}
      </Text>
    );
  return (
    <Stack gap={0} data-testid={testId}>
      {amounts.map((a) => {
        const { token, network } = splitAsset(a.asset);
        return (
          <Text
            key={a.asset}
            span
            size="sm"
            ff="monospace"
            data-asset={a.asset}
            style={{ whiteSpace: 'nowrap' }}
          >
            {formatToken(a.amount, tokenDecimals(network, token))} {token}
            {network ? (
              <Text span size="xs" c="dimmed">
                {' '}
                · {network}
              </Text>
            ) : null}
          </Text>
        );
      })}
    </Stack>
  );
}

export function TypeBadge({ type }: { type: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="outline"
      color={type === 'DISTRIBUTOR' ? 'violet' : 'blue'}
      data-type={type}
      style={{ minWidth: 'max-content' }}
    >
      {t(`subPartners.type.${type}`, { defaultValue: type })}
    </Badge>
  );
}

/** Its own status, plus "access suspended" when a suspended ancestor cuts it off. */
export function PartnerStatus({
  status,
  accessSuspended,
}: {
  status: SubPartnerStatus;
  accessSuspended: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <StatusBadge status={status} />
      {accessSuspended && status === 'ACTIVE' ? (
        <Badge
          color="orange"
          variant="light"
          title={t('subPartners.accessSuspendedHelp')}
          data-access-suspended
        >
          {t('subPartners.accessSuspended')}
        </Badge>
      ) : null}
    </Group>
  );
}

/** Today / This week / This month. */
export function PeriodControl({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('subPartners.revenue.period')}
      value={value}
      onChange={(v) => onChange(v as Period)}
      data={PERIODS.map((p) => ({ value: p, label: t(`subPartners.period.${p}`) }))}
    />
  );
}

/** The caller's own rates (GET /console/fees): the limits its children's fees must respect. */
export function useOwnFees(enabled = true) {
  return useQuery({
    queryKey: ['own-fees'],
    queryFn: () => api.get<OwnFees>('/console/fees'),
    enabled,
    staleTime: 30_000,
  });
}

/** A typed rate's problem as a sentence. */
export function useFeeIssueText() {
  const { t } = useTranslation();
  return (issue: FeeIssue | undefined): string | undefined =>
    issue ? t(`subPartners.fee.${issue.key}`, issue.params) : undefined;
}

/**
 * The chapter's pages only for partners that can have sub-partners: a merchant (who reaches a URL
 * directly) reads that it is not for merchants; a member without `subpartner:read` that their role refuses.
 */
export function SubPartnersGate({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <QueryView query={me}>
      {(m) => {
        if (m.partner.type === 'MERCHANT')
          return (
            <>
              <PageTitle title={t('subPartners.merchantsOnlyTitle')} />
              <Group gap="sm" data-testid="sub-partners-not-for-merchants">
                <IconBuildingStore size={22} aria-hidden />
                <Text>{t('subPartners.merchantsOnly')}</Text>
              </Group>
            </>
          );
        if (!can(m, 'subpartner:read'))
          return (
            <>
              <PageTitle title={title} />
              <Empty message={t('subPartners.noPermission')} />
            </>
          );
        return <>{children}</>;
      }}
    </QueryView>
  );
}
