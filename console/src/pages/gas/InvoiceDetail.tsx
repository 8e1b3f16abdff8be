import { Alert, Anchor, Button, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { API_BASE, api, qs } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { OtpModal, otpField } from '../../components/OtpModal';
import { PagedList } from '../../components/PagedList';
import { DetailTable, Mono, PageTitle, QueryView, TxHash } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { TOKEN_DECIMALS } from '../../lib/money';
import { usePagedQuery } from '../../lib/queries';
import { can, useMe } from '../../lib/session';
import { InvoiceStatusBadge, NetworkGasCard } from './common';
import type { GasRecordsPage, InvoiceDetail as Detail } from './gas-types';

/** Every USD stablecoin balance an invoice can be paid from (`USDT@TRON`, …). */
const PAY_ASSETS = Object.entries(TOKEN_DECIMALS).flatMap(([network, tokens]) =>
  Object.keys(tokens).map((token) => `${token}@${network}`),
);

/** The invoice's month of gas records (the transactions it sums), newest first. */
function MonthRecords({ month }: { month: string }) {
  const { t } = useTranslation();
  const list = usePagedQuery<GasRecordsPage>(
    ['gas-records', 'invoice', month],
    (cursor) => `/console/gas-records${qs({ month, limit: 50, cursor })}`,
  );
  return (
    <PagedList paged={list} isEmpty={(d) => d.records.length === 0} empty={t('gas.records.empty')}>
      {(d) => (
        <DataTable
          miw={800}
          data-testid="invoice-transactions"
          rows={d.records}
          rowKey={(r) => `${r.network}:${r.txHash}`}
          rowAttrs={(r) => ({ 'data-tx': r.txHash })}
          columns={[
            { header: t('gas.records.time'), cell: (r) => formatDateTime(r.at), nowrap: true },
            { header: t('gas.records.network'), cell: (r) => r.network },
            { header: t('gas.records.type'), cell: (r) => t(`gas.types.${r.type}`) },
            {
              header: t('gas.records.native'),
              cell: (r) => `${r.nativeAmount} ${r.nativeSymbol}`,
              right: true,
            },
            {
              header: t('gas.records.usd'),
              cell: (r) => (r.usdValue === null ? t('gas.records.noPrice') : r.usdValue),
              right: true,
            },
            { header: t('gas.records.txHash'), cell: (r) => <TxHash hash={r.txHash} url={r.explorerUrl} /> },
          ]}
        />
      )}
    </PagedList>
  );
}

/** Gas → Invoices → one invoice: per-network aggregates, the month's transactions, documents, pay from balance. */
export default function InvoiceDetail() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const me = useMe();
  const queryClient = useQueryClient();
  const [paying, setPaying] = useState(false);
  const [asset, setAsset] = useState<string>(PAY_ASSETS[0] ?? '');
  const query = useQuery({
    queryKey: ['invoices', 'detail', number],
    queryFn: () => api.get<{ invoice: Detail }>(`/console/invoices/${encodeURIComponent(number)}`),
  });
  return (
    <>
      <PageTitle title={t('gas.detail.title', { number })}>
        <Anchor component={Link} to="/gas/invoices">
          {t('gas.detail.back')}
        </Anchor>
      </PageTitle>
      <QueryView query={query}>
        {({ invoice: inv }) => (
          <Stack gap="md" data-testid="invoice-detail" data-number={inv.number}>
            <Group gap="sm">
              <InvoiceStatusBadge status={inv.status} />
              {inv.status === 'ISSUED' && can(me.data, 'finance:manage') ? (
                <Button size="xs" onClick={() => setPaying(true)}>
                  {t('gas.detail.pay')}
                </Button>
              ) : null}
            </Group>
            <DetailTable
              rows={[
                [t('gas.invoices.period'), `${inv.periodFrom} – ${inv.periodTo}`],
                [t('gas.invoices.total'), <Mono key="t">{inv.totalUsd}</Mono>],
                [t('gas.detail.credited'), <Mono key="c">{inv.creditedUsd}</Mono>],
                [t('gas.detail.due'), <Mono key="d">{inv.dueUsd}</Mono>],
                [t('gas.invoices.issuedAt'), formatDateTime(inv.issuedAt)],
                ...(inv.payment
                  ? [
                      [
                        t('gas.detail.paidWith', { method: inv.payment.method }),
                        `${inv.payment.amount ?? ''} ${inv.payment.asset ?? inv.payment.reference ?? ''}`,
                      ] as const,
                    ]
                  : []),
                ...(inv.voidReason
                  ? [
                      [
                        t('gas.invoices.status'),
                        t('gas.detail.voidReason', { reason: inv.voidReason }),
                      ] as const,
                    ]
                  : []),
              ]}
            />
            <Group gap="sm">
              {inv.documentsAvailable ? (
                <>
                  <Button
                    component="a"
                    variant="default"
                    href={`${API_BASE}/console/invoices/${inv.number}.pdf`}
                    data-testid="download-pdf"
                  >
                    {t('gas.detail.downloadPdf')}
                  </Button>
                  <Button
                    component="a"
                    variant="default"
                    href={`${API_BASE}/console/invoices/${inv.number}.csv`}
                    data-testid="download-csv"
                  >
                    {t('gas.detail.downloadCsv')}
                  </Button>
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('gas.detail.noDocuments')}
                </Text>
              )}
            </Group>
            <Title order={2} size="h4">
              {t('gas.detail.lines')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="invoice-lines">
              {inv.lines.map((l) => (
                <NetworkGasCard
                  key={l.network}
                  network={l.network}
                  count={l.transactions}
                  nativeAmount={l.nativeAmount}
                  nativeSymbol={l.nativeSymbol}
                  usd={l.usdTotal}
                  withoutPrice={l.withoutPrice}
                  stalePrice={l.stalePrice}
                />
              ))}
            </SimpleGrid>
            {inv.creditNotes.length > 0 ? (
              <Alert color="blue" title={t('gas.detail.creditNotes')}>
                {inv.creditNotes.map((c) => (
                  <Text key={c.number} size="sm">
                    <Mono>{c.number}</Mono> · {c.totalUsd} USD · {c.creditReason}
                  </Text>
                ))}
              </Alert>
            ) : null}
            {inv.kind === 'INVOICE' ? (
              <>
                <Title order={2} size="h4">
                  {t('gas.detail.transactions')}
                </Title>
                <MonthRecords month={inv.month} />
              </>
            ) : null}
            <OtpModal
              opened={paying}
              title={t('gas.detail.payTitle', { number: inv.number })}
              confirmLabel={t('gas.detail.payConfirm', { amount: inv.dueUsd })}
              onClose={() => setPaying(false)}
              canConfirm={!!asset}
              onConfirm={async (otp) => {
                await api.post(`/console/invoices/${inv.number}/pay`, { asset, ...otpField(otp) });
                await queryClient.invalidateQueries({ queryKey: ['invoices'] });
              }}
            >
              <Text size="sm">{t('gas.detail.payHelp')}</Text>
              <Select
                label={t('gas.detail.payAsset')}
                data={PAY_ASSETS}
                value={asset}
                onChange={(v) => setAsset(v ?? '')}
                allowDeselect={false}
              />
            </OtpModal>
          </Stack>
        )}
      </QueryView>
    </>
  );
}
