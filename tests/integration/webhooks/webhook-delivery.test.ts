import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { SQSEvent } from 'aws-lambda';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { verifyWebhook } from '../../../clients/typescript/verify-webhook';
import { functionSpec } from '../../../functions/catalog';
import { getDeps } from '../../../shared/composition/gateway';
import { buildWebhookAdapters } from '../../../shared/composition/webhooks';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import {
  WebhookDeliveriesResponse,
  WebhookDeliveryResponse,
  WebhookSecretResponse,
  WebhookSettingsResponse,
  WebhookSettingsUpdateResponse,
} from '../../../shared/api/partner-api-schemas';
import { LocalQueuePump, localWebhookQueues } from '../../../shared/adapters/local/local-webhook-queue';
import { deliveryBatchHandler } from '../../../shared/adapters/sqs/delivery-batch-handler';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import type { WebhookEvent } from '../../../shared/ports/webhooks';
import { createTestTable } from '../../support/test-env';
import { jumpingClock, startReceiver } from './webhook-support';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
type Client = ReturnType<typeof createPartnerClient>;
type ErrorBody = { error: { code: string; fields?: { path: string }[] } };

describe('partner webhooks on the local stack', () => {
  let dropTable: () => Promise<void>;
  let server: Server;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = jumpingClock();
  let pump: LocalQueuePump;
  let dlqMessages: () => Promise<{ body: string }[]>;
  let partnerIds: Record<'A' | 'B' | 'C' | 'D', string>;
  let api: Record<'A' | 'B' | 'C' | 'D', Client>;
  const secrets: Record<string, string> = {};
  let seq = 0;

  /** What the deposit use-cases do: publish through the port wired in getDeps(). */
  const publish = (
    partner: 'A' | 'B' | 'C' | 'D',
    over: Partial<WebhookEvent> = {},
  ): Promise<WebhookEvent> => {
    const event: WebhookEvent = {
      id: `DEPOSIT_CONFIRMED:BSC:0x${(++seq).toString(16).padStart(64, '0')}:0`,
      type: 'DEPOSIT_CONFIRMED',
      partnerId: partnerIds[partner],
      occurredAt: clock.now().toISOString(),
      data: {
        depositCode: `D26112000${seq}`,
        asset: 'USDT@BSC',
        amount: '1000',
        fee: '12',
        netAmount: '988',
        userId: 'user-42',
      },
      ...over,
    };
    return getDeps()
      .webhooks.publish(event)
      .then(() => event);
  };
  const verify = (secret: string | string[], r: { headers: Record<string, unknown>; body: string }) =>
    verifyWebhook({
      secrets: secret,
      headers: r.headers as Record<string, string>,
      body: r.body,
      nowMs: clock.now().getTime(),
    });
  const deliveries = async (c: Client) =>
    WebhookDeliveriesResponse.parse((await c.get('/v1/webhooks/deliveries', { limit: 100 })).body).deliveries;
  const deliveryOf = async (c: Client, eventId: string) =>
    (await deliveries(c)).find((d) => d.eventId === eventId);

  beforeAll(async () => {
    const table = await createTestTable('whk');
    dropTable = table.dropTable;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    await createPartner(deps, OPERATOR, {
      code: 'DIST',
      name: 'D',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    const ids: Partial<Record<'A' | 'B' | 'C' | 'D', string>> = {};
    const keys: Partial<Record<'A' | 'B' | 'C' | 'D', { id: string; secret: string }>> = {};
    for (const p of ['A', 'B', 'C', 'D'] as const) {
      ids[p] = (
        await createPartner(deps, OPERATOR, {
          code: `SHOP_${p}`,
          name: p,
          type: 'MERCHANT',
          parentCode: 'DIST',
        })
      ).id;
      const key = await issueApiKey(deps, OPERATOR, { partnerId: ids[p], name: p });
      keys[p] = { id: key.apiKey.id, secret: key.secret };
    }
    partnerIds = ids as typeof partnerIds;
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api = Object.fromEntries(
      (['A', 'B', 'C', 'D'] as const).map((p) => [
        p,
        createPartnerClient({ apiUrl, apiKey: keys[p]!.id, apiSecret: keys[p]!.secret }),
      ]),
    ) as typeof api;
    receiver = await startReceiver();

    // The consumer exactly as deployed (Powertools batch handler), on a clock the test moves, with a short
    // request timeout and no jitter; the queue is the DynamoDB-backed local queue `npm start` runs.
    const consumerDeps = {
      ...deps,
      ...buildWebhookAdapters(deps.config, deps.db, clock, {
        webhookPolicy: { timeoutMs: 400, random: () => 0.5 },
      }),
      clock,
    };
    const handler = deliveryBatchHandler(() => consumerDeps);
    const { queue, dlq } = localWebhookQueues(deps.db, deps.config.tableName, clock);
    pump = new LocalQueuePump({
      queue,
      invoke: (event: SQSEvent) => handler(event, lambdaContext(functionSpec('deliverWebhooks'))),
    });
    dlqMessages = () => dlq.messages();

    for (const p of ['A', 'B', 'C'] as const) {
      const res = await api[p].request<WebhookSettingsUpdateResponse>('PUT', '/v1/webhooks', {
        body: { url: receiver.url(`/${p}`) },
      });
      expect(res.status).toBe(200);
      secrets[p] = WebhookSettingsUpdateResponse.parse(res.body).secret as string;
    }
  });

  afterAll(async () => {
    await receiver?.close();
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  describe('settings', () => {
    it('shows the secret once, on creation, and never again', async () => {
      expect(secrets['A']).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const again = await api.A.request<WebhookSettingsUpdateResponse>('PUT', '/v1/webhooks', {
        body: { url: receiver.url('/A'), largeDepositThresholdUsd: '10000' },
      });
      expect(again.status).toBe(200);
      expect(again.body.secret).toBeUndefined();
      const got = await api.A.get<WebhookSettingsResponse>('/v1/webhooks');
      expect(WebhookSettingsResponse.parse(got.body)).toMatchObject({
        url: receiver.url('/A'),
        largeDepositThresholdUsd: '10000',
        previousSecretExpiresAt: null,
      });
      expect(JSON.stringify(got.body)).not.toContain('whsec_');
      const audit = await getDeps().audit.list(partnerIds.A);
      expect(audit.map((e) => e.action)).toEqual(
        expect.arrayContaining(['webhook.create', 'webhook.update']),
      );
      expect(JSON.stringify(audit)).not.toContain(secrets['A']!);
    });

    it('answers an unconfigured partner with a null URL', async () => {
      const got = await api.D.get<WebhookSettingsResponse>('/v1/webhooks');
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ url: null, secretCreatedAt: null });
    });

    it('refuses bad settings with field paths and changes nothing', async () => {
      const put = (body: unknown) => api.D.request<ErrorBody>('PUT', '/v1/webhooks', { body });
      const http = await put({ url: 'http://partner.example.com/hook' });
      expect(http.status).toBe(400);
      expect(http.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'url' }] });
      const zero = await put({ url: 'https://partner.example.com/hook', largeDepositThresholdUsd: '0' });
      expect(zero.body.error.fields?.map((f) => f.path)).toEqual(['largeDepositThresholdUsd']);
      const extra = await put({ url: 'https://partner.example.com/hook', events: ['ALL'] });
      expect(extra.status).toBe(400);
      const notJson = await api.D.request<ErrorBody>('PUT', '/v1/webhooks', { body: 'x' });
      expect(notJson.status).toBe(400);
      expect((await api.D.get<WebhookSettingsResponse>('/v1/webhooks')).body.url).toBeNull();
    });
  });

  describe('delivery', () => {
    it('delivers a published event, signed so that the receiver helper verifies it', async () => {
      const event = await publish('A');
      expect(await pump.drain()).toBe(1);
      const [got] = receiver.at('/A');
      expect(got).toBeDefined();
      expect(verify(secrets['A']!, got!)).toEqual({ ok: true, id: event.id, timestamp: expect.any(Number) });
      expect(got!.headers['content-type']).toBe('application/json');
      expect(String(got!.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(JSON.parse(got!.body)).toEqual({
        id: event.id,
        type: 'DEPOSIT_CONFIRMED',
        occurredAt: event.occurredAt,
        data: event.data,
      });
      const logged = WebhookDeliveryResponse.parse(await deliveryOf(api.A, event.id));
      expect(logged).toMatchObject({ status: 'DELIVERED', attemptCount: 1, nextAttemptAt: null });
      expect(logged.attempts).toEqual([
        expect.objectContaining({ attempt: 1, statusCode: 200, error: null, outcome: 'DELIVERED' }),
      ]);
    });

    it('retries a failing receiver (500, then a timeout) with the same event id until it recovers, logging every attempt', async () => {
      const before = receiver.at('/B').length;
      receiver.queue('/B', 'fail', 'hang', 'ok');
      const event = await publish('B');
      await pump.drain();
      let logged = (await deliveryOf(api.B, event.id))!;
      expect(logged).toMatchObject({ status: 'PENDING', attemptCount: 1 });
      expect(Date.parse(logged.nextAttemptAt!) - Date.parse(logged.attempts[0]!.at)).toBeGreaterThanOrEqual(
        60_000,
      );

      // Not due yet: nothing is sent.
      expect(await pump.drain()).toBe(0);
      // A little past the due time: the queue message becomes visible then (delays are whole seconds).
      clock.advanceTo(new Date(Date.parse(logged.nextAttemptAt!) + 1000).toISOString());
      await pump.drain();
      logged = (await deliveryOf(api.B, event.id))!;
      expect(logged.attempts[1]).toMatchObject({
        attempt: 2,
        statusCode: null,
        error: 'TIMEOUT',
        outcome: 'FAILED',
      });
      expect(Date.parse(logged.nextAttemptAt!) - Date.parse(logged.attempts[1]!.at)).toBeGreaterThanOrEqual(
        300_000,
      );

      clock.advanceTo(new Date(Date.parse(logged.nextAttemptAt!) + 1000).toISOString());
      await pump.drain();
      logged = (await deliveryOf(api.B, event.id))!;
      expect(logged.status).toBe('DELIVERED');
      expect(logged.attempts.map((a) => [a.attempt, a.statusCode, a.error, a.outcome])).toEqual([
        [1, 500, 'HTTP_500', 'FAILED'],
        [2, null, 'TIMEOUT', 'FAILED'],
        [3, 200, null, 'DELIVERED'],
      ]);
      const got = receiver.at('/B').slice(before);
      expect(got).toHaveLength(3);
      expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
      expect(new Set(got.map((r) => r.body)).size).toBe(1);
      expect(got.map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
      expect(verify(secrets['B']!, got[2]!).ok).toBe(true);
    });

    it('delivers once when the same fact is published twice', async () => {
      const before = receiver.at('/A').length;
      const event = await publish('A');
      await getDeps().webhooks.publish(event);
      await Promise.all([
        getDeps().webhooks.publish(event),
        getDeps().webhooks.publish({ ...event, data: { other: 'payload' } }),
      ]);
      await pump.drain();
      expect(receiver.at('/A').length - before).toBe(1);
      expect((await deliveries(api.A)).filter((d) => d.eventId === event.id)).toHaveLength(1);
    });

    it('keeps pending deliveries across a restart of the local queue worker', async () => {
      const before = receiver.at('/A').length;
      const event = await publish('A');
      // A fresh queue and pump over the same table, as after Ctrl-C and `npm start` again.
      const deps = getDeps();
      const consumerDeps = {
        ...deps,
        ...buildWebhookAdapters(deps.config, deps.db, clock, { webhookPolicy: { timeoutMs: 400 } }),
        clock,
      };
      const restarted = new LocalQueuePump({
        queue: localWebhookQueues(deps.db, deps.config.tableName, clock).queue,
        invoke: (e: SQSEvent) =>
          deliveryBatchHandler(() => consumerDeps)(e, lambdaContext(functionSpec('deliverWebhooks'))),
      });
      expect(await restarted.drain()).toBe(1);
      expect(
        receiver
          .at('/A')
          .slice(before)
          .map((r) => r.headers['webhook-id']),
      ).toEqual([event.id]);
    });

    it('records events for a partner without a URL as SKIPPED, and sends nothing', async () => {
      const event = await publish('D');
      expect(await pump.drain()).toBe(0);
      expect(await deliveryOf(api.D, event.id)).toMatchObject({ status: 'SKIPPED', attemptCount: 0 });
    });
  });

  describe('secret rotation', () => {
    it('signs with the new secret at once and with the previous one during the grace period, then stops', async () => {
      const old = secrets['B']!;
      const rotated = await api.B.post<WebhookSecretResponse>('/v1/webhooks/secret', undefined);
      expect(rotated.status).toBe(200);
      const { secret: fresh, previousSecretExpiresAt } = WebhookSecretResponse.parse(rotated.body);
      expect(fresh).not.toBe(old);
      expect((await api.B.get<WebhookSettingsResponse>('/v1/webhooks')).body.previousSecretExpiresAt).toBe(
        previousSecretExpiresAt,
      );

      const before = receiver.at('/B').length;
      await publish('B');
      await pump.drain();
      const [during] = receiver.at('/B').slice(before);
      expect(verify(fresh, during!).ok).toBe(true);
      expect(verify(old, during!).ok).toBe(true); // through the second webhook-signature entry
      expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);

      clock.advanceTo(new Date(Date.parse(previousSecretExpiresAt) + 1000).toISOString());
      await publish('B');
      await pump.drain();
      const [later] = receiver.at('/B').slice(before + 1);
      expect(String(later!.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verify(fresh, later!).ok).toBe(true);
      expect(verify(old, later!)).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
      expect((await getDeps().audit.list(partnerIds.B)).map((e) => e.action)).toContain(
        'webhook.secret.rotate',
      );
    });
  });

  describe('exhausted retries', () => {
    it('gives up after 9 attempts over more than 24 hours: FAILED in the log and the message in the DLQ', async () => {
      receiver.setDefault('/C', 'fail');
      const event = await publish('C');
      await pump.drain();
      let logged = (await deliveryOf(api.C, event.id))!;
      let hops = 0;
      while (logged.status === 'PENDING') {
        const due = Date.parse(logged.nextAttemptAt!);
        // Walk to the due time in 15-minute steps: long waits cross the queue in hops, never early.
        while (clock.now().getTime() + 900_000 < due) {
          clock.advance(900_000);
          const sentBefore = receiver.at('/C').length;
          hops += await pump.drain();
          expect(receiver.at('/C').length).toBe(sentBefore);
        }
        clock.advanceTo(new Date(due + 1000).toISOString());
        await pump.drain();
        logged = (await deliveryOf(api.C, event.id))!;
      }
      expect(logged.status).toBe('FAILED');
      expect(logged.nextAttemptAt).toBeNull();
      expect(logged.attempts).toHaveLength(9);
      expect(logged.attempts.every((a) => a.statusCode === 500 && a.outcome === 'FAILED')).toBe(true);
      const span = Date.parse(logged.attempts[8]!.at) - Date.parse(logged.attempts[0]!.at);
      expect(span).toBeGreaterThanOrEqual(24 * 3600_000);
      expect(hops).toBeGreaterThan(50);
      const parked = (await dlqMessages()).map((m) => JSON.parse(m.body) as Record<string, unknown>);
      expect(parked).toContainEqual(
        expect.objectContaining({ eventId: event.id, attempt: 9, deadLetterReason: 'RETRIES_EXHAUSTED' }),
      );
      expect(await pump.drain()).toBe(0);
    });

    it('redelivers a FAILED event on request, in a new round with the same id and body', async () => {
      receiver.setDefault('/C', 'ok');
      const failed = (await deliveries(api.C)).find((d) => d.status === 'FAILED')!;
      const before = receiver.at('/C').length;
      const res = await api.C.post<WebhookDeliveryResponse>(
        `/v1/webhooks/deliveries/${encodeURIComponent(failed.eventId)}/redeliver`,
        undefined,
      );
      expect(res.status).toBe(200);
      expect(WebhookDeliveryResponse.parse(res.body)).toMatchObject({ status: 'PENDING', round: 1 });
      await pump.drain();
      const after = (await deliveryOf(api.C, failed.eventId))!;
      expect(after).toMatchObject({ status: 'DELIVERED', round: 1, attemptCount: 10 });
      expect(after.attempts.at(-1)).toMatchObject({ round: 1, attempt: 1, statusCode: 200 });
      const [again] = receiver.at('/C').slice(before);
      expect(again!.headers['webhook-id']).toBe(failed.eventId);
      expect(JSON.parse(again!.body)).toEqual(failed.event);
      expect((await getDeps().audit.list(partnerIds.C)).map((e) => e.action)).toContain('webhook.redeliver');
    });
  });

  describe('test endpoint', () => {
    it('sends a WEBHOOK_TEST event through the real pipeline', async () => {
      const before = receiver.at('/A').length;
      const res = await api.A.post<WebhookDeliveryResponse>('/v1/webhooks/test', undefined);
      expect(res.status).toBe(200);
      const created = WebhookDeliveryResponse.parse(res.body);
      expect(created).toMatchObject({ type: 'WEBHOOK_TEST', status: 'PENDING' });
      await pump.drain();
      const [got] = receiver.at('/A').slice(before);
      expect(verify(secrets['A']!, got!).ok).toBe(true);
      expect(JSON.parse(got!.body)).toMatchObject({
        id: created.eventId,
        type: 'WEBHOOK_TEST',
        data: { message: expect.stringContaining('Test event') },
      });
      expect(await deliveryOf(api.A, created.eventId)).toMatchObject({ status: 'DELIVERED' });
    });

    it('answers 409 when no webhook is configured', async () => {
      const res = await api.D.post<ErrorBody>('/v1/webhooks/test', undefined);
      expect(res.status).toBe(409);
      expect((await api.D.post<ErrorBody>('/v1/webhooks/secret', undefined)).status).toBe(409);
    });
  });

  describe('tenant isolation', () => {
    it("never shows or redelivers another partner's events (404), nor accepts its cursor", async () => {
      const ofA = await deliveries(api.A);
      expect(ofA.length).toBeGreaterThan(2);
      const ofB = await deliveries(api.B);
      expect(ofB.some((d) => ofA.some((a) => a.eventId === d.eventId))).toBe(false);
      const target = ofA[0]!.eventId;
      const res = await api.B.post<ErrorBody>(
        `/v1/webhooks/deliveries/${encodeURIComponent(target)}/redeliver`,
        undefined,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      const page = WebhookDeliveriesResponse.parse(
        (await api.A.get('/v1/webhooks/deliveries', { limit: 1 })).body,
      );
      expect(page.nextCursor).toBeDefined();
      const stolen = await api.B.get<ErrorBody>('/v1/webhooks/deliveries', { cursor: page.nextCursor! });
      expect(stolen.status).toBe(400);
      expect(stolen.body.error.fields?.[0]?.path).toBe('cursor');
    });

    it('pages the log newest first without gaps or repeats', async () => {
      const all = await deliveries(api.A);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = WebhookDeliveriesResponse.parse(
          (await api.A.get('/v1/webhooks/deliveries', { limit: 2, ...(cursor ? { cursor } : {}) })).body,
        );
        seen.push(...page.deliveries.map((d) => d.eventId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((d) => d.eventId));
      const created = all.map((d) => d.createdAt);
      expect([...created].sort().reverse()).toEqual(created);
    });
  });
});
