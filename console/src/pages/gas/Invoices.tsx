import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { qs } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { PagedList } from '../../components/PagedList';
import { Mono, PageTitle } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { usePagedQuery } from '../../lib/queries';
import { InvoiceStatusBadge } from './common';
import type { InvoiceRow } from './gas-types';

/** Gas → Invoices: the partner's invoices and credit notes, newest first, with status badges. */
export default function Invoices() {
  const { t } = useTranslation();
  const list = usePagedQuery<{ items: InvoiceRow[]; nextCursor?: string }>(
    ['invoices'],
    (cursor) => `/console/invoices${qs({ limit: 20, cursor })}`,
  );
  return (
    <>
      <PageTitle title={t('gas.invoices.title')} help={t('gas.invoices.help')} />
      <PagedList paged={list} isEmpty={(d) => d.items.length === 0} empty={t('gas.invoices.empty')}>
        {(d) => (
          <DataTable
            miw={760}
            data-testid="invoices-table"
            rows={d.items}
            rowKey={(r) => r.number}
            rowAttrs={(r) => ({ 'data-number': r.number })}
            columns={[
              {
                header: t('gas.invoices.number'),
                cell: (r) => (
                  <Anchor component={Link} to={`/gas/invoices/${r.number}`}>
                    <Mono>{r.number}</Mono>
                  </Anchor>
                ),
              },
              {
                header: t('gas.invoices.kind'),
                cell: (r) =>
                  r.kind === 'CREDIT_NOTE'
                    ? `${t('gas.invoices.creditNote')} → ${r.creditFor ?? ''}`
                    : t('gas.invoices.invoice'),
              },
              {
                header: t('gas.invoices.period'),
                cell: (r) => `${r.periodFrom} – ${r.periodTo}`,
                nowrap: true,
              },
              {
                header: t('gas.invoices.total'),
                cell: (r) => (
                  <Text ff="monospace" size="sm">
                    {r.totalUsd}
                  </Text>
                ),
                right: true,
              },
              { header: t('gas.invoices.status'), cell: (r) => <InvoiceStatusBadge status={r.status} /> },
              { header: t('gas.invoices.issuedAt'), cell: (r) => formatDate(r.issuedAt), nowrap: true },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}
