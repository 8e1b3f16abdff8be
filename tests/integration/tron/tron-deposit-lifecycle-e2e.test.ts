import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { SQSEvent } from 'aws-lambda';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { verifyWebhook } from '../../../clients/typescript/verify-webhook';
import { getDeps } from '../../../shared/composition/gateway';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { invokeFunction } from '../../../scripts/local/lambda-runtime';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { startLocalOutboxRelay } from '../../../shared/adapters/local/local-outbox-relay';
import { startLocalWebhookWorker } from '../../../shared/adapters/local/local-webhook-queue';
import { isTronAddress } from '../../../shared/adapters/tron/tron-address';
import { TronTransferScanner } from '../../../shared/adapters/tron/tron-transfer-scanner';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { createTestTable } from '../../support/test-env';
import { sharedTronChain } from './tron-test-chain';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };

/**
 * The deposit lifecycle end to end on TRON: a user's USDT transfer on the stand-in (signed with tronweb)
 * is seen by the poller (real TRON scanner, real intake), credited once when its block is solidified,
 * and the partner's backend receives the same signed webhooks as on BSC and Polygon.
 */
describe('TRON deposit lifecycle end to end', () => {
  const tron = sharedTronChain();
  let api: Server;
  let receiver: Server;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let dropTable: () => Promise<void>;
  let client: ReturnType<typeof createPartnerClient>;
  let receiverUrl: string;

  beforeAll(async () => {
    const table = await createTestTable('tron-e2e', { streams: true });
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
  });
  afterAll(async () => {
    await Promise.all([new Promise((r) => api.close(r)), new Promise((r) => receiver.close(r))]);
    await dropTable();
  });

  async function pollOnce(): Promise<void> {
    const deps = getDeps();
    const scanner = TronTransferScanner.connect(deps.config.networks.TRON, { timeoutMs: 5_000 });
    const report = await runDepositPoller(
      {
        scanner,
        state: new DynamoPollerStateStore(deps.db, deps.config.tableName),
        intake: getDepositDeps().intake,
        clock: deps.clock,
        sleep: async () => undefined,
      },
      'TRON',
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
    expect(report.failedRounds).toBe(0);
  }

  it('detects, credits once at solidification, and delivers signed DEPOSIT_DETECTED, LARGE_DEPOSIT and DEPOSIT_CONFIRMED', async () => {
    const hook = await client.request<{ secret: string }>('PUT', '/v1/webhooks', {
      body: { url: receiverUrl, largeDepositThresholdUsd: '100' },
    });
    expect(hook.status).toBeLessThan(300);
    const secret = hook.body.secret;
    const { status, body: address } = await client.post<{ address: string; network: string }>(
      '/v1/deposit-addresses',
      {
        userId: 'alice',
        network: 'TRON',
      },
    );
    expect(status).toBe(201);
    expect(isTronAddress(address.address)).toBe(true);

    const txid = await tron.sendToken('USDT', address.address, 150_000_000n); // 150 USDT
    await tron.mine(1);
    await pollOnce();
    const detected = await client.get<{ deposits: { code: string; status: string; amount: string }[] }>(
      '/v1/deposits',
      {
        userId: 'alice',
      },
    );
    expect(detected.body.deposits).toHaveLength(1);
    expect(['DETECTED', 'CONFIRMING']).toContain(detected.body.deposits[0]?.status);

    await tron.mine(20); // past the solidified depth (19)
    await pollOnce();
    await pollOnce(); // a second run changes nothing
    const code = detected.body.deposits[0]?.code as string;
    const confirmed = await client.get<{
      status: string;
      netAmount: string;
      txHash: string;
      toAddress: string;
    }>(`/v1/deposits/${code}`);
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', txHash: txid });
    const balances = await client.get<{ balances: { asset: string; total: string }[] }>('/v1/balances');
    expect(balances.body.balances.find((b) => b.asset === 'USDT@TRON')?.total).toBe(confirmed.body.netAmount);
    // The wallet list reads TRON balances from the node (a TRC-20 balanceOf), not through JSON-RPC.
    const wallets = await client.get<{
      wallets: { address: string; balances: { token: string; amount: string | null }[] }[];
    }>('/v1/wallets', { network: 'TRON' });
    expect(wallets.status).toBe(200);
    expect(wallets.body.wallets.find((w) => w.address === address.address)?.balances).toEqual([
      { token: 'USDT', amount: '150' },
    ]);

    // As `npm start` runs them: the outbox relay on the table's stream, and the webhook queue consumer.
    const relay = startLocalOutboxRelay(
      { endpoint: getDeps().config.dynamodbEndpoint as string, tableName: getDeps().config.tableName },
      (event) => invokeFunction('relayOutbox', event),
    );
    const worker = startLocalWebhookWorker(getDeps(), (event: SQSEvent) =>
      invokeFunction('deliverWebhooks', event),
    );
    try {
      for (let i = 0; i < 200 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await relay.stop();
      await worker.stop();
    }
    const events = received.map((r) => {
      expect(verifyWebhook({ secrets: secret, headers: r.headers, body: r.body }).ok).toBe(true);
      return JSON.parse(r.body) as {
        id: string;
        type: string;
        data: { code: string; amount: string; network: string };
      };
    });
    expect(events.map((e) => e.type).sort()).toEqual([
      'DEPOSIT_CONFIRMED',
      'DEPOSIT_DETECTED',
      'LARGE_DEPOSIT',
    ]);
    expect(
      events.every((e) => e.data.code === code && e.data.amount === '150' && e.data.network === 'TRON'),
    ).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('credits a missed TRON deposit once through POST /v1/deposits/rescan, and reports it as already credited after', async () => {
    const { body: address } = await client.post<{ address: string }>('/v1/deposit-addresses', {
      userId: 'bob',
      network: 'TRON',
    });
    const txid = await tron.sendToken('USDT', address.address, 9_000_000n);
    await tron.mine(21); // solidified, and never seen by a poller
    const bad = await client.post<{ error: { code: string } }>('/v1/deposits/rescan', {
      network: 'TRON',
      txHash: `0x${txid}`,
    });
    expect(bad.status).toBe(400);

    const first = await client.post<{ results: { outcome: string; status: string }[] }>(
      '/v1/deposits/rescan',
      {
        network: 'TRON',
        txHash: txid,
      },
    );
    expect(first.body.results).toEqual([
      expect.objectContaining({ outcome: 'CREDITED', status: 'CONFIRMED' }),
    ]);
    const again = await client.post<{ results: { outcome: string }[] }>('/v1/deposits/rescan', {
      network: 'TRON',
      txHash: txid,
    });
    expect(again.body.results).toEqual([expect.objectContaining({ outcome: 'ALREADY_CREDITED' })]);
  });
});
