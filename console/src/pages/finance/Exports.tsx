import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api/client';
import type { ExportMonth, ExportMonths } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { Empty, Mono, PageTitle, QueryView } from '../../components/ui';

/**
 * Finance → Exports (issue 17): the months with a finance export, and a month's files with download
 * buttons (pre-signed links, 5 minutes) and whether its statements reconciled with the ledger.
 */
export default function Exports() {
  const { t } = useTranslation();
  const months = useQuery({
    queryKey: ['exports'],
    queryFn: () => api.get<ExportMonths>('/console/exports'),
  });
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <>
      <PageTitle title={t('finance.exports.title')} help={t('finance.exports.help')} />
      <QueryView query={months}>
        {(m) =>
          m.months.length === 0 ? (
            <Empty message={t('finance.exports.none')} />
          ) : (
            <Stack>
              <Group gap="xs" aria-label={t('finance.exports.months')} data-testid="export-months">
                {m.months.map((month) => (
                  <Button
                    key={month}
                    variant={(picked ?? m.months[0]) === month ? 'filled' : 'default'}
                    onClick={() => setPicked(month)}
                    data-month={month}
                  >
                    {month}
                  </Button>
                ))}
              </Group>
              <MonthFiles month={picked ?? (m.months[0] as string)} />
            </Stack>
          )
        }
      </QueryView>
    </>
  );
}

function MonthFiles({ month }: { month: string }) {
  const { t } = useTranslation();
  // Links expire after 5 minutes: ask again when the page comes back into view.
  const files = useQuery({
    queryKey: ['exports', month],
    queryFn: () => api.get<ExportMonth>(`/console/exports${qs({ month })}`),
    staleTime: 60_000,
    refetchInterval: 240_000,
  });
  return (
    <QueryView query={files}>
      {(d) => (
        <Stack gap="sm" data-testid="export-files">
          <Badge color={d.reconciled ? 'green' : 'red'} variant="light" data-reconciled={d.reconciled}>
            {d.reconciled ? t('finance.exports.reconciled') : t('finance.exports.notReconciled')}
          </Badge>
          <DataTable
            rows={d.files}
            rowKey={(f) => f.name}
            rowAttrs={(f) => ({ 'data-file': f.name })}
            columns={[
              { header: t('finance.exports.file'), cell: (f) => <Mono>{f.name}</Mono> },
              { header: t('finance.exports.size'), cell: (f) => f.size, right: true },
              {
                header: t('finance.exports.sha256'),
                cell: (f) => (
                  <Text size="xs" ff="monospace" title={f.sha256}>
                    {f.sha256.slice(0, 16)}…
                  </Text>
                ),
              },
              {
                cell: (f) => (
                  <Button component="a" href={f.url} download={f.name} size="xs" variant="light">
                    {t('finance.exports.download')}
                  </Button>
                ),
              },
            ]}
          />
        </Stack>
      )}
    </QueryView>
  );
}
