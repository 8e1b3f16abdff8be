import { Badge } from '@mantine/core';
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
