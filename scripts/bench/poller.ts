import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Interface } from 'ethers';
import { EvmTransferScanner } from '../../shared/adapters/evm/evm-transfer-scanner';
import type { LogsMode } from '../../shared/adapters/evm/evm-transfer-scanner';
import type { RpcUsage } from '../../shared/adapters/evm/metered-json-rpc-provider';
import { runDepositPoller } from '../../shared/app/chains/run-deposit-poller';
import type { DepositPollerReport } from '../../shared/app/chains/run-deposit-poller';
import { LOCAL_CHAIN_IDS, LOCAL_FAUCET_INDEX, networkRegistry } from '../../shared/config/networks';
import type { NetworkCode, NetworkConfig } from '../../shared/config/networks';
import { systemClock } from '../../shared/ports/clock';
import type { ChainHeadInfo, DepositIntake, ObservedTransfer } from '../../shared/ports/evm-transfers';
import type { CursorAdvance, LeaseOutcome, PollerStateStore } from '../../shared/ports/poller-state';
import { startAnvil } from '../local/evm/anvil';
import type { AnvilNode } from '../local/evm/anvil';
import { compileTestStablecoin } from '../local/evm/compile-contracts';
import { deployLocalTokens } from '../local/evm/deploy-tokens';
import { jsonRpc } from '../local/evm/json-rpc';
import { createLocalProvider, localDevWallet, pendingNonce } from '../local/evm/local-accounts';
import { benchTronPoller } from './poller-tron';

/**
 * `npm run bench -- poller [--blocks 20000 --transfers 300 --latency-seconds 20]`
 *
 * 1. Cost: a local chain with `--transfers` token transfers spread over `--blocks` blocks; the poller
 *    catches up from block 0 while an intake matches recipients against 10, 10,000 and 1,000,000 known
 *    addresses (an in-memory Set standing in for the address index). Prints RPC calls per 1,000 blocks
 *    (they must not change with the number of addresses) and blocks scanned per second, for
 *    `eth_getLogs` and for the block-receipts fallback.
 * 2. Latency: a chain mining a block every second, transfers sent at random moments while the poller
 *    follows the head; prints the time from a block's appearance to the transfer reaching `ingest`
 *    (DETECTED), and to the first `confirm` call whose head counts the block final (where the intake
 *    credits it), for rounds every block time and every half block time.
 */
export async function benchPoller(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      blocks: { type: 'string', default: '20000' },
      transfers: { type: 'string', default: '300' },
      'latency-seconds': { type: 'string', default: '20' },
      network: { type: 'string', default: 'BSC' },
    },
  });
  // TRON: the same figures against the TRON node stand-in (scripts/bench/poller-tron.ts).
  if (values.network === 'TRON') return benchTronPoller(values);
  const blocks = Number(values.blocks);
  const transfers = Number(values.transfers);
  const latencySeconds = Number(values['latency-seconds']);
  const artifact = await compileTestStablecoin('.local/cache');

  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`\npoller benchmark — local anvil, ${transfers} token transfers over ${blocks} blocks`);

  // --- 1. RPC cost vs known addresses -----------------------------------------------------------------
  const costChain = await startChain(artifact);
  try {
    const recipients = await spreadTransfers(costChain, transfers, blocks);
    const head = Number(await jsonRpc<string>(costChain.node.rpcUrl, 'eth_blockNumber'));
    say(`chain ready: head ${head}\n`);
    say(
      'mode        known addresses   RPC calls / 1,000 blocks   HTTP requests / 1,000 blocks   blocks/s   transfers seen   matched',
    );
    for (const mode of ['getLogs', 'blockReceipts'] as LogsMode[]) {
      for (const known of mode === 'getLogs' ? [10, 10_000, 1_000_000] : [10, 1_000_000]) {
        const index = addressIndex(recipients, known);
        // Best of a few runs for the rate (a 20,000-block scan takes a fraction of a second); RPC counts
        // are identical run to run.
        let best = Number.POSITIVE_INFINITY;
        let report: DepositPollerReport | undefined;
        let usage: RpcUsage | undefined;
        let intake: MatchingIntake | undefined;
        for (let run = 0; run < (mode === 'getLogs' ? 3 : 1); run++) {
          const scanner = EvmTransferScanner.connect(costChain.config, {
            logsMode: mode,
            maxBlockRange: 2_000,
          });
          intake = new MatchingIntake(index);
          const started = performance.now();
          report = await catchUp(scanner, intake, mode === 'getLogs' ? 2_000 : 500);
          best = Math.min(best, (performance.now() - started) / 1_000);
          usage = scanner.meter!.snapshot();
          scanner.close();
        }
        if (!report || !usage || !intake) throw new Error('no run');
        const seconds = best;
        const per1k = (n: number) => ((n / report.blocksScanned) * 1_000).toFixed(2);
        const columns = [
          mode.padEnd(12) + known.toLocaleString('en-US').padStart(15),
          per1k(usage.calls).padStart(24),
          per1k(usage.httpRequests).padStart(28),
          Math.round(report.blocksScanned / seconds)
            .toLocaleString('en-US')
            .padStart(8),
          String(report.transfersSeen).padStart(14),
          String(intake.matched).padStart(7),
        ];
        say(columns.join('   '));
      }
    }
    say(
      '(calls include one head read per round; eth_getLogs asks for the token contracts only, never for recipients)',
    );
  } finally {
    await costChain.node.stop();
  }

  // --- 2. Detection latency on an interval-mined chain ----------------------------------------------
  for (const roundMs of [1_000, 500]) {
    const chain = await startChain(artifact, 1);
    try {
      const result = await measureLatency(chain, roundMs, latencySeconds);
      say(`\nlatency, 1 s blocks, poller round every ${roundMs} ms, ${result.samples} transfers:`);
      say(
        `  block appears → DETECTED (ingest)        p50 ${result.detected.p50} ms   p90 ${result.detected.p90} ms   max ${result.detected.max} ms`,
      );
      say(
        `  block appears → final in a confirm call  p50 ${result.final.p50} ms   p90 ${result.final.p90} ms   max ${result.final.max} ms  (3 confirmations)`,
      );
      say(`  RPC calls per round: ${(result.rpcCalls / result.rounds).toFixed(2)} (${result.rounds} rounds)`);
    } finally {
      await chain.node.stop();
    }
  }
}

interface BenchChain {
  readonly node: AnvilNode;
  readonly config: NetworkConfig;
  readonly usdt: string;
  readonly usdc: string;
}

async function startChain(
  artifact: Awaited<ReturnType<typeof compileTestStablecoin>>,
  blockTimeSeconds?: number,
): Promise<BenchChain> {
  const node = await startAnvil({
    port: 0,
    chainId: LOCAL_CHAIN_IDS.BSC,
    name: 'bench-poller',
    blockTimeSeconds,
  });
  const deployed = await deployLocalTokens({ rpcUrl: node.rpcUrl, network: 'BSC', artifact });
  return {
    node,
    config: { ...networkRegistry('local').BSC, rpcUrls: [node.rpcUrl] },
    usdt: deployed.USDT.address,
    usdc: deployed.USDC.address,
  };
}

const ERC20 = new Interface(['function transfer(address to, uint256 amount) returns (bool)']);

/** Sends `count` faucet transfers to fresh addresses with empty blocks in between, up to `blocks`. */
async function spreadTransfers(chain: BenchChain, count: number, blocks: number): Promise<string[]> {
  const provider = createLocalProvider(chain.node.rpcUrl, LOCAL_CHAIN_IDS.BSC);
  const faucet = localDevWallet(LOCAL_FAUCET_INDEX).connect(provider);
  const recipients: string[] = [];
  try {
    let nonce = await pendingNonce(provider, faucet.address);
    const gap = Math.max(0, Math.floor(blocks / count) - 1);
    for (let i = 0; i < count; i++) {
      const to = `0x${randomBytes(20).toString('hex')}`;
      recipients.push(to);
      await faucet.sendTransaction({
        to: i % 2 === 0 ? chain.usdt : chain.usdc,
        data: ERC20.encodeFunctionData('transfer', [to, BigInt(i + 1)]),
        nonce: nonce++,
        gasLimit: 100_000n,
      });
      if (gap > 0) await jsonRpc(chain.node.rpcUrl, 'anvil_mine', [`0x${gap.toString(16)}`]);
    }
    const head = Number(await jsonRpc<string>(chain.node.rpcUrl, 'eth_blockNumber'));
    if (head < blocks) await jsonRpc(chain.node.rpcUrl, 'anvil_mine', [`0x${(blocks - head).toString(16)}`]);
    return recipients;
  } finally {
    provider.destroy();
  }
}

/** `size` known addresses (lower-case hex), including the first recipients. */
function addressIndex(recipients: readonly string[], size: number): Set<string> {
  const index = new Set(recipients.slice(0, Math.min(size, recipients.length)));
  const bytes = randomBytes(20 * Math.max(0, size - index.size));
  for (let offset = 0; index.size < size; offset += 20)
    index.add(`0x${bytes.subarray(offset, offset + 20).toString('hex')}`);
  return index;
}

/** The address-index stand-in: matches recipients in bulk against a Set; confirmation is not measured here. */
export class MatchingIntake implements DepositIntake {
  matched = 0;
  constructor(
    private readonly index: ReadonlySet<string>,
    private readonly onDetected?: (t: ObservedTransfer) => void,
    private readonly onConfirm?: (head: ChainHeadInfo) => void,
  ) {}

  async ingest(_network: NetworkCode, transfers: readonly ObservedTransfer[]): Promise<{ detected: number }> {
    let detected = 0;
    for (const t of transfers) {
      if (!this.index.has(t.to.toLowerCase())) continue;
      detected += 1;
      this.matched += 1;
      this.onDetected?.(t);
    }
    return { detected };
  }

  async confirm(_network: NetworkCode, head: ChainHeadInfo): Promise<{ confirmed: number; failed: number }> {
    this.onConfirm?.(head);
    return { confirmed: 0, failed: 0 };
  }
}

export class MemoryPollerState implements PollerStateStore {
  private cursor: number | undefined;
  private lease: { owner: string; until: number } | undefined;

  async acquireLease(network: NetworkCode, owner: string, now: Date, ttlMs: number): Promise<LeaseOutcome> {
    if (this.lease && this.lease.owner !== owner && this.lease.until >= now.getTime()) {
      return {
        status: 'held-by-another',
        holder: { network, owner: this.lease.owner, expiresAt: new Date(this.lease.until) },
      };
    }
    this.lease = { owner, until: now.getTime() + ttlMs };
    return { status: 'acquired', lease: { network, owner, expiresAt: new Date(this.lease.until) } };
  }

  renewLease(network: NetworkCode, owner: string, now: Date, ttlMs: number): Promise<LeaseOutcome> {
    return this.acquireLease(network, owner, now, ttlMs);
  }

  async releaseLease(): Promise<void> {
    this.lease = undefined;
  }

  async getCursor(): Promise<number | undefined> {
    return this.cursor;
  }

  async advanceCursor(_network: NetworkCode, block: number): Promise<CursorAdvance> {
    this.cursor = Math.max(this.cursor ?? -1, block);
    return { advanced: this.cursor === block, lastProcessedBlock: this.cursor };
  }
}

const noSleep = async () => undefined;

/** One poller round over the whole chain from block 0. */
function catchUp(
  scanner: EvmTransferScanner,
  intake: DepositIntake,
  chunkBlocks: number,
): Promise<DepositPollerReport> {
  return runDepositPoller(
    {
      scanner,
      state: new MemoryPollerState(),
      intake,
      clock: systemClock,
      sleep: noSleep,
      rpcCalls: () => scanner.meter!.calls,
    },
    'BSC',
    {
      owner: 'bench',
      runForMs: 600_000,
      roundIntervalMs: 0,
      leaseTtlMs: 600_000,
      chunkBlocks,
      initialLookbackBlocks: 0,
      startBlock: 0,
      maxRounds: 1,
    },
  );
}

interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly max: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
  return { p50: at(0.5), p90: at(0.9), max: Math.round(sorted.at(-1) ?? NaN) };
}

async function measureLatency(chain: BenchChain, roundMs: number, seconds: number) {
  // When each block first became visible over RPC (polled every 10 ms): the inclusion moment.
  const firstSeen = new Map<number, number>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const n = Number(await jsonRpc<string>(chain.node.rpcUrl, 'eth_blockNumber'));
      for (let b = n; b >= 0 && !firstSeen.has(b); b--) firstSeen.set(b, performance.now());
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

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
  const scanner = EvmTransferScanner.connect(chain.config);
  const state = new MemoryPollerState();
  await state.advanceCursor('BSC', Number(await jsonRpc<string>(chain.node.rpcUrl, 'eth_blockNumber')));
  const polling = runDepositPoller(
    {
      scanner,
      state,
      intake,
      clock: systemClock,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      rpcCalls: () => scanner.meter!.calls,
    },
    'BSC',
    {
      owner: 'bench',
      runForMs: (seconds + 5) * 1_000,
      roundIntervalMs: roundMs,
      leaseTtlMs: 30_000,
      chunkBlocks: 2_000,
      initialLookbackBlocks: 0,
    },
  );

  // Transfers at random moments, not aligned with blocks or rounds.
  const provider = createLocalProvider(chain.node.rpcUrl, LOCAL_CHAIN_IDS.BSC);
  const faucet = localDevWallet(LOCAL_FAUCET_INDEX).connect(provider);
  let nonce = await pendingNonce(provider, faucet.address);
  const deadline = performance.now() + seconds * 1_000;
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 400 + Math.random() * 1_200));
    const to = `0x${randomBytes(20).toString('hex')}`;
    known.add(to);
    await faucet.sendTransaction({
      to: chain.usdt,
      data: ERC20.encodeFunctionData('transfer', [to, 1n]),
      nonce: nonce++,
      gasLimit: 100_000n,
    });
  }
  provider.destroy();
  const report = await polling;
  watching = false;
  await watcher;
  scanner.close();

  return latencySummary(detectedAt, firstSeen, finalAt, report);
}

/**
 * Block appearance → DETECTED and → final, per transfer, as percentiles (shared by the EVM and TRON
 * latency runs): `firstSeen` block → ms, `detectedAt` transfer → { ms, block }, `finalAt` block → ms.
 */
export function latencySummary(
  detectedAt: ReadonlyMap<string, { at: number; block: number }>,
  firstSeen: ReadonlyMap<number, number>,
  finalAt: ReadonlyMap<number, number>,
  report: { readonly rpcCalls?: number; readonly rounds: number },
) {
  const detected: number[] = [];
  const final: number[] = [];
  for (const { at, block } of detectedAt.values()) {
    const seen = firstSeen.get(block);
    if (seen === undefined) continue;
    detected.push(at - seen);
    const f = finalAt.get(block);
    if (f !== undefined) final.push(f - seen);
  }
  return {
    samples: detected.length,
    detected: percentiles(detected),
    final: percentiles(final),
    rpcCalls: report.rpcCalls ?? 0,
    rounds: report.rounds,
  };
}
