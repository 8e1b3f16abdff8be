import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  MetricWithdrawalAlerts,
  WITHDRAWAL_BLOCKED_METRIC,
} from '../../../shared/adapters/lambda/withdrawal-alerts';
import { WITHDRAWAL_BLOCKED_METRIC as ALARMED_METRIC } from '../../../infra/stacks/observability-stack';

describe('withdrawal alerts', () => {
  it('publish one WithdrawalBlocked data point (the metric the alarm watches) and an ERROR line naming the withdrawal', async () => {
    const lines: string[] = [];
    const capture = (chunk: unknown) => void lines.push(String(chunk));
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((c) => (capture(c), true));
    const log = jest.spyOn(console, 'log').mockImplementation((c) => capture(c));
    const err = jest.spyOn(console, 'error').mockImplementation((c) => capture(c));
    // Powertools writes through the global console in dev mode, which the spies see.
    process.env['POWERTOOLS_DEV'] = 'true';
    process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';
    try {
      const alerts = new MetricWithdrawalAlerts(
        new Metrics({ namespace: 'Gateway', serviceName: 'test' }),
        new Logger({ logLevel: 'ERROR' }),
        true,
      );
      await alerts.insufficientMasterBalance({
        partnerId: 'pt_1',
        network: 'BSC',
        address: '0xabc',
        asset: 'USDT@BSC',
        needed: 5n,
        available: 2n,
        code: 'W1',
      });
    } finally {
      delete process.env['POWERTOOLS_DEV'];
      delete process.env['POWERTOOLS_METRICS_DISABLED'];
      out.mockRestore();
      log.mockRestore();
      err.mockRestore();
    }
    expect(ALARMED_METRIC).toBe(WITHDRAWAL_BLOCKED_METRIC);
    const emf = lines
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      })
      .filter(Boolean);
    expect(emf.some((e) => e?.[WITHDRAWAL_BLOCKED_METRIC] === 1)).toBe(true);
    expect(
      emf.some(
        (e) =>
          e?.['alert'] === 'INSUFFICIENT_MASTER_BALANCE' &&
          e?.['withdrawal'] === 'W1' &&
          e?.['needed'] === '5',
      ),
    ).toBe(true);
  });
});
