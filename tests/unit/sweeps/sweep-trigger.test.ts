import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { SweepRequestEvent } from '../../../events/sweep-request/schema';
import { LambdaSweepTrigger } from '../../../shared/adapters/lambda/lambda-sweep-trigger';
import { LocalSweepTrigger } from '../../../shared/adapters/local/local-sweep-trigger';

describe('SweepTrigger adapters', () => {
  describe('local (npm start)', () => {
    it('runs one sweep per partner and network at a time and queues exactly one more when asked meanwhile', async () => {
      const runs: string[] = [];
      let release: () => void = () => undefined;
      const trigger = new LocalSweepTrigger(async (partnerId, network) => {
        runs.push(`${partnerId}:${network}`);
        if (runs.length === 1) await new Promise<void>((r) => (release = r));
      });
      await trigger.requestSweep('p1', 'BSC');
      await trigger.requestSweep('p1', 'BSC');
      await trigger.requestSweep('p1', 'BSC');
      await trigger.requestSweep('p2', 'BSC');
      expect(runs).toEqual(['p1:BSC', 'p2:BSC']);
      release();
      await trigger.idle();
      expect(runs).toEqual(['p1:BSC', 'p2:BSC', 'p1:BSC']);
    });

    it('reports a failed run and still serves the next request', async () => {
      const errors: unknown[] = [];
      let calls = 0;
      const trigger = new LocalSweepTrigger(
        async () => {
          calls += 1;
          if (calls === 1) throw new Error('rpc down');
        },
        (e) => errors.push(e),
      );
      await trigger.requestSweep('p1', 'POLYGON');
      await trigger.idle();
      await trigger.requestSweep('p1', 'POLYGON');
      await trigger.idle();
      expect(calls).toBe(2);
      expect(errors).toHaveLength(1);
    });
  });

  describe('AWS (async Lambda invoke)', () => {
    const lambda = new LambdaClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const mock = mockClient(lambda);
    afterEach(() => mock.reset());

    it('invokes the sweep function asynchronously with a sweep request the function accepts', async () => {
      const seen: InvokeCommandInput[] = [];
      // Lambda answers an Event invoke with 202 and no payload.
      mock.on(InvokeCommand).callsFake((input: InvokeCommandInput) => {
        seen.push(input);
        return { StatusCode: 202 };
      });
      await new LambdaSweepTrigger(lambda, 'gateway-sweepDeposits').requestSweep('ptn_1', 'TRON');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ FunctionName: 'gateway-sweepDeposits', InvocationType: 'Event' });
      const payload = JSON.parse(new TextDecoder().decode(seen[0]?.Payload as Uint8Array)) as unknown;
      expect(SweepRequestEvent.parse(payload)).toEqual({
        requestedBy: 'withdrawal',
        network: 'TRON',
        partnerId: 'ptn_1',
      });
    });

    it('passes Lambda errors to the caller (the withdrawal reports them and keeps waiting)', async () => {
      mock.on(InvokeCommand).rejects(
        new ResourceNotFoundException({
          $metadata: { httpStatusCode: 404 },
          message: 'Function not found',
        }),
      );
      await expect(new LambdaSweepTrigger(lambda, 'missing').requestSweep('ptn_1', 'BSC')).rejects.toThrow(
        'Function not found',
      );
    });
  });

  describe('sweep request event', () => {
    it('refuses unknown fields and networks', () => {
      expect(
        SweepRequestEvent.safeParse({ requestedBy: 'withdrawal', network: 'BSC', partnerId: 'p', extra: 1 })
          .success,
      ).toBe(false);
      expect(
        SweepRequestEvent.safeParse({ requestedBy: 'withdrawal', network: 'ETH', partnerId: 'p' }).success,
      ).toBe(false);
    });
  });
});
