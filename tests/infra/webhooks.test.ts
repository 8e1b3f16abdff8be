import { FUNCTIONS } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import { WEBHOOK_BATCH_SIZE } from '../../infra/stacks/webhooks-stack';
import { gateway } from './support/gateway-app';
import { actionsOf, functionsByName, logicalId, refId, resourcesOf, statementsOfRole } from './support/template-helpers';

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
  const envOf = (spec: FunctionSpec) => (deployedFor(spec).props.Environment as { Variables: Record<string, unknown> }).Variables;
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
    const mappings = Object.values(resourcesOf(g.template(g.webhooks), 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const props = mappings[0]!.Properties!;
    expect(JSON.stringify(props.EventSourceArn)).toContain(queueId);
    expect(refId(props.FunctionName)).toBe(deployedFor(consumers[0]!).id);
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.BatchSize).toBe(WEBHOOK_BATCH_SIZE);
    expect((props.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency).toBeGreaterThanOrEqual(2);
  });

  it('keeps messages invisible for at least six times the consumer timeout, and redrives poison messages to the DLQ', () => {
    const queue = resourcesOf(g.template(g.data), 'AWS::SQS::Queue')[queueId]!.Properties!;
    for (const spec of consumers) expect(queue.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * spec.timeoutSeconds);
    const redrive = queue.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number };
    expect(refId(redrive.deadLetterTargetArn)).toBe(dlqId);
    // The DLQ keeps exhausted deliveries for the longest retention SQS allows.
    const dlq = resourcesOf(g.template(g.data), 'AWS::SQS::Queue')[dlqId]!.Properties!;
    expect(dlq.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('lets the consumer receive from the queue and send retries to it and exhausted deliveries to the DLQ', () => {
    const spec = consumers[0]!;
    expect(actionsOn(spec, queueId)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']));
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

  it('alarms when the DLQ holds anything', () => {
    const alarms = Object.values(resourcesOf(g.template(g.observability), 'AWS::CloudWatch::Alarm'));
    const dlqAlarm = alarms.find((a) => JSON.stringify(a.Properties?.Dimensions ?? '').includes(dlqId));
    expect(dlqAlarm?.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0 });
  });
});
