import { Badge, Card, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InvoiceStatus } from './gas-types';

const COLORS: Record<InvoiceStatus, string> = { DRAFT: 'gray', ISSUED: 'blue', PAID: 'green', VOID: 'dark' };

/** An invoice status, colour-coded, the code readable to tests. */
export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" data-status={status} style={{ minWidth: 'max-content' }}>
      {t(`gas.status.${status}`)}
    </Badge>
  );
}

/** The current UTC month, `YYYY-MM`. */
export function currentMonth(): string {
  return new Date().toISOString().slice(0, 7);
}

/** One network's gas over a period: transactions, native total, USD, and the records without a (fresh) price. */
export function NetworkGasCard(props: {
  network: string;
  count: number;
  nativeAmount: string;
  nativeSymbol: string;
  usd: string;
  withoutPrice: number;
  stalePrice?: number;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-network={props.network}>
      <Text size="sm" c="dimmed">
        {props.network} · {t('gas.records.count')} {props.count}
      </Text>
      <Text ff="monospace" fw={700}>
        {props.nativeAmount} {props.nativeSymbol}
      </Text>
      <Text ff="monospace" size="sm">
        {props.usd} USD
      </Text>
      {props.withoutPrice > 0 ? (
        <Text size="xs" c="orange">
          {t('gas.records.withoutPrice', { count: props.withoutPrice })}
        </Text>
      ) : null}
      {props.stalePrice ? (
        <Text size="xs" c="orange">
          {t('gas.records.stale')}: {props.stalePrice}
        </Text>
      ) : null}
    </Card>
  );
}
