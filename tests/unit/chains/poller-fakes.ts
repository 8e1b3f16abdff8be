import { getAddress } from 'ethers';
import type { NetworkCode } from '../../../shared/config/networks';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import type { CursorAdvance, LeaseOutcome, PollerStateStore } from '../../../shared/ports/poller-state';

/**
 * In-memory stand-ins for the poller's ports: a chain that can grow and reorganise below finality, a
 * scanner over it that records every range it was asked for and can be told to fail, and a state
 * store with the DynamoDB adapter's lease and cursor rules.
 */
let serial = 0;
const word = (prefix: string) => `0x${prefix}${(++serial).toString(16).padStart(64 - prefix.length, '0')}`;
export const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, '0')}`);

interface Block {
  readonly number: number;
  readonly hash: string;
  readonly transfers: readonly ObservedTransfer[];
}

export interface TransferSpec {
  readonly to: string;
  readonly amount: bigint;
}

export class FakeChain {
  private blocks: Block[] = [];

  constructor(
    readonly network: NetworkCode = 'BSC',
    readonly confirmations = 3,
  ) {
    this.blocks.push({ number: 0, hash: word('b'), transfers: [] });
  }

  get latest(): number {
    return this.blocks.length - 1;
  }

  get finalized(): number {
    return Math.max(0, this.latest - this.confirmations + 1);
  }

  block(n: number): Block | undefined {
    return this.blocks[n];
  }

  /** Mines one block holding these transfers; returns them as the chain reports them. */
  mine(specs: readonly TransferSpec[] = []): ObservedTransfer[] {
    const number = this.blocks.length;
    const hash = word('b');
    const transfers = specs.map((s, logIndex) => ({
      network: this.network,
      token: 'USDT' as const,
      tokenAddress: address(0xdac17),
      txHash: word('7'),
      logIndex,
      blockNumber: number,
      blockHash: hash,
      from: address(1),
      to: s.to,
      amount: s.amount,
    }));
    this.blocks.push({ number, hash, transfers });
    return transfers;
  }

  mineEmpty(count: number): void {
    for (let i = 0; i < count; i++) this.mine();
  }

  /** Replaces the last `depth` blocks (never a final one) with new blocks. */
  reorg(depth: number, replacement: readonly (readonly TransferSpec[])[] = []): void {
    if (depth >= this.confirmations) throw new Error(`a reorg of ${depth} would touch a final block`);
    this.blocks = this.blocks.slice(0, this.blocks.length - depth);
    for (let i = 0; i < Math.max(depth, replacement.length); i++) this.mine(replacement[i] ?? []);
  }

  /** Every transfer in the canonical chain up to `toBlock`. */
  canonicalTransfers(toBlock = this.latest): ObservedTransfer[] {
    return this.blocks.slice(0, toBlock + 1).flatMap((b) => b.transfers);
  }
}

type Method = 'head' | 'scan' | 'canonicalBlockHash';

export class FakeScanner implements TransferScanner {
  readonly scans: [number, number][] = [];
  calls = 0;
  /** Fault injection: consulted before every call; an error returned is thrown. */
  failWhen: ((method: Method, args: readonly number[]) => Error | undefined) | undefined;

  constructor(readonly chain: FakeChain) {}

  get network(): NetworkCode {
    return this.chain.network;
  }

  private call(method: Method, args: readonly number[] = []): void {
    this.calls += 1;
    const failure = this.failWhen?.(method, args);
    if (failure) throw failure;
  }

  async head(): Promise<ChainHeadInfo> {
    this.call('head');
    return { latest: this.chain.latest, finalized: this.chain.finalized };
  }

  async scan(fromBlock: number, toBlock: number): Promise<ObservedTransfer[]> {
    this.call('scan', [fromBlock, toBlock]);
    if (toBlock > this.chain.latest) throw new Error(`scan beyond head: ${toBlock} > ${this.chain.latest}`);
    this.scans.push([fromBlock, toBlock]);
    const found: ObservedTransfer[] = [];
    for (let n = fromBlock; n <= toBlock; n++) found.push(...(this.chain.block(n)?.transfers ?? []));
    return found;
  }

  async canonicalBlockHash(blockNumber: number): Promise<string | undefined> {
    this.call('canonicalBlockHash', [blockNumber]);
    return this.chain.block(blockNumber)?.hash;
  }

  async transfersInTransaction(txHash: string): Promise<ObservedTransfer[]> {
    return this.chain.canonicalTransfers().filter((t) => t.txHash === txHash);
  }

  /** Blocks covered by at least one scan. */
  scannedBlocks(): Set<number> {
    const covered = new Set<number>();
    for (const [from, to] of this.scans) for (let n = from; n <= to; n++) covered.add(n);
    return covered;
  }
}

/** The lease and cursor rules of DynamoPollerStateStore, in memory. */
export class MemoryPollerState implements PollerStateStore {
  lease: { owner: string; expiresAtMs: number } | undefined;
  cursor: number | undefined;
  readonly advances: number[] = [];
  failWhen: ((op: 'acquire' | 'renew' | 'cursor') => Error | undefined) | undefined;

  constructor(private readonly network: NetworkCode = 'BSC') {}

  async acquireLease(network: NetworkCode, owner: string, now: Date, ttlMs: number): Promise<LeaseOutcome> {
    const failure = this.failWhen?.('acquire');
    if (failure) throw failure;
    if (!this.lease || this.lease.expiresAtMs < now.getTime() || this.lease.owner === owner) {
      this.lease = { owner, expiresAtMs: now.getTime() + ttlMs };
      return { status: 'acquired', lease: { network, owner, expiresAt: new Date(this.lease.expiresAtMs) } };
    }
    return {
      status: 'held-by-another',
      holder: { network, owner: this.lease.owner, expiresAt: new Date(this.lease.expiresAtMs) },
    };
  }

  async renewLease(network: NetworkCode, owner: string, now: Date, ttlMs: number): Promise<LeaseOutcome> {
    const failure = this.failWhen?.('renew');
    if (failure) throw failure;
    if (this.lease?.owner !== owner) {
      return {
        status: 'held-by-another',
        holder: this.lease && {
          network,
          owner: this.lease.owner,
          expiresAt: new Date(this.lease.expiresAtMs),
        },
      };
    }
    this.lease = { owner, expiresAtMs: now.getTime() + ttlMs };
    return { status: 'acquired', lease: { network, owner, expiresAt: new Date(this.lease.expiresAtMs) } };
  }

  async releaseLease(_network: NetworkCode, owner: string): Promise<void> {
    if (this.lease?.owner === owner) this.lease = { owner, expiresAtMs: 0 };
  }

  async getCursor(network: NetworkCode): Promise<number | undefined> {
    if (network !== this.network) return undefined;
    return this.cursor;
  }

  async advanceCursor(_network: NetworkCode, block: number): Promise<CursorAdvance> {
    const failure = this.failWhen?.('cursor');
    if (failure) throw failure;
    if (this.cursor !== undefined && this.cursor >= block)
      return { advanced: false, lastProcessedBlock: this.cursor };
    this.cursor = block;
    this.advances.push(block);
    return { advanced: true, lastProcessedBlock: block };
  }
}

/** A clock that only moves when the poller sleeps; `onSleep` lets the chain grow meanwhile. */
export function fakeTime(start = Date.parse('2026-11-20T12:00:00.000Z')) {
  let now = start;
  const sleeps: number[] = [];
  let onSleep: (ms: number) => void = () => undefined;
  return {
    clock: { now: () => new Date(now) },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
      onSleep(ms);
    },
    advance: (ms: number) => (now += ms),
    sleeps,
    set onSleep(fn: (ms: number) => void) {
      onSleep = fn;
    },
  };
}
