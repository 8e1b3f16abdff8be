import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { functionSpec } from '../../../functions/catalog';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoOutboxStore } from '../../../shared/adapters/dynamodb/outbox-store';
import { localWebhookQueues, sqsRecord } from '../../../shared/adapters/local/local-webhook-queue';
import { deliveryBatchHandler } from '../../../shared/adapters/sqs/delivery-batch-handler';
import { relayOutboxEvent } from '../../../shared/app/outbox/relay-outbox';
import { configureWebhook } from '../../../shared/app/webhooks/webhook-settings';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildWebhookAdapters } from '../../../shared/composition/webhooks';
import type { WebhookDelivery } from '../../../shared/domain/webhooks/webhook-delivery';
import { startReceiver } from '../webhooks/webhook-support';
import type { Violations } from '../../support/faults/invariants';
import type { FaultDice } from '../../support/faults/seeded';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const ACTOR = { type: 'SYSTEM' as const, id: 'fault-campaign' };
/** Short retry delays (seconds) so a scenario's retries come due within a few clock jumps. */
const RETRY_DELAYS_SECONDS = [5, 5, 5, 5];

/**
 * The partner webhooks of a scenario's events, through the SQS consumer as deployed
 * (`deliveryBatchHandler`, Powertools partial batch responses) fed from the DynamoDB-backed local twin
 * of the webhook queue, with SQS's at-least-once delivery injected:
 *   - `sqs-duplicate-delivery`: a received message is also handed to a second, concurrent invocation
 *     (SQS delivers a message again when its visibility lapses or a server missed the delete);
 *   - `sqs-out-of-order`: such a copy is held back and delivered only after later batches (a retry's
 *     message, or a newer attempt, arrives before the stale copy);
 * DynamoDB faults of the scenario stay on while the consumer runs, and the partner's endpoint refuses
 * its first requests, so retries are queued. The outbox is relayed first (the stream's relay handler,
 * also at least once: some events relayed twice). Healed, the queue is drained, and the invariants:
 * every event published from the outbox, one delivery per event, DELIVERED, each attempt recorded once
 * and exactly one delivered; every event received by the endpoint; the queue and its DLQ empty.
 */
export async function deliverWebhooks(
  base: GatewayDeps,
  partnerId: string,
  dice: FaultDice,
  v: Violations,
  options: {
    /** Plants a breach the checks must see (a test of the checks): changes the endpoint's answers. */
    readonly plant?: (receiver: Receiver) => void;
  } = {},
): Promise<void> {
  let jumped = 0;
  const clock = { now: () => new Date(base.clock.now().getTime() + jumped) };
  const advance = (ms: number) => void (jumped += ms);
  // SQS itself (receive, delete: the event source's calls, not the gateway's) on a client of its own,
  // outside the scenario's DynamoDB faults.
  const sqsDb = createDocumentClient({
    region: base.config.region,
    endpoint: base.config.dynamodbEndpoint,
  });
  const receiver = await startReceiver();
  try {
    const adapters = buildWebhookAdapters(base.config, base.db, clock, {
      webhookPolicy: { timeoutMs: 2_000, random: () => 0.5, retryDelaysSeconds: RETRY_DELAYS_SECONDS },
    });
    const deps = { ...base, ...adapters, clock };
    await configureWebhook(deps, ACTOR, partnerId, { url: receiver.url('/hook') });
    receiver.queue('/hook', ...Array.from({ length: 1 + dice.int(3) }, () => 'fail' as const));
    options.plant?.(receiver);
    advance(1_000);

    // The outbox relay (stream records, at least once): every unpublished event, some twice at once.
    const outbox = new DynamoOutboxStore(base.db, base.config.tableName);
    const events = await outbox.listUnpublished(clock.now().toISOString(), 500);
    if (!events.some((e) => e.event.partnerId === partnerId)) v.add('no webhook events to deliver');
    const relay = { outbox, webhooks: adapters.webhooks, clock };
    await dice.during(() =>
      Promise.all(
        events.map(async (e) => {
          const twice = dice.strike('duplicate-invocation', 0.2);
          await Promise.all([
            relayOutboxEvent(relay, e).catch(() => undefined),
            twice ? relayOutboxEvent(relay, e).catch(() => undefined) : null,
          ]);
        }),
      ),
    );
    // Healed: the republisher relays what a fault left unpublished.
    for (const e of await outbox.listUnpublished(clock.now().toISOString(), 500))
      await relayOutboxEvent(relay, e);

    const { queue, dlq } = localWebhookQueues(sqsDb, base.config.tableName, clock);
    const handler = deliveryBatchHandler(() => deps);
    const invoke = async (records: SQSRecord[]): Promise<Set<string>> => {
      try {
        const out = (await handler({ Records: records }, lambdaContext(functionSpec('deliverWebhooks')))) as
          SQSBatchResponse | undefined;
        return new Set((out?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch {
        return new Set(records.map((r) => r.messageId)); // every record failed: all stay queued
      }
    };
    const late: SQSRecord[] = [];
    /** Lambda's SQS event source, once: receive, invoke (with the injected copies), delete what succeeded. */
    const pollOnce = async (): Promise<number> => {
      const batch = await queue.receive(10);
      const records = batch.map((m) => sqsRecord(queue.name, m));
      const now: SQSRecord[] = [];
      for (const r of records) {
        if (!dice.strike('sqs-duplicate-delivery', 0.4)) continue;
        if (dice.strike('sqs-out-of-order', 0.5)) late.push(r);
        else now.push(r);
      }
      const overdue = batch.length > 0 || !dice.enabled ? late.splice(0) : [];
      const [failed] = await Promise.all([
        records.length ? invoke(records) : new Set<string>(),
        now.length ? invoke(now) : null,
        overdue.length ? invoke(overdue) : null,
      ]);
      for (const m of batch)
        if (!failed.has(m.messageId)) await queue.delete(m.messageId, m.receiptHandle as string);
      return batch.length + overdue.length;
    };
    await dice.during(async () => {
      for (let i = 0; i < 4; i++) {
        await pollOnce();
        advance(6_000); // the retries' delays
      }
    });
    // Healed: the event source keeps polling; a message whose processing failed is visible again after
    // the visibility timeout.
    for (let i = 0; i < 60; i++) {
      const handled = await pollOnce();
      if (handled === 0 && late.length === 0 && (await queue.messages()).length === 0) break;
      advance(handled === 0 ? 200_000 : 6_000);
    }

    // --- invariants ---
    const left = await outbox.listUnpublished(clock.now().toISOString(), 500);
    for (const e of left) v.add(`outbox event ${e.event.id} never published`);
    const queued = await queue.messages();
    if (queued.length > 0) v.add(`${queued.length} webhook messages still queued`);
    for (const m of await dlq.messages()) v.add(`webhook message dead-lettered: ${m.body.slice(0, 200)}`);
    const received = new Set(receiver.at('/hook').map((r) => String(r.headers['webhook-id'])));
    for (const { event } of events.filter((e) => e.event.partnerId === partnerId)) {
      const d: WebhookDelivery | undefined = await deps.webhookDeliveries.get(partnerId, event.id);
      if (!d) {
        v.add(`webhook ${event.id}: no delivery recorded`);
        continue;
      }
      if (d.status !== 'DELIVERED') v.add(`webhook ${event.id}: ${d.status}, not DELIVERED`);
      const numbers = d.attempts.map((a) => `${a.round}.${a.attempt}`);
      if (new Set(numbers).size !== numbers.length)
        v.add(`webhook ${event.id}: an attempt recorded twice (${numbers.join(' ')})`);
      const delivered = d.attempts.filter((a) => a.outcome === 'DELIVERED').length;
      if (delivered !== 1) v.add(`webhook ${event.id}: ${delivered} delivered attempts recorded`);
      if (d.attemptCount !== d.attempts.length)
        v.add(`webhook ${event.id}: ${d.attemptCount} attempts counted, ${d.attempts.length} recorded`);
      if (!received.has(event.id)) v.add(`webhook ${event.id}: never received by the endpoint`);
    }
  } finally {
    sqsDb.destroy();
    await receiver.close();
  }
}
