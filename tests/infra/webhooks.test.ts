import { FUNCTIONS, functionSpec } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import {
  OUTBOX_BATCH_SIZE,
  OUTBOX_RETRY_ATTEMPTS,
  WEBHOOK_BATCH_SIZE,
} from '../../infra/stacks/webhooks-stack';
import { OUTBOX_STREAM_FILTER } from '../../shared/adapters/dynamodb/outbox-store';
import { gateway } from './support/gateway-app';
import {
  actionsOf,
  functionsByName,
  logicalId,
  refId,
  resourcesOf,
  statementsOfRole,
} from './support/template-helpers';

describe('webhook delivery infrastructure', () => {
  const g = gateway();
  const queueId = logicalId(g.data.webhookQueue);
  const dlqId = logicalId(g.data.webhookDlq);
  const consumers = FUNCTIONS.filter((f) => f.kind === 'queue');
  const deployed = g.all.flatMap((stack) => {
    const template = g.template(stack);
    return [...functionsByName(template)].map(([name, fn]) => ({ stack, template, name, ...fn }));
  });
  const deployedFor = (spec: FunctionSpec) => deployed.find((d) => d.name === `gateway-dev-${spec.name}`)!;
  const envOf = (spec: FunctionSpec) =>
    (deployedFor(spec).props.Environment as { Variables: Record<string, unknown> }).Variables;
  /** Actions the function's role may take on a resource whose reference mentions `id`. */
  const actionsOn = (spec: FunctionSpec, id: string) => {
    const fn = deployedFor(spec);
    return statementsOfRole(fn.template, refId(fn.props.Role)!)
      .filter((s) => JSON.stringify(s.Resource).includes(id))
      .flatMap(actionsOf);
  };

  it('has one consumer of the webhook queue, in the webhooks stack', () => {
    expect(consumers.map((c) => c.name)).toEqual(['deliverWebhooks']);
    expect(consumers.every((c) => c.queue === 'webhooks')).toBe(true);
    expect(deployedFor(consumers[0]!).stack).toBe(g.webhooks);
  });

  it('feeds the consumer from the webhook queue with partial batch responses', () => {
    const mappings = Object.values(
      resourcesOf(g.template(g.webhooks), 'AWS::Lambda::EventSourceMapping'),
    ).filter((m) => JSON.stringify(m.Properties?.EventSourceArn).includes(queueId));
    expect(mappings).toHaveLength(1);
    const props = mappings[0]!.Properties!;
    expect(JSON.stringify(props.EventSourceArn)).toContain(queueId);
    expect(refId(props.FunctionName)).toBe(deployedFor(consumers[0]!).id);
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.BatchSize).toBe(WEBHOOK_BATCH_SIZE);
    expect((props.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('keeps messages invisible for at least six times the consumer timeout, and redrives poison messages to the DLQ', () => {
    const queue = resourcesOf(g.template(g.data), 'AWS::SQS::Queue')[queueId]!.Properties!;
    for (const spec of consumers)
      expect(queue.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * spec.timeoutSeconds);
    const redrive = queue.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number };
    expect(refId(redrive.deadLetterTargetArn)).toBe(dlqId);
    // The DLQ keeps exhausted deliveries for the longest retention SQS allows.
    const dlq = resourcesOf(g.template(g.data), 'AWS::SQS::Queue')[dlqId]!.Properties!;
    expect(dlq.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('lets the consumer receive from the queue and send retries to it and exhausted deliveries to the DLQ', () => {
    const spec = consumers[0]!;
    expect(actionsOn(spec, queueId)).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']),
    );
    expect(actionsOn(spec, dlqId)).toContain('sqs:SendMessage');
    expect(actionsOn(spec, dlqId)).not.toContain('sqs:ReceiveMessage');
    expect(JSON.stringify(envOf(spec).WEBHOOK_QUEUE_URL)).toContain(queueId);
    expect(JSON.stringify(envOf(spec).WEBHOOK_DLQ_URL)).toContain(dlqId);
  });

  it.each(FUNCTIONS.filter((f) => f.kind !== 'queue').map((f) => [f.name, f]))(
    '%s: may send to the webhook queue exactly when its catalog grants webhooks:publish',
    (_, spec) => {
      const publishes = spec.grants.includes('webhooks:publish');
      expect(actionsOn(spec, queueId).includes('sqs:SendMessage')).toBe(publishes);
      expect(actionsOn(spec, queueId)).not.toContain('sqs:ReceiveMessage');
      expect(actionsOn(spec, dlqId)).toEqual([]);
      expect(envOf(spec).WEBHOOK_QUEUE_URL !== undefined).toBe(publishes);
      expect(envOf(spec).WEBHOOK_DLQ_URL).toBeUndefined();
    },
  );

  describe('transactional outbox relay', () => {
    const relays = FUNCTIONS.filter((f) => f.kind === 'stream');
    const tableId = logicalId(g.data.table);
    const streamMappings = () =>
      Object.values(resourcesOf(g.template(g.webhooks), 'AWS::Lambda::EventSourceMapping')).filter((m) =>
        JSON.stringify(m.Properties?.EventSourceArn).includes('StreamArn'),
      );

    it('has one relay of the table stream, in the webhooks stack, that may publish webhooks', () => {
      expect(relays.map((r) => [r.name, r.stream])).toEqual([['relayOutbox', 'outbox']]);
      expect(deployedFor(relays[0]!).stack).toBe(g.webhooks);
      expect(actionsOn(relays[0]!, queueId)).toContain('sqs:SendMessage');
    });

    it('reads the table stream filtered to new outbox items, with partial batch responses, bisection, bounded retries and an on-failure queue', () => {
      const mappings = streamMappings();
      expect(mappings).toHaveLength(1);
      const props = mappings[0]!.Properties!;
      // The stream ARN of the data stack's table (a cross-stack import).
      expect(JSON.stringify(props.EventSourceArn)).toContain(tableId);
      expect(refId(props.FunctionName)).toBe(deployedFor(relays[0]!).id);
      expect(props.StartingPosition).toBe('TRIM_HORIZON');
      expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(props.BisectBatchOnFunctionError).toBe(true);
      expect(props.MaximumRetryAttempts).toBe(OUTBOX_RETRY_ATTEMPTS);
      expect(props.BatchSize).toBe(OUTBOX_BATCH_SIZE);
      const patterns = (props.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map(
        (f) => JSON.parse(f.Pattern) as unknown,
      );
      expect(patterns).toEqual([OUTBOX_STREAM_FILTER]);
      const failuresId = logicalId(g.webhooks.outboxFailures!);
      const onFailure = (props.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure
        .Destination;
      expect(JSON.stringify(onFailure)).toContain(failuresId);
      expect(actionsOn(relays[0]!, failuresId)).toContain('sqs:SendMessage');
      expect(actionsOn(relays[0]!, tableId)).toEqual(
        expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']),
      );
    });

    it('runs the outbox republisher on a schedule', () => {
      expect(deployedFor(functionSpec('republishOutbox')).stack).toBe(g.schedules);
    });
  });

  it('alarms when the DLQ holds anything', () => {
    const alarms = Object.values(resourcesOf(g.template(g.observability), 'AWS::CloudWatch::Alarm'));
    const dlqAlarm = alarms.find((a) => JSON.stringify(a.Properties?.Dimensions ?? '').includes(dlqId));
    expect(dlqAlarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
  });

  it('alarms when the outbox relay gives up on a batch (its on-failure queue holds anything)', () => {
    const alarms = Object.values(resourcesOf(g.template(g.observability), 'AWS::CloudWatch::Alarm'));
    const failuresId = logicalId(g.webhooks.outboxFailures!);
    const alarm = alarms.find((a) => JSON.stringify(a.Properties?.Dimensions ?? '').includes(failuresId));
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
    expect(alarm?.Properties?.['AlarmActions']).toHaveLength(1);
  });
});
