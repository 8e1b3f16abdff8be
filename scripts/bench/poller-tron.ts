import { randomBytes } from 'node:crypto';
import { TronWeb } from 'tronweb';
import { TronTransferScanner } from '../../shared/adapters/tron/tron-transfer-scanner';
import { runDepositPoller } from '../../shared/app/chains/run-deposit-poller';
import type { DepositPollerReport } from '../../shared/app/chains/run-deposit-poller';
import { networkRegistry } from '../../shared/config/networks';
import type { NetworkConfig } from '../../shared/config/networks';
import { systemClock } from '../../shared/ports/clock';
import { LOCAL_TRON_FAUCET, startLocalTron } from '../local/tron/local-tron';
import type { LocalTron } from '../local/tron/local-tron';
import { latencySummary, MatchingIntake, MemoryPollerState } from './poller';

/**
 * `npm run bench -- poller --network TRON [--blocks 20000 --transfers 300 --latency-seconds 20]`
 *
 * The EVM poller benchmark's figures on the TRON node stand-in (in-process, real tronweb signing):
 * 1. Cost: `--transfers` USDT transfers spread over `--blocks` blocks, caught up from block 0 while the
 *    intake matches recipients against 10, 10,000 and 1,000,000 known addresses. TRON has no
 *    `eth_getLogs`: one `/wallet/getblockbylimitnext` per 100 blocks plus one
 *    `/wallet/gettransactioninfobyblocknum` per block holding a contract call.
 * 2. Latency: a block a second, transfers at random moments while the poller follows the head; block
 *    appearance → DETECTED, and → the first confirm call whose head has the block solidified (19 deep).
 */
export async function benchTronPoller(values: {
  blocks?: string;
  transfers?: string;
  'latency-seconds'?: string;
}): Promise<void> {
  const blocks = Number(values.blocks ?? 20_000);
  const transfers = Number(values.transfers ?? 300);
  const latencySeconds = Number(values['latency-seconds'] ?? 20);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`\npoller benchmark — TRON node stand-in, ${transfers} USDT transfers over ${blocks} blocks`);

  // --- 1. Requests vs known addresses ---------------------------------------------------------------
  const node = await startLocalTron({ blockTimeMs: 0 });
  try {
    const recipients = await spreadTransfers(node, transfers, blocks);
    say(`chain ready: head ${node.chain.head.number}\n`);
    say(
      'mode            known addresses   RPC calls / 1,000 blocks   HTTP requests / 1,000 blocks   blocks/s   transfers seen   matched',
    );
    for (const known of [10, 10_000, 1_000_000]) {
      const index = addressIndex(recipients, known);
      let best = Number.POSITIVE_INFINITY;
      let report: DepositPollerReport | undefined;
      let calls = 0;
      let intake: MatchingIntake | undefined;
      for (let run = 0; run < 3; run++) {
        const scanner = TronTransferScanner.connect(configFor(node));
        intake = new MatchingIntake(index);
        const started = performance.now();
        report = await catchUp(scanner, intake);
        best = Math.min(best, (performance.now() - started) / 1_000);
        calls = scanner.meter!.calls;
      }
      if (!report || !intake) throw new Error('no run');
      const per1k = (n: number) => ((n / report.blocksScanned) * 1_000).toFixed(2);
      say(
        [
          'blocks+infos'.padEnd(16) + known.toLocaleString('en-US').padStart(15),
          per1k(calls).padStart(24),
          per1k(calls).padStart(28),
          Math.round(report.blocksScanned / best)
            .toLocaleString('en-US')
            .padStart(8),
          String(report.transfersSeen).padStart(14),
          String(intake.matched).padStart(7),
        ].join('   '),
      );
    }
    say(
      '(one HTTP request per call; calls include the head and solidified reads of the round; never a recipient filter)',
    );
  } finally {
    await node.stop();
  }

  // --- 2. Detection and finality latency on 1 s blocks ----------------------------------------------
  for (const roundMs of [1_000, 500]) {
    const live = await startLocalTron({ blockTimeMs: 1_000 });
    try {
      const result = await measureLatency(live, roundMs, latencySeconds);
      say(`\nlatency, 1 s blocks, poller round every ${roundMs} ms, ${result.samples} transfers:`);
      say(
        `  block appears → DETECTED (ingest)        p50 ${result.detected.p50} ms   p90 ${result.detected.p90} ms   max ${result.detected.max} ms`,
      );
      say(
        `  block appears → final in a confirm call  p50 ${result.final.p50} ms   p90 ${result.final.p90} ms   max ${result.final.max} ms  (solidified, 19 blocks)`,
      );
      say(`  RPC calls per round: ${(result.rpcCalls / result.rounds).toFixed(2)} (${result.rounds} rounds)`);
    } finally {
      await live.stop();
    }
  }
}

function configFor(node: LocalTron): NetworkConfig {
  return { ...networkRegistry('local').TRON, rpcUrls: [node.url] };
}

const tw = new TronWeb({ fullHost: 'http://127.0.0.1:1' });

async function sendUsdt(node: LocalTron, to: string, amount: bigint): Promise<void> {
  const head = node.chain.head;
  const { transaction } = await tw.transactionBuilder.triggerSmartContract(
    node.tokens.USDT,
    'transfer(address,uint256)',
    {
      feeLimit: 100_000_000,
      txLocal: true,
      blockHeader: {
        ref_block_bytes: (head.number & 0xffff).toString(16).padStart(4, '0'),
        ref_block_hash: head.blockID.slice(16, 32),
        expiration: head.timestamp + 60_000,
        timestamp: head.timestamp,
      },
    } as never,
    [
      { type: 'address', value: to },
      { type: 'uint256', value: amount.toString() },
    ],
    LOCAL_TRON_FAUCET.address,
  );
  node.chain.broadcast((await tw.trx.sign(transaction as never, LOCAL_TRON_FAUCET.privateKey)) as never);
}

function randomTronAddress(): string {
  return TronWeb.address.fromHex(`41${randomBytes(20).toString('hex')}`) as string;
}

/** `count` faucet transfers to fresh addresses, empty blocks in between, up to `blocks`. */
async function spreadTransfers(node: LocalTron, count: number, blocks: number): Promise<string[]> {
  const recipients: string[] = [];
  const gap = Math.max(0, Math.floor(blocks / count) - 1);
  for (let i = 0; i < count; i++) {
    const to = randomTronAddress();
    recipients.push(to);
    await sendUsdt(node, to, BigInt(i + 1));
    node.mine(1 + gap);
  }
  if (node.chain.head.number < blocks) node.mine(blocks - node.chain.head.number);
  return recipients;
}

/** `size` known addresses (lower-cased, as the address index keys them), including the first recipients. */
function addressIndex(recipients: readonly string[], size: number): Set<string> {
  const index = new Set(recipients.slice(0, Math.min(size, recipients.length)).map((a) => a.toLowerCase()));
  while (index.size < size) index.add(`t${randomBytes(17).toString('hex')}`.slice(0, 34));
  return index;
}

function catchUp(scanner: TronTransferScanner, intake: MatchingIntake): Promise<DepositPollerReport> {
  return runDepositPoller(
    {
      scanner,
      state: new MemoryPollerState(),
      intake,
      clock: systemClock,
      sleep: async () => undefined,
      rpcCalls: () => scanner.meter!.calls,
    },
    'TRON',
    {
      owner: 'bench',
      runForMs: 600_000,
      roundIntervalMs: 0,
      leaseTtlMs: 600_000,
      chunkBlocks: 2_000,
      initialLookbackBlocks: 0,
      startBlock: 0,
      maxRounds: 1,
    },
  );
}

async function measureLatency(node: LocalTron, roundMs: number, seconds: number) {
  const firstSeen = new Map<number, number>();
  node.chain.onChange(() => {
    for (let b = node.chain.head.number; b >= 0 && !firstSeen.has(b); b--)
      firstSeen.set(b, performance.now());
  });
  const detectedAt = new Map<string, { at: number; block: number }>();
  const finalAt = new Map<number, number>();
  let finalizedSeen = -1;
  const known = new Set<string>();
  const intake = new MatchingIntake(
    known,
    (t) => {
      if (!detectedAt.has(t.txHash))
        detectedAt.set(t.txHash, { at: performance.now(), block: t.blockNumber });
    },
    (head) => {
      for (let b = finalizedSeen + 1; b <= head.finalized; b++) finalAt.set(b, performance.now());
      finalizedSeen = Math.max(finalizedSeen, head.finalized);
    },
  );
  const scanner = TronTransferScanner.connect(configFor(node));
  const state = new MemoryPollerState();
  await state.advanceCursor('TRON', node.chain.head.number);
  const solidifyMs = (node.chain.params.solidityDepth + 2) * 1_000;
  const polling = runDepositPoller(
    {
      scanner,
      state,
      intake,
      clock: systemClock,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      rpcCalls: () => scanner.meter!.calls,
    },
    'TRON',
    {
      owner: 'bench',
      runForMs: seconds * 1_000 + solidifyMs,
      roundIntervalMs: roundMs,
      leaseTtlMs: 60_000,
      chunkBlocks: 2_000,
      initialLookbackBlocks: 0,
    },
  );
  const deadline = performance.now() + seconds * 1_000;
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 400 + Math.random() * 1_200));
    const to = randomTronAddress();
    known.add(to.toLowerCase());
    await sendUsdt(node, to, 1n);
  }
  const report = await polling;
  return latencySummary(detectedAt, firstSeen, finalAt, report);
}
