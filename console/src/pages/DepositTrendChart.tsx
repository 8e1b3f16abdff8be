import '@mantine/charts/styles.css';
import { CompositeChart } from '@mantine/charts';
import { Table, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatUsd, plotNumber } from '../lib/money';

/** Daily deposit amount (bars, USD) and count (line) over 7 days; the same figures as a table for screen readers. */
export default function DepositTrendChart({
  days,
}: {
  days: { date: string; amountUsd: string; count: number }[];
}) {
  const { t } = useTranslation();
  const data = days.map((d) => ({ date: d.date.slice(5), amount: plotNumber(d.amountUsd), count: d.count }));
  return (
    <>
      <div aria-hidden data-testid="deposit-trend-chart">
        <CompositeChart
          h={260}
          data={data}
          dataKey="date"
          withLegend
          withRightYAxis
          rightYAxisProps={{ allowDecimals: false }}
          series={[
            { name: 'amount', label: t('dashboard.amount'), color: 'teal.6', type: 'bar' },
            {
              name: 'count',
              label: t('dashboard.countLabel'),
              color: 'indigo.6',
              type: 'line',
              yAxisId: 'right',
            },
          ]}
        />
      </div>
      <VisuallyHidden>
        <Table>
          <Table.Caption>{t('dashboard.trend')}</Table.Caption>
          <Table.Tbody>
            {days.map((d) => (
              <Table.Tr key={d.date}>
                <Table.Th>{d.date}</Table.Th>
                <Table.Td>{formatUsd(d.amountUsd)}</Table.Td>
                <Table.Td>{d.count}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </>
  );
}
