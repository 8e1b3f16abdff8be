import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SweepRequestEvent } from '../../../events/sweep-request/schema';
import type { NetworkCode } from '../../config/networks';
import type { SweepTrigger } from '../../ports/sweeps';

/** On AWS: an asynchronous invoke of the sweep function (Lambda queues it and retries it twice). */
export class LambdaSweepTrigger implements SweepTrigger {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async requestSweep(partnerId: string, network: NetworkCode): Promise<void> {
    const event: SweepRequestEvent = { requestedBy: 'withdrawal', network, partnerId };
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
  }
}
