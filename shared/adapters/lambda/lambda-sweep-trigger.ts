import type { LambdaClient } from '@aws-sdk/client-lambda';
import { deferredClient } from '../aws/deferred-client';
import type { ClientSource } from '../aws/deferred-client';
import type { SweepRequestEvent } from '../../../events/sweep-request/schema';
import type { NetworkCode } from '../../config/networks';
import type { SweepTrigger } from '../../ports/sweeps';

/** On AWS: an asynchronous invoke of the sweep function (Lambda queues it and retries it twice). */
export class LambdaSweepTrigger implements SweepTrigger {
  private readonly lambda: () => Promise<LambdaClient>;

  constructor(
    lambda: ClientSource<LambdaClient>,
    private readonly functionName: string,
  ) {
    this.lambda = deferredClient(lambda);
  }

  async requestSweep(partnerId: string, network: NetworkCode): Promise<void> {
    const event: SweepRequestEvent = { requestedBy: 'withdrawal', network, partnerId };
    // Loaded on the first sweep request, not at cold start (ADR 0025).
    const { InvokeCommand } = await import('@aws-sdk/client-lambda');
    await (
      await this.lambda()
    ).send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
  }
}
