import type { Clock } from '../../ports/clock';
import type { OutboxStore } from '../../ports/outbox';
import type { WebhookEvent, WebhookPublisher } from '../../ports/webhooks';

/**
 * The `WebhookPublisher` port over the outbox: `publish` records the event in the outbox (a DynamoDB
 * write, the store the caller's state change just used) and the relay hands it to the webhook queue.
 * For use-cases that still publish after their state change (withdrawals): a webhook-queue outage then
 * delays their events instead of losing them. Deposits write their events in the same transaction as
 * the change instead (ledger `alsoWrite`, deposit repository `events`).
 */
export class OutboxWebhookPublisher implements WebhookPublisher {
  constructor(
    private readonly outbox: Pick<OutboxStore, 'record'>,
    private readonly clock: Clock,
  ) {}

  async publish(event: WebhookEvent): Promise<void> {
    await this.outbox.record([{ event, recordedAt: this.clock.now().toISOString() }]);
  }
}
