import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { Webhook } from 'standardwebhooks';
import { verifyWebhook } from '../../../clients/typescript/verify-webhook';
import { getDeps } from '../../../shared/composition/gateway';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { fundFromFaucet, mineBlocks } from '../../../scripts/local/evm/local-chains';
import type { LocalEvmNetwork } from '../../../scripts/local/evm/local-chains';
import { invokeFunction } from '../../../scripts/local/lambda-runtime';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { EvmTransferScanner } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { startLocalOutboxRelay } from '../../../shared/adapters/local/local-outbox-relay';
import { startLocalWebhookWorker } from '../../../shared/adapters/local/local-webhook-queue';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { createTestTable } from '../../support/test-env';
import { singleValued } from '../webhooks/webhook-support';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * The product's heart, end to end on the local chain: a user's transfer is seen by the poller (real
 * scanner, real intake), credited once final, and the partner's backend receives signed webhooks.
 */
describe('deposit lifecycle end to end', () => {
  let api: Server;
  let receiver: Server;
  const received: Received[] = [];
  let dropTable: () => Promise<void>;
  let client: ReturnType<typeof createPartnerClient>;
  let polygon: LocalEvmNetwork;
  let receiverUrl: string;

  beforeAll(async () => {
    const table = await createTestTable('e2e', { streams: true }); // the outbox relay reads the stream
    dropTable = table.dropTable;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'P' });
    await createPartner(deps, OPERATOR, {
      code: 'DIST',
      name: 'D',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    const shop = await createPartner(deps, OPERATOR, {
      code: 'SHOP',
      name: 'S',
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
    const key = await issueApiKey(deps, OPERATOR, { partnerId: shop.id, name: 'k' });
    api = createLocalApiServer();
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    client = createPartnerClient({
      apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
      apiKey: key.apiKey.id,
      apiSecret: key.secret,
    });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const chains = JSON.parse(
      readFileSync(join(process.env['IT_WORK_DIR'] as string, 'chains.json'), 'utf8'),
    ) as { networks: Record<string, LocalEvmNetwork> };
    polygon = chains.networks['POLYGON'] as LocalEvmNetwork;
  });
  afterAll(async () => {
    await Promise.all([new Promise((r) => api.close(r)), new Promise((r) => receiver.close(r))]);
    await dropTable();
  });

  async function pollOnce(): Promise<void> {
    const deps = getDeps();
    const scanner = EvmTransferScanner.connect(deps.config.networks.POLYGON, { timeoutMs: 5_000 });
    await runDepositPoller(
      {
        scanner,
        state: new DynamoPollerStateStore(deps.db, deps.config.tableName),
        intake: getDepositDeps().intake,
        clock: deps.clock,
        sleep: async () => undefined,
      },
      'POLYGON',
      {
        owner: `test-${Date.now()}`,
        runForMs: 60_000,
        roundIntervalMs: 0,
        leaseTtlMs: 10_000,
        chunkBlocks: 2_000,
        initialLookbackBlocks: 100_000,
        maxRounds: 1,
      },
    );
  }

  it('detects, credits once at finality, and delivers signed DEPOSIT_DETECTED, LARGE_DEPOSIT and DEPOSIT_CONFIRMED', async () => {
    const hook = await client.request<{ secret: string }>('PUT', '/v1/webhooks', {
      body: { url: receiverUrl, largeDepositThresholdUsd: '100' },
    });
    expect(hook.status).toBeLessThan(300);
    const secret = hook.body.secret;
    const { body: address } = await client.post<{ address: string }>('/v1/deposit-addresses', {
      userId: 'alice',
      network: 'POLYGON',
    });

    const transfer = await fundFromFaucet(polygon, 'USDT', address.address, 150_000_000n); // 150 USDT
    await pollOnce();
    const detected = await client.get<{ deposits: { code: string; status: string; amount: string }[] }>(
      '/v1/deposits',
      { userId: 'alice' },
    );
    expect(detected.body.deposits).toHaveLength(1);
    expect(['DETECTED', 'CONFIRMING']).toContain(detected.body.deposits[0]?.status);

    await mineBlocks(polygon.rpcUrl, 4);
    await pollOnce();
    await pollOnce(); // a second run changes nothing
    const code = detected.body.deposits[0]?.code as string;
    const confirmed = await client.get<{ status: string; netAmount: string; txHash: string }>(
      `/v1/deposits/${code}`,
    );
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', txHash: transfer.hash.toLowerCase() });
    const balances = await client.get<{ balances: { asset: string; total: string }[] }>('/v1/balances');
    expect(balances.body.balances.find((b) => b.asset === 'USDT@POLYGON')?.total).toBe(
      confirmed.body.netAmount,
    );

    const deps = getDeps();
    // As `npm start` runs them: the outbox relay on the table's stream, and the webhook queue consumer.
    const relay = startLocalOutboxRelay(
      { endpoint: deps.config.dynamodbEndpoint as string, tableName: deps.config.tableName },
      (event) => invokeFunction('relayOutbox', event),
    );
    const worker = startLocalWebhookWorker(deps, (event: SQSEvent) =>
      invokeFunction('deliverWebhooks', event),
    );
    try {
      for (let i = 0; i < 200 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await relay.stop();
      await worker.stop();
    }
    const events = received.map((r) => {
      const check = verifyWebhook({ secrets: secret, headers: r.headers, body: r.body });
      expect(check.ok).toBe(true);
      // What a partner's receiver does with the Standard Webhooks library (real clock here).
      expect(new Webhook(secret).verify(r.body, singleValued(r.headers))).toEqual(JSON.parse(r.body));
      return JSON.parse(r.body) as { id: string; type: string; data: { code: string; amount: string } };
    });
    expect(events.map((e) => e.type).sort()).toEqual([
      'DEPOSIT_CONFIRMED',
      'DEPOSIT_DETECTED',
      'LARGE_DEPOSIT',
    ]);
    expect(events.every((e) => e.data.code === code && e.data.amount === '150')).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });
});
