import { mineBlocks } from '../../../scripts/local/evm/local-chains';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { EvmTransferScanner } from '../../../shared/adapters/evm/evm-transfer-scanner';
import type { ScannerNotice } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import type { AppConfig } from '../../../shared/config/config';
import { systemClock } from '../../../shared/ports/clock';
import { freshAddress } from '../evm/evm-test-support';
import { RecordingIntake, transferKey } from '../../unit/chains/recording-intake';
import { createTestTable } from '../../support/test-env';
import {
  RecordingScanner,
  configFor,
  covers,
  getLogsRange,
  latestBlock,
  sendTokenTransfer,
  sleep,
  startRpcProxy,
  startTokenChain,
} from './chain-support';
import type { RpcProxy, TokenChain } from './chain-support';

const FAUCET = 0;

/**
 * Provider faults, injected by a JSON-RPC proxy in front of anvil: result limits, a provider without
 * eth_getLogs, a missing or lagging finalized tag, and outages in the middle of a poller run.
 */
describe('transfer scanning through a misbehaving provider', () => {
  let chain: TokenChain;
  let proxy: RpcProxy;
  const sent: { hash: string; blockNumber: number }[] = [];
  let from = 0;
  let to = 0;
  const scanners: EvmTransferScanner[] = [];
  const connect = (
    options: Parameters<typeof EvmTransferScanner.connect>[1] = {},
    config = configFor(proxy.url),
  ) => {
    const scanner = EvmTransferScanner.connect(config, { maxAttempts: 1, ...options });
    scanners.push(scanner);
    return scanner;
  };

  beforeAll(async () => {
    chain = await startTokenChain();
    proxy = await startRpcProxy(chain.node.rpcUrl);
    const { USDT, USDC } = chain.network.tokens;
    from = (await latestBlock(chain.node.rpcUrl)) + 1;
    for (let i = 0; i < 12; i++) {
      const token = i % 2 === 0 ? USDT.address : USDC.address;
      sent.push(await sendTokenTransfer(chain.node.rpcUrl, token, FAUCET, freshAddress(), BigInt(i + 1)));
      await mineBlocks(chain.node.rpcUrl, 40);
    }
    to = await latestBlock(chain.node.rpcUrl);
  });
  beforeEach(() => {
    proxy.intercept = undefined;
    proxy.failHttp = undefined;
    proxy.calls.length = 0;
  });
  afterAll(async () => {
    for (const s of scanners) s.close();
    await proxy?.stop();
    await chain?.stop();
  });

  const direct = () => EvmTransferScanner.connect(configFor(chain.node.rpcUrl));

  it('shrinks the range on "too many results" and still reports every transfer exactly once', async () => {
    const reference = direct();
    const expected = await reference.scan(from, to);
    reference.close();
    // The provider refuses any range wider than 50 blocks.
    proxy.intercept = (call) => {
      if (call.method !== 'eth_getLogs') return undefined;
      const [a, b] = getLogsRange(call);
      return b - a + 1 > 50
        ? { error: { code: -32005, message: 'query returned more than 10000 results' } }
        : undefined;
    };
    const notices: ScannerNotice[] = [];

    const found = await connect({ maxBlockRange: 2_000, onNotice: (n) => notices.push(n) }).scan(from, to);

    expect(found).toEqual(expected);
    expect(expected).toHaveLength(12);
    const answered = proxy.calls
      .filter((c) => c.method === 'eth_getLogs')
      .map(getLogsRange)
      .filter(([a, b]) => b - a + 1 <= 50);
    // The accepted ranges tile the whole range: no gap, no overlap.
    expect(answered[0]![0]).toBe(from);
    expect(answered.at(-1)![1]).toBe(to);
    for (let i = 1; i < answered.length; i++) expect(answered[i]![0]).toBe(answered[i - 1]![1] + 1);
    expect(notices.map((n) => n.kind)).toContain('range-shrunk');
  });

  it('falls back to block receipts when the provider disables eth_getLogs', async () => {
    const reference = direct();
    const expected = await reference.scan(from, to);
    reference.close();
    proxy.intercept = (call) =>
      call.method === 'eth_getLogs'
        ? { error: { code: -32601, message: 'the method eth_getLogs does not exist/is not available' } }
        : undefined;

    const scanner = connect();
    const found = await scanner.scan(from, to);

    expect(found).toEqual(expected);
    expect(scanner.logsMode).toBe('blockReceipts');
    expect(proxy.calls.filter((c) => c.method === 'eth_getLogs')).toHaveLength(1);
    expect(proxy.calls.filter((c) => c.method === 'eth_getBlockReceipts')).toHaveLength(to - from + 1);
  });

  describe('finalized tag', () => {
    const tagged = () => configFor(proxy.url, { finality: { kind: 'finalized-tag', confirmations: 15 } });

    it('uses the tag when the node finalizes faster than the depth rule', async () => {
      const latest = await latestBlock(chain.node.rpcUrl);
      proxy.intercept = (call) =>
        call.method === 'eth_getBlockByNumber' && call.params[0] === 'finalized'
          ? { result: { number: `0x${(latest - 2).toString(16)}` } }
          : undefined;
      const scanner = connect({}, tagged());
      expect(await scanner.head()).toEqual({ latest, finalized: latest - 2 });
      // Latest and the tag travel in one batched HTTP request.
      expect(scanner.meter!.snapshot()).toEqual({
        calls: 2,
        httpRequests: 1,
        byMethod: { eth_blockNumber: 1, eth_getBlockByNumber: 1 },
      });
    });

    it('falls back to depth when the tag lags (anvil keeps it 64 blocks behind) or is missing', async () => {
      const latest = await latestBlock(chain.node.rpcUrl);
      expect(await connect({}, tagged()).head()).toEqual({ latest, finalized: latest - 14 });
      proxy.intercept = (call) =>
        call.params[0] === 'finalized'
          ? { error: { code: -32602, message: 'unknown block tag finalized' } }
          : undefined;
      expect(await connect({}, tagged()).head()).toEqual({ latest, finalized: latest - 14 });
    });
  });

  describe('outages in the middle of a poller run', () => {
    let dropTable: () => Promise<void>;
    let state: DynamoPollerStateStore;
    let config: AppConfig;

    beforeAll(async () => {
      const table = await createTestTable('poller-faults');
      dropTable = table.dropTable;
      config = table.config;
      state = new DynamoPollerStateStore(
        createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint }),
        table.config.tableName,
      );
    });
    afterAll(() => dropTable());

    it('backs off and resumes from the cursor: every transfer reaches the intake, no block is skipped', async () => {
      let getLogsRequests = 0;
      // The 2nd eth_getLogs meets a 502 from the load balancer, the 3rd and 4th a JSON-RPC internal error.
      proxy.failHttp = (calls) => {
        if (!calls.some((c) => c.method === 'eth_getLogs')) return undefined;
        getLogsRequests += 1;
        return getLogsRequests === 2 ? 502 : undefined;
      };
      proxy.intercept = (call) =>
        call.method === 'eth_getLogs' && (getLogsRequests === 3 || getLogsRequests === 4)
          ? { error: { code: -32000, message: 'internal error' } }
          : undefined;
      const scanner = new RecordingScanner(connect({ maxBlockRange: 100 }));
      const intake = new RecordingIntake();
      await state.advanceCursor('BSC', from - 1, new Date());

      const report = await runDepositPoller({ scanner, state, intake, clock: systemClock, sleep }, 'BSC', {
        owner: 'faulty-run',
        runForMs: 60_000,
        roundIntervalMs: 10,
        leaseTtlMs: 10_000,
        chunkBlocks: 100,
        initialLookbackBlocks: 0,
        errorBackoffMs: 10,
        maxRounds: 6,
      });

      expect(report.failedRounds).toBe(3);
      expect(report.lastError).toMatch(/internal error/);
      const cursor = (await state.getCursor('BSC'))!;
      expect(cursor).toBe(to - 2);
      expect(covers(scanner.scans, from, cursor)).toBe(true);
      const ingested = new Set(intake.ingested.map(transferKey));
      for (const t of sent) expect(ingested.has(`${t.hash}:0`)).toBe(true);
      expect(intake.confirmed.size).toBe(12);
    });

    it('finds a transfer that a lagging node left out of a range already final, with the deployed POLLER_NODE_LAG_BLOCKS', async () => {
      const start = await latestBlock(chain.node.rpcUrl);
      await state.advanceCursor('BSC', start, new Date());
      const transfer = await sendTokenTransfer(
        chain.node.rpcUrl,
        chain.network.tokens.USDT.address,
        FAUCET,
        freshAddress(),
        7n,
      );
      // Ten blocks on: the transfer's block is final by the depth rule (3 confirmations).
      await mineBlocks(chain.node.rpcUrl, 10);
      // Behind the load balancer, eth_getLogs lands on a node that has not reached the transfer's block:
      // it answers [] for a range it has not indexed, which looks exactly like "no transfers here".
      let lagging = true;
      proxy.intercept = (call) =>
        lagging && call.method === 'eth_getLogs' && getLogsRange(call)[1] >= transfer.blockNumber
          ? { result: [] }
          : undefined;
      proxy.failHttp = undefined;
      const scanner = connect({ maxBlockRange: 100 });
      const intake = new RecordingIntake();
      const poll = (rounds: number) =>
        runDepositPoller({ scanner, state, intake, clock: systemClock, sleep }, 'BSC', {
          owner: `lagging-${rounds}`,
          runForMs: 60_000,
          roundIntervalMs: 10,
          leaseTtlMs: 10_000,
          chunkBlocks: 100,
          nodeLagBlocks: config.poller.nodeLagBlocks,
          initialLookbackBlocks: 0,
          maxRounds: rounds,
        });
      await poll(1);
      expect(intake.ingested.map((t) => t.txHash)).not.toContain(transfer.hash);
      // The cursor stayed below the transfer although its block was final.
      expect((await state.getCursor('BSC'))!).toBeLessThan(transfer.blockNumber);

      lagging = false;
      await poll(1);
      expect(intake.ingested.filter((t) => t.txHash === transfer.hash)).toHaveLength(1);
    });
  });
});
