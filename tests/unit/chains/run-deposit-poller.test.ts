import fc from 'fast-check';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import type { DepositPollerOptions } from '../../../shared/app/chains/run-deposit-poller';
import { FakeChain, FakeScanner, MemoryPollerState, address, fakeTime } from './poller-fakes';
import { RecordingIntake, sightingKey, transferKey } from './recording-intake';

const OPTIONS: DepositPollerOptions = {
  owner: 'poller-1',
  runForMs: 10_000,
  roundIntervalMs: 1_000,
  leaseTtlMs: 30_000,
  chunkBlocks: 100,
  initialLookbackBlocks: 10,
  errorBackoffMs: 1_000,
  maxBackoffMs: 8_000,
};

/** A chain at height `height` with confirmations 3 (the local policy), one block mined per second slept. */
function world(height = 50, options: { blocksPerSecond?: number } = {}) {
  const chain = new FakeChain('BSC', 3);
  chain.mineEmpty(height);
  const scanner = new FakeScanner(chain);
  const state = new MemoryPollerState('BSC');
  const intake = new RecordingIntake();
  const time = fakeTime();
  time.onSleep = (ms) => chain.mineEmpty(Math.floor((ms / 1_000) * (options.blocksPerSecond ?? 1)));
  const run = (overrides: Partial<DepositPollerOptions> = {}) =>
    runDepositPoller(
      { scanner, state, intake, clock: time.clock, sleep: time.sleep, rpcCalls: () => scanner.calls },
      'BSC',
      { ...OPTIONS, ...overrides },
    );
  return { chain, scanner, state, intake, time, run };
}

describe('runDepositPoller', () => {
  describe('following the head', () => {
    it('runs a round per block time until just before the next invocation, then releases the lease', async () => {
      const { chain, state, time, run } = world();
      state.cursor = 40;

      const report = await run();

      expect(report.outcome).toBe('completed');
      expect(report.rounds).toBe(10);
      expect(time.sleeps).toEqual(Array(9).fill(1_000));
      expect(report.cursorBefore).toBe(40);
      expect(report.cursorAfter).toBe(state.cursor);
      // The last round saw the chain one block before the final sleep-less stop.
      expect(state.cursor).toBe(chain.finalized);
      expect(state.lease).toEqual({ owner: 'poller-1', expiresAtMs: 0 });
      expect(report.rpcCalls).toBeGreaterThan(0);
    });

    it('hands each transfer to the intake when it is mined and rescans it every round until it is final', async () => {
      const { chain, state, intake, time, run } = world();
      state.cursor = 48;
      const sent: ReturnType<FakeChain['mine']> = [];
      time.onSleep = () => sent.push(...chain.mine([{ to: address(0xa1), amount: 5n }]));

      await run();

      const finalSent = sent.filter((t) => t.blockNumber <= state.cursor!);
      expect(finalSent.length).toBeGreaterThan(5);
      for (const t of finalSent) {
        const sightings = intake.ingested.filter((i) => sightingKey(i) === sightingKey(t));
        // Seen while latest was b, b+1 and b+2: exactly `confirmations` times, then never again.
        expect(sightings).toHaveLength(3);
        expect(intake.confirmed.get(transferKey(t))).toEqual(t);
      }
    });

    it('never moves the cursor past the finalized block of the head it read', async () => {
      const { chain, state, run } = world();
      state.cursor = 0;
      await run({ chunkBlocks: 7 });
      expect(state.advances.every((b, i, all) => i === 0 || b > all[i - 1]!)).toBe(true);
      expect(state.cursor).toBeLessThanOrEqual(chain.finalized);
    });

    it('starts a network without a cursor at finalized minus the lookback, or at the configured start block', async () => {
      const a = world(100);
      await a.run({ maxRounds: 1, initialLookbackBlocks: 10 });
      expect(a.scanner.scans[0]).toEqual([a.chain.finalized - 10, 100]);

      const b = world(100);
      await b.run({ maxRounds: 1, startBlock: 7 });
      expect(b.scanner.scans[0]).toEqual([7, 100]);
      expect(b.state.cursor).toBe(98);
    });
  });

  describe('faults', () => {
    it('resumes after a failed scan exactly where coverage ended', async () => {
      const { chain, scanner, state, run } = world(100, { blocksPerSecond: 0 });
      state.cursor = 0;
      let failures = 1;
      scanner.failWhen = (method, args) =>
        method === 'scan' && args[0] === 31 && failures-- > 0 ? new Error('socket hang up') : undefined;

      const report = await run({ chunkBlocks: 10, maxRounds: 2 });

      expect(scanner.scans.map(([from]) => from)).toEqual([1, 11, 21, 31, 41, 51, 61, 71, 81, 91]);
      expect(state.advances).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, chain.finalized]);
      expect(report.failedRounds).toBe(1);
      expect(report.lastError).toMatch(/scan: socket hang up/);
    });

    it('backs off exponentially while the node keeps failing, then catches up', async () => {
      const { scanner, state, intake, time, chain, run } = world(50);
      state.cursor = 45;
      let failures = 5;
      scanner.failWhen = (method) =>
        method === 'head' && failures-- > 0 ? new Error('503 Service Unavailable') : undefined;
      time.onSleep = (ms) => chain.mine([{ to: address(0xb2), amount: BigInt(ms) }]);

      const report = await run({ runForMs: 60_000, maxRounds: 9 });

      expect(time.sleeps.slice(0, 5)).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
      expect(report.failedRounds).toBe(5);
      // Nothing mined during the outage was lost.
      const missed = chain
        .canonicalTransfers(state.cursor)
        .filter((t) => !intake.confirmed.has(transferKey(t)));
      expect(missed).toEqual([]);
      expect(state.cursor).toBe(chain.finalized);
      expect(intake.confirmed.size).toBeGreaterThan(5);
    });

    it('keeps the cursor before transfers the intake failed to take', async () => {
      const { chain, state, intake, run } = world(20, { blocksPerSecond: 0 });
      state.cursor = 10;
      const sent = chain.mine([{ to: address(0xc3), amount: 1n }]);
      chain.mineEmpty(5);
      let failures = 1;
      intake.failIngest = () => (failures-- > 0 ? new Error('intake unavailable') : undefined);

      await run({ maxRounds: 2 });

      expect(state.advances).toEqual([chain.finalized]);
      expect(intake.confirmed.get(transferKey(sent[0]!))).toEqual(sent[0]);
    });

    it('still confirms open deposits in a round whose scan failed', async () => {
      const { scanner, intake, state, run } = world(30, { blocksPerSecond: 0 });
      state.cursor = 10;
      scanner.failWhen = (method) => (method === 'scan' ? new Error('getLogs down') : undefined);
      await run({ maxRounds: 2 });
      expect(intake.confirms).toHaveLength(2);
      expect(state.cursor).toBe(10);
    });
  });

  describe('one poller per network', () => {
    it('returns quietly when another poller holds the lease', async () => {
      const { scanner, state, intake, time, run } = world();
      state.lease = { owner: 'poller-0', expiresAtMs: time.clock.now().getTime() + 20_000 };

      const report = await run({ leaseWaitMs: 3_000 });

      expect(report).toMatchObject({ outcome: 'lease-held', rounds: 0, holder: 'poller-0' });
      expect(scanner.calls).toBe(0);
      expect(intake.ingests).toHaveLength(0);
      expect(state.lease.owner).toBe('poller-0');
    });

    it('waits for a lease the previous invocation is about to release', async () => {
      const { state, time, run } = world();
      state.lease = { owner: 'poller-0', expiresAtMs: time.clock.now().getTime() + 20_000 };
      let sleeps = 0;
      time.onSleep = () => {
        if (++sleeps === 2) void state.releaseLease('BSC', 'poller-0');
      };

      const report = await run({ leaseWaitMs: 5_000, maxRounds: 1 });

      expect(report.outcome).toBe('completed');
      expect(report.rounds).toBe(1);
    });

    it('takes over an expired lease', async () => {
      const { state, time, run } = world();
      state.lease = { owner: 'crashed', expiresAtMs: time.clock.now().getTime() - 1 };
      expect((await run({ maxRounds: 1 })).outcome).toBe('completed');
    });

    it('stops at once, without releasing, when its lease was taken over', async () => {
      const { state, time, run } = world();
      state.cursor = 45;
      let sleeps = 0;
      time.onSleep = () => {
        if (++sleeps === 3)
          state.lease = { owner: 'poller-2', expiresAtMs: time.clock.now().getTime() + 30_000 };
      };

      const report = await run();

      expect(report.outcome).toBe('lease-lost');
      expect(report.rounds).toBe(4);
      expect(state.lease?.owner).toBe('poller-2');
    });
  });

  describe('long catch-up', () => {
    it('stops scanning at the deadline, keeping the progress of every finished chunk', async () => {
      const { scanner, state, intake, time, run } = world(10_000, { blocksPerSecond: 0 });
      state.cursor = 0;
      const inner = scanner.scan.bind(scanner);
      scanner.scan = async (from, to) => {
        time.advance(1_000);
        return inner(from, to);
      };

      const report = await run({ runForMs: 5_000, chunkBlocks: 100 });

      expect(report.rounds).toBe(1);
      expect(state.cursor).toBe(500);
      expect(intake.confirms).toHaveLength(1);
    });
  });

  describe('reorgs below finality', () => {
    it('rescans the replaced blocks: the orphaned transfer fails at confirmation, its replacement is confirmed', async () => {
      const { chain, state, intake, scanner, run } = world(50, { blocksPerSecond: 0 });
      state.cursor = 48;
      const [orphan] = chain.mine([{ to: address(0xd4), amount: 100n }]);
      await run({ maxRounds: 1 });
      expect(intake.open.has(sightingKey(orphan!))).toBe(true);

      chain.reorg(2, [[], [{ to: address(0xd4), amount: 100n }]]);
      const replacement = chain.canonicalTransfers().at(-1)!;
      chain.mineEmpty(3);
      await run({ maxRounds: 1 });

      const lastConfirm = intake.confirms.at(-1)!;
      expect(await lastConfirm.scanner.canonicalBlockHash(orphan!.blockNumber)).not.toBe(orphan!.blockHash);
      expect(intake.failed.has(sightingKey(orphan!))).toBe(true);
      expect(intake.confirmed.get(transferKey(replacement))).toEqual(replacement);
      expect(intake.confirmed.has(transferKey(orphan!))).toBe(false);
      expect(scanner.scannedBlocks().has(orphan!.blockNumber)).toBe(true);
    });
  });

  describe('coverage under arbitrary growth, reorgs and faults (property)', () => {
    const step = fc.record({
      blocks: fc.array(fc.array(fc.bigInt({ min: 1n, max: 9n }), { maxLength: 2 }), { maxLength: 3 }),
      reorgDepth: fc.constantFrom(0, 0, 0, 1, 2),
      scanFails: fc.boolean(),
      headFails: fc.constantFrom(false, false, false, true),
      ingestFails: fc.constantFrom(false, false, false, true),
    });

    it('credits every final canonical transfer exactly once, nothing orphaned, and scans every block up to the cursor', async () => {
      const seen = { confirmed: 0, orphaned: 0, failedRounds: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { minLength: 1, maxLength: 40 }),
          fc.integer({ min: 1, max: 12 }),
          async (steps, chunkBlocks) => {
            const { chain, scanner, state, intake, time, run } = world(20, { blocksPerSecond: 0 });
            let i = 0;
            let current = steps[0]!;
            const recipient = address(0xe5);
            time.onSleep = () => {
              current = steps[i++ % steps.length]!;
              if (i > steps.length)
                current = {
                  blocks: [[]],
                  reorgDepth: 0,
                  scanFails: false,
                  headFails: false,
                  ingestFails: false,
                };
              if (current.reorgDepth > 0)
                chain.reorg(
                  current.reorgDepth,
                  current.blocks.map((b) => b.map((amount) => ({ to: recipient, amount }))),
                );
              else for (const b of current.blocks) chain.mine(b.map((amount) => ({ to: recipient, amount })));
            };
            let scanCalls = 0;
            scanner.failWhen = (method) => {
              if (method === 'head' && current.headFails) return new Error('head failed');
              if (method === 'scan' && current.scanFails && scanCalls++ % 2 === 0)
                return new Error('getLogs failed');
              return undefined;
            };
            intake.failIngest = () => (current.ingestFails ? new Error('intake failed') : undefined);

            seen.failedRounds += (
              await run({ runForMs: 60_000, chunkBlocks, maxBackoffMs: 1_000 })
            ).failedRounds;
            // A later, quiet invocation after the chain moved on: everything still open must settle.
            scanner.failWhen = undefined;
            intake.failIngest = undefined;
            time.onSleep = () => chain.mine();
            chain.mineEmpty(3);
            await run({ owner: 'poller-2', runForMs: 5_000, chunkBlocks });

            const cursor = state.cursor!;
            expect(cursor).toBeLessThanOrEqual(chain.finalized);
            const scanned = scanner.scannedBlocks();
            const firstScanned = Math.min(...scanned);
            for (let n = firstScanned; n <= cursor; n++) expect(scanned.has(n)).toBe(true);
            const canonical = chain.canonicalTransfers(cursor).filter((t) => t.blockNumber >= firstScanned);
            expect([...intake.confirmed.keys()].sort()).toEqual(canonical.map(transferKey).sort());
            for (const t of intake.confirmed.values())
              expect(chain.block(t.blockNumber)?.hash).toBe(t.blockHash);
            seen.confirmed += intake.confirmed.size;
            seen.orphaned += intake.failed.size;
          },
        ),
        { numRuns: 150 },
      );
      // The generated histories did exercise credits, reorged-out sightings and failing rounds.
      expect(seen.confirmed).toBeGreaterThan(0);
      expect(seen.orphaned).toBeGreaterThan(0);
      expect(seen.failedRounds).toBeGreaterThan(0);
    });
  });
});
