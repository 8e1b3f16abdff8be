import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { mineBlocks } from '../../../scripts/local/evm/local-chains';
import { DynamoChainStatusStore } from '../../../shared/adapters/dynamodb/chain-status-store';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { EvmTransferScanner } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import type { DepositPollerOptions } from '../../../shared/app/chains/run-deposit-poller';
import { systemClock } from '../../../shared/ports/clock';
import type { ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import { freshAddress } from '../evm/evm-test-support';
import { RecordingIntake, sightingKey, transferKey } from '../../unit/chains/recording-intake';
import { createTestTable } from '../../support/test-env';
import {
  RecordingScanner,
  blockHashAt,
  covers,
  latestBlock,
  sendTokenTransfer,
  sleep,
  startTokenChain,
} from './chain-support';
import type { TokenChain } from './chain-support';

const FAUCET = 0;
const OPTIONS: DepositPollerOptions = {
  owner: 'poller',
  runForMs: 60_000,
  roundIntervalMs: 20,
  leaseTtlMs: 10_000,
  chunkBlocks: 500,
  initialLookbackBlocks: 0,
  errorBackoffMs: 20,
  maxRounds: 1,
};

describe('deposit poller state in DynamoDB', () => {
  let dropTable: () => Promise<void>;
  let store: DynamoPollerStateStore;
  let chainStatus: DynamoChainStatusStore;

  beforeAll(async () => {
    const table = await createTestTable('poller-state');
    dropTable = table.dropTable;
    const db = createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint });
    store = new DynamoPollerStateStore(db, table.config.tableName);
    chainStatus = new DynamoChainStatusStore(db, table.config.tableName);
  });
  afterAll(() => dropTable());

  const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 12, 0, s));

  it('grants the lease to one poller at a time, hands over an expired lease, and lets only the holder renew or release it', async () => {
    expect(await store.acquireLease('POLYGON', 'a', at(0), 30_000)).toEqual({
      status: 'acquired',
      lease: { network: 'POLYGON', owner: 'a', expiresAt: at(30) },
    });
    expect(await store.acquireLease('POLYGON', 'b', at(10), 30_000)).toEqual({
      status: 'held-by-another',
      holder: { network: 'POLYGON', owner: 'a', expiresAt: at(30) },
    });
    expect((await store.acquireLease('POLYGON', 'a', at(20), 30_000)).status).toBe('acquired');
    expect((await store.renewLease('POLYGON', 'a', at(40), 30_000)).status).toBe('acquired');

    // a stops renewing; once its lease has expired b takes over and a can no longer renew or release it.
    expect((await store.acquireLease('POLYGON', 'b', at(70), 30_000)).status).toBe('held-by-another');
    expect((await store.acquireLease('POLYGON', 'b', at(71), 30_000)).status).toBe('acquired');
    expect(await store.renewLease('POLYGON', 'a', at(72), 30_000)).toMatchObject({
      status: 'held-by-another',
      holder: { owner: 'b' },
    });
    await store.releaseLease('POLYGON', 'a');
    expect((await store.acquireLease('POLYGON', 'c', at(73), 30_000)).status).toBe('held-by-another');

    // b releases: the lease is free at once.
    await store.releaseLease('POLYGON', 'b');
    expect((await store.acquireLease('POLYGON', 'c', at(74), 30_000)).status).toBe('acquired');
    expect((await store.acquireLease('BSC', 'd', at(74), 30_000)).status).toBe('acquired');
  });

  it('moves the cursor forward only, on the item the chain-heads job reads', async () => {
    expect(await store.getCursor('POLYGON')).toBeUndefined();
    expect(await store.advanceCursor('POLYGON', 100, at(0))).toEqual({
      advanced: true,
      lastProcessedBlock: 100,
    });
    expect(await store.advanceCursor('POLYGON', 90, at(1))).toEqual({
      advanced: false,
      lastProcessedBlock: 100,
    });
    expect(await store.advanceCursor('POLYGON', 100, at(2))).toEqual({
      advanced: false,
      lastProcessedBlock: 100,
    });
    expect(await store.advanceCursor('POLYGON', 101, at(3))).toEqual({
      advanced: true,
      lastProcessedBlock: 101,
    });
    expect(await store.getCursor('POLYGON')).toBe(101);
    expect(await chainStatus.getPollerCursor('POLYGON')).toBe(101);
    expect(await store.getCursor('BSC')).toBeUndefined();
  });
});

describe('deposit poller on a local chain', () => {
  let chain: TokenChain;
  const tables: (() => Promise<void>)[] = [];
  const scanners: EvmTransferScanner[] = [];

  beforeAll(async () => {
    chain = await startTokenChain();
  });
  afterAll(async () => {
    for (const s of scanners) s.close();
    await Promise.all(tables.map((drop) => drop()));
    await chain?.stop();
  });

  async function freshState(): Promise<DynamoPollerStateStore> {
    const table = await createTestTable('poller');
    tables.push(table.dropTable);
    return new DynamoPollerStateStore(
      createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint }),
      table.config.tableName,
    );
  }
  const connect = () => {
    const scanner = EvmTransferScanner.connect(chain.config, { maxAttempts: 1 });
    scanners.push(scanner);
    return scanner;
  };
  const send = (amount: bigint, to = freshAddress()) =>
    sendTokenTransfer(chain.node.rpcUrl, chain.network.tokens.USDT.address, FAUCET, to, amount);
  const poll = (
    scanner: TransferScanner,
    state: DynamoPollerStateStore,
    intake: RecordingIntake,
    options: Partial<DepositPollerOptions> = {},
  ) =>
    runDepositPoller({ scanner, state, intake, clock: systemClock, sleep }, 'BSC', {
      ...OPTIONS,
      ...options,
    });
  /** Makes everything mined so far final under the local policy (3 confirmations). */
  const finalize = () => mineBlocks(chain.node.rpcUrl, 2);
  /** The finalized block now: where a poller that kept up would have left its cursor. */
  const finalizedNow = async () => (await latestBlock(chain.node.rpcUrl)) - 2;

  it('lets only one of two pollers started together work; the other returns quietly', async () => {
    const state = await freshState();
    await state.advanceCursor('BSC', await finalizedNow(), new Date());
    const deposits = [await send(11n), await send(12n)];
    await finalize();
    const intakes = [new RecordingIntake(), new RecordingIntake()];

    const reports = await Promise.all([
      poll(connect(), state, intakes[0]!, { owner: 'first', maxRounds: 5 }),
      poll(connect(), state, intakes[1]!, { owner: 'second', maxRounds: 5 }),
    ]);

    expect(reports.map((r) => r.outcome).sort()).toEqual(['completed', 'lease-held']);
    const [worker, idle] = reports[0]!.outcome === 'completed' ? [0, 1] : [1, 0];
    expect(reports[idle]).toMatchObject({ rounds: 0, holder: worker === 0 ? 'first' : 'second' });
    expect(intakes[idle]!.ingests).toHaveLength(0);
    expect(intakes[idle]!.confirms).toHaveLength(0);
    // (The chain's first blocks also hold the tokens' initial mint, which is a Transfer too.)
    const credited = new Set([...intakes[worker]!.confirmed.values()].map((t) => t.txHash));
    for (const d of deposits) expect(credited.has(d.hash)).toBe(true);

    // The worker released its lease: the next invocation starts at once.
    expect((await poll(connect(), state, new RecordingIntake(), { owner: 'next' })).outcome).toBe(
      'completed',
    );
  });

  it('continues a later run from the cursor: no block skipped, nothing final handed over twice', async () => {
    const state = await freshState();
    const start = await finalizedNow();
    await state.advanceCursor('BSC', start, new Date());
    const intake = new RecordingIntake();
    const scanners = [new RecordingScanner(connect()), new RecordingScanner(connect())];

    const first = [await send(21n), await send(22n)];
    await finalize();
    await poll(scanners[0]!, state, intake, { owner: 'run-1', maxRounds: 2 });
    const second = [await send(23n)];
    await mineBlocks(chain.node.rpcUrl, 30);
    await poll(scanners[1]!, state, intake, { owner: 'run-2', maxRounds: 2 });

    const cursor = (await state.getCursor('BSC'))!;
    expect(cursor).toBe((await latestBlock(chain.node.rpcUrl)) - 2);
    expect(covers([...scanners[0]!.scans, ...scanners[1]!.scans], start + 1, cursor)).toBe(true);
    // Final when first scanned, so each transfer reached the intake exactly once.
    for (const d of [...first, ...second])
      expect(intake.ingested.filter((t) => t.txHash === d.hash)).toHaveLength(1);
    expect(intake.confirmed.size).toBe(3);
  });

  it('when a paused poller loses its lease mid-scan, both hand the transfers over but each is credited once', async () => {
    const state = await freshState();
    const start = await finalizedNow();
    await state.advanceCursor('BSC', start, new Date());
    const deposits = [await send(31n), await send(32n), await send(33n)];
    await finalize();
    const intake = new RecordingIntake();
    let paused!: () => void;
    const insideScan = new Promise<void>((resolve) => (paused = resolve));
    // The first poller stalls inside its scan for far longer than its lease lives (a GC pause, a slow node).
    const stalled = new RecordingScanner(connect());
    const stalledScan = stalled.scan.bind(stalled);
    stalled.scan = async (from, to) => {
      paused();
      await sleep(1_500);
      return stalledScan(from, to);
    };
    const healthy = new RecordingScanner(connect());

    const zombie = poll(stalled, state, intake, { owner: 'zombie', leaseTtlMs: 200 });
    await insideScan;
    const successor = await poll(healthy, state, intake, { owner: 'successor', leaseWaitMs: 5_000 });
    const zombieReport = await zombie;

    expect(successor.outcome).toBe('completed');
    expect(zombieReport.outcome).toBe('lease-lost');
    for (const d of deposits) {
      const sightings = intake.ingested.filter((t) => t.txHash === d.hash);
      expect(sightings.length).toBeGreaterThanOrEqual(1);
      expect(sightings.length).toBeLessThanOrEqual(2);
    }
    expect([...intake.confirmed.values()].map((t) => t.txHash).sort()).toEqual(
      deposits.map((d) => d.hash).sort(),
    );
    const cursor = (await state.getCursor('BSC'))!;
    expect(covers([...stalled.scans, ...healthy.scans], start + 1, cursor)).toBe(true);
  });

  describe('reorgs before finality', () => {
    it('snapshot/revert: rescans the replaced blocks, confirm sees the new chain, the orphan fails and the replacement is credited', async () => {
      const state = await freshState();
      await state.advanceCursor('BSC', await finalizedNow(), new Date());
      const alice = freshAddress();
      const intake = new RecordingIntake();
      const scanner = new RecordingScanner(connect());
      const snapshot = await jsonRpc<string>(chain.node.rpcUrl, 'evm_snapshot');
      const orphanTx = await send(41n, alice);
      await poll(scanner, state, intake);
      const [orphan] = intake.ingested.filter((t) => t.txHash === orphanTx.hash);
      expect(orphan).toBeDefined();
      expect(intake.open.has(sightingKey(orphan!))).toBe(true);

      // The block holding the transfer is replaced by another chain at the same height.
      expect(await jsonRpc<boolean>(chain.node.rpcUrl, 'evm_revert', [snapshot])).toBe(true);
      const replacementTx = await send(42n, alice);
      expect(replacementTx.blockNumber).toBe(orphan!.blockNumber);
      await finalize();
      await poll(scanner, state, intake);

      const newHash = await blockHashAt(chain.node.rpcUrl, orphan!.blockNumber);
      expect(newHash).not.toBe(orphan!.blockHash);
      const lastConfirm = intake.confirms.at(-1)!;
      expect(await lastConfirm.scanner.canonicalBlockHash(orphan!.blockNumber)).toBe(newHash);
      expect(intake.failed.has(sightingKey(orphan!))).toBe(true);
      expect(intake.confirmed.has(transferKey(orphan!))).toBe(false);
      expect([...intake.confirmed.values()].map((t) => [t.txHash, t.amount])).toEqual([
        [replacementTx.hash, 42n],
      ]);
      expect(
        scanner.scans.filter(([a, b]) => a <= orphan!.blockNumber && orphan!.blockNumber <= b),
      ).toHaveLength(2);
    });

    it('anvil_reorg: the same transaction moved to another block is credited once, from its new block', async () => {
      const state = await freshState();
      await mineBlocks(chain.node.rpcUrl, 2);
      await state.advanceCursor('BSC', await finalizedNow(), new Date());
      const intake = new RecordingIntake();
      const scanner = connect();
      const moved = await send(51n);
      await poll(scanner, state, intake);
      const [before] = intake.ingested.filter((t) => t.txHash === moved.hash) as [ObservedTransfer];

      const raw = await jsonRpc<string>(chain.node.rpcUrl, 'eth_getRawTransactionByHash', [moved.hash]);
      await jsonRpc(chain.node.rpcUrl, 'anvil_reorg', [2, [[raw, 0]]]);
      await finalize();
      await poll(scanner, state, intake);

      const credited = intake.confirmed.get(transferKey(before));
      expect(credited).toMatchObject({
        txHash: moved.hash,
        blockNumber: before.blockNumber - 1,
        amount: 51n,
      });
      expect(credited!.blockHash).toBe(await blockHashAt(chain.node.rpcUrl, before.blockNumber - 1));
      expect(intake.failed.has(sightingKey(before))).toBe(true);
      expect(intake.confirmed.size).toBe(1);
    });
  });
});
