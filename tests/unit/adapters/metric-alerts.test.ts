import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  DEPOSIT_NEEDS_REVIEW_METRIC,
  MetricAlertPublisher,
} from '../../../shared/adapters/lambda/metric-alerts';

describe('metric alert publisher', () => {
  it('publishes DepositNeedsReview at once with the Network and service dimensions the alarm watches', async () => {
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const log = jest
      .spyOn(console, 'log')
      .mockImplementation((...args: unknown[]) => void out.push(args.map(String).join(' ')));
    try {
      const metrics = new Metrics({ namespace: 'Gateway', serviceName: 'stablecoin-gateway' });
      await new MetricAlertPublisher(metrics, new Logger({ logLevel: 'SILENT' })).raise({
        type: 'DEPOSIT_NEEDS_REVIEW',
        stage: 'INTAKE',
        network: 'POLYGON',
        depositId: 'POLYGON:0xabc:0',
        txHash: '0xabc',
        logIndex: 0,
        partnerId: 'pt_1',
        reason: 'TypeError: boom',
      });
    } finally {
      write.mockRestore();
      log.mockRestore();
    }
    const emf = out
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('CloudWatchMetrics'))
      .map(
        (line) =>
          JSON.parse(line) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
          },
      );
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      [DEPOSIT_NEEDS_REVIEW_METRIC]: 1,
      Network: 'POLYGON',
      service: 'stablecoin-gateway',
    });
    expect(emf[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe('Gateway');
    expect(new Set(emf[0]!._aws.CloudWatchMetrics[0]!.Dimensions[0])).toEqual(
      new Set(['Network', 'service']),
    );
  });
});
