import { deliverWebhook } from '../../../shared/app/webhooks/deliver-webhook';
import { publishWebhookEvent } from '../../../shared/app/webhooks/publish-webhook-event';
import { configureWebhook, rotateWebhookSecret } from '../../../shared/app/webhooks/webhook-settings';
import { redeliverWebhook } from '../../../shared/app/webhooks/delivery-log';
import { isLargeDeposit } from '../../../shared/app/webhooks/large-deposit';
import { isGatewayError } from '../../../shared/domain/errors';
import { verifyWebhook } from '../../../clients/typescript/verify-webhook';
import type { WebhookEvent } from '../../../shared/ports/webhooks';
import { fakeWebhookDeps } from './fakes';

const ACTOR = { type: 'API_KEY' as const, id: 'ak_test' };
const event = (n = 1): WebhookEvent => ({
  id: `DEPOSIT_DETECTED:POLYGON:0x${String(n).padStart(64, '0')}:1`,
  type: 'DEPOSIT_DETECTED',
  partnerId: 'pt_a',
  occurredAt: '2026-11-20T11:59:59.000Z',
  data: { amount: '5.25', asset: 'USDT@POLYGON' },
});

async function setUp() {
  const f = fakeWebhookDeps();
  const { secret } = await configureWebhook(f.deps, ACTOR, 'pt_a', {
    url: 'https://partner.example.com/hook',
    largeDepositThresholdUsd: '10000',
  });
  return { ...f, secret: secret as string };
}

describe('deliverWebhook', () => {
  describe('publishing', () => {
    it('stores the event once and queues its first attempt once, however often it is published', async () => {
      const { deps } = await setUp();
      await publishWebhookEvent(deps, event());
      await publishWebhookEvent(deps, event());
      expect(deps.webhookQueue.sent.map((s) => [s.message.attempt, s.delaySeconds])).toEqual([[1, 0]]);
      expect(deps.webhookDeliveries.items.size).toBe(1);
    });

    it('queues an event whose first send was lost (crash between the put and the send) when it is published again', async () => {
      const { deps } = await setUp();
      const failing = {
        ...deps,
        webhookQueue: {
          enqueue: () => Promise.reject(new Error('SQS down')),
          deadLetter: () => Promise.resolve(),
        },
      };
      await expect(publishWebhookEvent(failing, event())).rejects.toThrow('SQS down');
      expect(deps.webhookQueue.sent).toHaveLength(0);
      await publishWebhookEvent(deps, event());
      expect(deps.webhookQueue.sent).toHaveLength(1);
    });

    it('refuses events that break the contract, with field paths', async () => {
      const { deps } = await setUp();
      for (const bad of [
        { ...event(), id: 'has space' },
        { ...event(), type: 'SOMETHING' },
        { ...event(), occurredAt: 'yesterday' },
      ]) {
        const e = await publishWebhookEvent(deps, bad as WebhookEvent).catch((x: unknown) => x);
        expect(isGatewayError(e, 'VALIDATION_FAILED')).toBe(true);
      }
    });
  });

  describe('one attempt', () => {
    it('signs the stored body with the current secret and marks the delivery DELIVERED on 2xx', async () => {
      const { deps, secret } = await setUp();
      await publishWebhookEvent(deps, event());
      const outcome = await deliverWebhook(deps, deps.webhookQueue.sent[0]!.message);
      expect(outcome).toEqual({ kind: 'DELIVERED', attempt: 1, statusCode: 200 });
      const [req] = deps.webhookHttp.requests;
      expect(req!.timeoutMs).toBe(1000);
      const verified = verifyWebhook({
        secrets: secret,
        headers: req!.headers,
        body: req!.body,
        nowMs: deps.clock.now().getTime(),
      });
      expect(verified).toMatchObject({ ok: true, id: event().id });
      expect([...deps.webhookDeliveries.items.values()][0]).toMatchObject({
        status: 'DELIVERED',
        attemptCount: 1,
      });
    });

    it('schedules the next attempt after a failure, and parks the message in the DLQ when the schedule runs out', async () => {
      const { deps, advance } = await setUp();
      deps.webhookHttp.script.push(
        { statusCode: 503, latencyMs: 3 },
        { latencyMs: 1000, error: 'TIMEOUT' },
        { statusCode: 410, latencyMs: 2 },
        { statusCode: 500, latencyMs: 2 },
      );
      await publishWebhookEvent(deps, event());
      const outcomes = [];
      for (let i = 0; i < 4; i++) {
        const { message } = deps.webhookQueue.sent.at(-1)!;
        advance(Math.max(0, Date.parse(message.notBefore) - deps.clock.now().getTime()));
        outcomes.push(await deliverWebhook(deps, message));
      }
      expect(outcomes.map((o) => o.kind)).toEqual([
        'RETRY_SCHEDULED',
        'RETRY_SCHEDULED',
        'RETRY_SCHEDULED',
        'FAILED',
      ]);
      // Delays 60 s, 300 s, then 3600 s — crossing the queue in 900 s hops.
      expect(deps.webhookQueue.sent.map((s) => s.delaySeconds)).toEqual([0, 60, 300, 900]);
      expect(deps.webhookQueue.dead).toEqual([
        { message: expect.objectContaining({ attempt: 4 }), reason: 'RETRIES_EXHAUSTED' },
      ]);
      const d = [...deps.webhookDeliveries.items.values()][0]!;
      expect(d.status).toBe('FAILED');
      expect(d.attempts.map((a) => a.error)).toEqual(['HTTP_503', 'TIMEOUT', 'HTTP_410', 'HTTP_500']);
    });

    it('sends a message that arrives before its time back to wait, in hops of at most 15 minutes, without posting', async () => {
      const { deps, advance } = await setUp();
      deps.webhookHttp.script.push(
        { statusCode: 500, latencyMs: 1 },
        { statusCode: 500, latencyMs: 1 },
        { statusCode: 500, latencyMs: 1 },
      );
      await publishWebhookEvent(deps, event());
      for (let i = 0; i < 3; i++) {
        const { message } = deps.webhookQueue.sent.at(-1)!;
        advance(Math.max(0, Date.parse(message.notBefore) - deps.clock.now().getTime()));
        await deliverWebhook(deps, message);
      }
      // Attempt 4 is due in an hour; its message arrives after the 900 s hop.
      const early = deps.webhookQueue.sent.at(-1)!;
      expect(early.delaySeconds).toBe(900);
      advance(900_000);
      expect(await deliverWebhook(deps, early.message)).toEqual({
        kind: 'DEFERRED',
        notBefore: early.message.notBefore,
      });
      expect(deps.webhookHttp.requests).toHaveLength(3);
      expect(deps.webhookQueue.sent.at(-1)).toEqual({ message: early.message, delaySeconds: 900 });
    });
  });

  describe('at-least-once queue', () => {
    it('drops a duplicate message of an attempt already made', async () => {
      const { deps } = await setUp();
      await publishWebhookEvent(deps, event());
      const first = deps.webhookQueue.sent[0]!.message;
      await deliverWebhook(deps, first);
      expect(await deliverWebhook(deps, first)).toEqual({ kind: 'DROPPED', reason: 'NOT_PENDING' });
      expect(deps.webhookHttp.requests).toHaveLength(1);
    });

    it('records an attempt once when two workers race on the same message', async () => {
      const { deps } = await setUp();
      deps.webhookHttp.script.push({ statusCode: 500, latencyMs: 1 }, { statusCode: 500, latencyMs: 1 });
      await publishWebhookEvent(deps, event());
      const message = deps.webhookQueue.sent[0]!.message;
      const outcomes = await Promise.all([deliverWebhook(deps, message), deliverWebhook(deps, message)]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['DROPPED', 'RETRY_SCHEDULED']);
      const d = [...deps.webhookDeliveries.items.values()][0]!;
      expect(d.attempts).toHaveLength(1);
      expect(deps.webhookQueue.sent.filter((s) => s.message.attempt === 2)).toHaveLength(1);
    });

    it('re-queues the next attempt when the worker crashed after recording an attempt but before queuing the next', async () => {
      const { deps } = await setUp();
      deps.webhookHttp.script.push({ statusCode: 500, latencyMs: 1 });
      await publishWebhookEvent(deps, event());
      const message = deps.webhookQueue.sent[0]!.message;
      const crashing = {
        ...deps,
        webhookQueue: {
          enqueue: () => Promise.reject(new Error('crash')),
          deadLetter: () => Promise.resolve(),
        },
      };
      await expect(deliverWebhook(crashing, message)).rejects.toThrow('crash');
      // The queue hands the same message out again.
      expect(await deliverWebhook(deps, message)).toEqual({ kind: 'REQUEUED', attempt: 2 });
      expect(deps.webhookHttp.requests).toHaveLength(1);
      expect(deps.webhookQueue.sent.at(-1)!.message).toMatchObject({ attempt: 2 });
      expect(await deliverWebhook(deps, message)).toEqual({ kind: 'DROPPED', reason: 'DUPLICATE' });
    });

    it('drops retries of an older round once the event is redelivered', async () => {
      const { deps } = await setUp();
      deps.webhookHttp.script.push({ statusCode: 500, latencyMs: 1 });
      await publishWebhookEvent(deps, event());
      await deliverWebhook(deps, deps.webhookQueue.sent[0]!.message);
      const staleRetry = deps.webhookQueue.sent.at(-1)!.message;
      const restarted = await redeliverWebhook(deps, ACTOR, 'pt_a', event().id);
      expect(restarted).toMatchObject({ round: 1, status: 'PENDING' });
      expect(await deliverWebhook(deps, staleRetry)).toEqual({ kind: 'DROPPED', reason: 'SUPERSEDED' });
      expect(await deliverWebhook(deps, deps.webhookQueue.sent.at(-1)!.message)).toMatchObject({
        kind: 'DELIVERED',
      });
    });
  });

  describe('secrets and settings', () => {
    it('signs with the new secret and, during the grace period, the previous one', async () => {
      const { deps, secret: old, advance } = await setUp();
      const { secret: fresh } = await rotateWebhookSecret(deps, ACTOR, 'pt_a');
      await publishWebhookEvent(deps, event(1));
      await deliverWebhook(deps, deps.webhookQueue.sent.at(-1)!.message);
      const during = deps.webhookHttp.requests.at(-1)!;
      const check = (secret: string, r = during) =>
        verifyWebhook({
          secrets: secret,
          headers: r.headers,
          body: r.body,
          nowMs: deps.clock.now().getTime(),
        }).ok;
      expect([check(fresh), check(old)]).toEqual([true, true]);
      advance(24 * 3600_000 + 1);
      await publishWebhookEvent(deps, event(2));
      await deliverWebhook(deps, deps.webhookQueue.sent.at(-1)!.message);
      const after = deps.webhookHttp.requests.at(-1)!;
      expect([check(fresh, after), check(old, after)]).toEqual([true, false]);
    });

    it('binds each stored secret to its partner and version: a blob copied elsewhere does not decrypt', async () => {
      const { deps } = await setUp();
      const settings = (await deps.webhookSettings.get('pt_a'))!;
      await deps.webhookSettings.save(
        { ...settings, partnerId: 'pt_a', secret: { ...settings.secret, id: 'whs_other' }, version: 2 },
        1,
      );
      await publishWebhookEvent(deps, event());
      await expect(deliverWebhook(deps, deps.webhookQueue.sent.at(-1)!.message)).rejects.toThrow(
        'context mismatch',
      );
    });

    it('tells the deposit use-cases when a deposit is large for the partner', async () => {
      const { deps } = await setUp();
      expect(await isLargeDeposit(deps, 'pt_a', '10000')).toBe(true);
      expect(await isLargeDeposit(deps, 'pt_a', '9999.999999')).toBe(false);
      expect(await isLargeDeposit(deps, 'pt_without_webhook', '1000000')).toBe(false);
    });
  });
});
