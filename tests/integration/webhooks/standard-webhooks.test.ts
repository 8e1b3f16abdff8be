import { createHmac, randomBytes } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { WebhookVerificationError } from 'standardwebhooks';
import { verifyWebhook } from '../../../clients/typescript/verify-webhook';
import { functionSpec } from '../../../functions/catalog';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import { LocalQueuePump, localWebhookQueues } from '../../../shared/adapters/local/local-webhook-queue';
import { deliveryBatchHandler } from '../../../shared/adapters/sqs/delivery-batch-handler';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { configureWebhook, rotateWebhookSecret } from '../../../shared/app/webhooks/webhook-settings';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { webhookSecretContext } from '../../../shared/domain/webhooks/webhook-settings';
import type { WebhookEvent } from '../../../shared/ports/webhooks';
import { createTestTable } from '../../support/test-env';
import { jumpingClock, startReceiver, verifyWithStandardWebhooks } from './webhook-support';
import type { Received } from './webhook-support';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
const ACTOR = { type: 'SYSTEM' as const, id: 'test' };
const HOUR = 3600_000;

/**
 * Issue 13: deliveries follow the Standard Webhooks specification, so partners verify them with the
 * `standardwebhooks` libraries. The real publisher, the DynamoDB-backed queue `npm start` runs, the
 * deployed consumer and a real HTTP receiver; every request the receiver gets is checked with the
 * `standardwebhooks` npm package (and with the receiver helper we ship).
 */
describe('Standard Webhooks deliveries', () => {
  const clock = jumpingClock();
  let base: GatewayDeps;
  let dropTable: () => Promise<void>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let pump: LocalQueuePump;
  let legacyHeadersUntilMs = Date.now() + 365 * 24 * HOUR;
  const partners: Record<string, string> = {};
  let seq = 0;

  const publish = async (partner: string): Promise<WebhookEvent> => {
    const event: WebhookEvent = {
      id: `DEPOSIT_CONFIRMED:BSC:0x${(++seq).toString(16).padStart(64, '0')}:0`,
      type: 'DEPOSIT_CONFIRMED',
      partnerId: partners[partner] as string,
      occurredAt: clock.now().toISOString(),
      data: {
        depositCode: `D26120700${seq}`,
        asset: 'USDT@BSC',
        amount: '1000.5',
        fee: '12',
        netAmount: '988.5',
        userId: 'user-42',
      },
    };
    await base.webhooks.publish(event);
    return event;
  };
  /** The requests the receiver got for `path` since `from`, after the queue is drained. */
  const deliver = async (path: string) => {
    const before = receiver.at(path).length;
    await pump.drain();
    return receiver.at(path).slice(before);
  };
  const standard = (secret: string, r: Received, options?: { format: 'raw' }) =>
    verifyWithStandardWebhooks(secret, r, clock.now().getTime(), options);
  const refused = (secret: string, r: Received) => {
    try {
      standard(secret, r);
      return undefined;
    } catch (e) {
      return e;
    }
  };
  const helper = (secrets: string | string[], r: Received) =>
    verifyWebhook({ secrets, headers: r.headers, body: r.body, nowMs: clock.now().getTime() });

  beforeAll(async () => {
    const table = await createTestTable('swh');
    dropTable = table.dropTable;
    base = buildDeps(table.config, { clock });
    await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    await createPartner(base, OPERATOR, {
      code: 'DIST',
      name: 'D',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    for (const p of ['NEW', 'ROTATING', 'LEGACY', 'DEPRECATION']) {
      partners[p] = (
        await createPartner(base, OPERATOR, {
          code: `SHOP_${p}`,
          name: p,
          type: 'MERCHANT',
          parentCode: 'DIST',
        })
      ).id;
    }
    receiver = await startReceiver();
    const consumer = deliveryBatchHandler(() => ({
      ...base,
      clock,
      webhookPolicy: { ...base.webhookPolicy, timeoutMs: 2_000, random: () => 0.5, legacyHeadersUntilMs },
    }));
    const { queue } = localWebhookQueues(base.db, base.config.tableName, clock);
    pump = new LocalQueuePump({
      queue,
      invoke: (event: SQSEvent) => consumer(event, lambdaContext(functionSpec('deliverWebhooks'))),
    });
  });

  afterAll(async () => {
    await receiver?.close();
    await dropTable();
  });

  describe('a secret issued now', () => {
    let secret: string;

    beforeAll(async () => {
      secret = (await configureWebhook(base, ACTOR, partners['NEW'] as string, { url: receiver.url('/new') }))
        .secret as string;
    });

    it('is whsec_ followed by the standard base64 of 32 random bytes', () => {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    });

    it('signs every delivery so that the standardwebhooks package verifies it: webhook-id, webhook-timestamp, v1 signature', async () => {
      const event = await publish('NEW');
      const before = Math.floor(clock.now().getTime() / 1000);
      const [got] = await deliver('/new');
      const after = Math.floor(clock.now().getTime() / 1000);
      expect(got).toBeDefined();
      expect(standard(secret, got!)).toEqual({
        id: event.id,
        type: 'DEPOSIT_CONFIRMED',
        occurredAt: event.occurredAt,
        data: event.data,
      });
      expect(got!.headers['webhook-id']).toBe(event.id);
      // The attempt's time (the clock runs in real time between jumps, so it may cross a second).
      expect(Number(got!.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(before);
      expect(Number(got!.headers['webhook-timestamp'])).toBeLessThanOrEqual(after);
      expect(got!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(helper(secret, got!)).toEqual({
        ok: true,
        id: event.id,
        timestamp: Number(got!.headers['webhook-timestamp']),
      });
    });

    it('keeps webhook-id across retries with a fresh timestamp and signature on each attempt, each verifying', async () => {
      receiver.queue('/new', 'fail', 'ok');
      const event = await publish('NEW');
      const first = await deliver('/new');
      clock.advance(61_000);
      const second = await deliver('/new');
      const attempts = [...first, ...second];
      expect(attempts).toHaveLength(2);
      expect(attempts.map((r) => r.headers['webhook-id'])).toEqual([event.id, event.id]);
      expect(Number(attempts[1]!.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(
        Number(attempts[0]!.headers['webhook-timestamp']) + 60,
      );
      expect(attempts[1]!.headers['webhook-signature']).not.toBe(attempts[0]!.headers['webhook-signature']);
      expect(attempts[1]!.body).toBe(attempts[0]!.body);
      expect(standard(secret, attempts[1]!)).toMatchObject({ id: event.id });
      expect(helper(secret, attempts[1]!).ok).toBe(true);
    });

    it('is refused by the standardwebhooks package when the body, id or timestamp is tampered with, or the secret is wrong', async () => {
      await publish('NEW');
      const [got] = await deliver('/new');
      const tampered = (over: Partial<Received> & { headers?: Record<string, string> }) => ({
        ...got!,
        ...over,
        headers: { ...got!.headers, ...over.headers },
      });
      const forged = [
        tampered({ body: got!.body.replace('"1000.5"', '"9000.5"') }),
        tampered({ headers: { 'webhook-id': `${String(got!.headers['webhook-id'])}x` } }),
        tampered({ headers: { 'webhook-timestamp': String(Number(got!.headers['webhook-timestamp']) - 1) } }),
      ];
      expect(forged[0]!.body).not.toBe(got!.body);
      for (const f of forged) {
        expect(refused(secret, f)).toBeInstanceOf(WebhookVerificationError);
        expect(helper(secret, f)).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
      }
      const other = `whsec_${randomBytes(32).toString('base64')}`;
      expect(refused(other, got!)).toBeInstanceOf(WebhookVerificationError);
      expect(refused(secret, got!)).toBeUndefined();
    });
  });

  describe('rotation', () => {
    it('carries two v1 signatures during the grace period, so either secret verifies; then only the new one', async () => {
      const partnerId = partners['ROTATING'] as string;
      const old = (await configureWebhook(base, ACTOR, partnerId, { url: receiver.url('/rotating') }))
        .secret as string;
      const rotated = await rotateWebhookSecret(base, ACTOR, partnerId);
      expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

      const event = await publish('ROTATING');
      const [during] = await deliver('/rotating');
      expect(String(during!.headers['webhook-signature']).split(' ')).toEqual([
        expect.stringMatching(/^v1,/),
        expect.stringMatching(/^v1,/),
      ]);
      expect(standard(rotated.secret, during!)).toMatchObject({ id: event.id });
      expect(standard(old, during!)).toMatchObject({ id: event.id });
      expect(helper(rotated.secret, during!).ok).toBe(true);
      expect(helper(old, during!).ok).toBe(true);
      expect(refused(old, { ...during!, body: `${during!.body} ` })).toBeInstanceOf(WebhookVerificationError);

      clock.advanceTo(new Date(Date.parse(rotated.previousSecretExpiresAt) + 1000).toISOString());
      await publish('ROTATING');
      const [after] = await deliver('/rotating');
      expect(String(after!.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(standard(rotated.secret, after!)).toBeDefined();
      expect(refused(old, after!)).toBeInstanceOf(WebhookVerificationError);
      expect(helper(old, after!)).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
    });
  });

  describe('a secret issued before Standard Webhooks (whsec_ + 43 base64url characters)', () => {
    it('keeps working: its key is the UTF-8 bytes of the whole secret string, the same key the legacy headers use', async () => {
      const partnerId = partners['LEGACY'] as string;
      const old = `whsec_${randomBytes(32).toString('base64url')}`;
      const id = 'whs_legacy';
      const at = clock.now().toISOString();
      const ciphertext = await base.keyVault.encrypt(
        Buffer.from(old, 'utf8'),
        webhookSecretContext(partnerId, id),
      );
      await base.webhookSettings.save(
        {
          partnerId,
          url: receiver.url('/legacy'),
          secret: { id, ciphertext, createdAt: at },
          createdAt: at,
          updatedAt: at,
          version: 1,
        },
        undefined,
      );
      const event = await publish('LEGACY');
      const [got] = await deliver('/legacy');
      expect(standard(old, got!, { format: 'raw' })).toMatchObject({ id: event.id });
      // The same key written as a Standard Webhooks secret, for libraries without a raw-key option.
      expect(standard(`whsec_${Buffer.from(old, 'utf8').toString('base64')}`, got!)).toMatchObject({
        id: event.id,
      });
      expect(helper(old, got!).ok).toBe(true);
      const signed = `${event.id}.${String(got!.headers['x-webhook-timestamp'])}.${got!.body}`;
      expect(got!.headers['x-webhook-signature']).toBe(
        createHmac('sha256', old).update(signed).digest('hex'),
      );
    });
  });

  describe('the legacy X-Webhook-* headers', () => {
    it('are sent, unchanged, until the configured deprecation date, and not after it', async () => {
      const partnerId = partners['DEPRECATION'] as string;
      const secret = (await configureWebhook(base, ACTOR, partnerId, { url: receiver.url('/deprecation') }))
        .secret as string;
      legacyHeadersUntilMs = clock.now().getTime() + HOUR;
      const event = await publish('DEPRECATION');
      const [before] = await deliver('/deprecation');
      const ts = String(before!.headers['x-webhook-timestamp']);
      expect(before!.headers).toMatchObject({
        'x-webhook-id': event.id,
        'webhook-timestamp': ts,
        'x-webhook-attempt': '1',
      });
      expect(before!.headers['x-webhook-signature']).toBe(
        createHmac('sha256', secret).update(`${event.id}.${ts}.${before!.body}`).digest('hex'),
      );

      clock.advance(HOUR + 1000);
      const later = await publish('DEPRECATION');
      const [after] = await deliver('/deprecation');
      expect(
        Object.keys(after!.headers).filter((h) => h.startsWith('x-webhook-') && h !== 'x-webhook-attempt'),
      ).toEqual([]);
      expect(standard(secret, after!)).toMatchObject({ id: later.id });
    });
  });
});
