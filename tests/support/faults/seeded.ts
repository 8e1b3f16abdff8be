/**
 * Seeded chance for the fault campaign: one generator per scenario, so a failing scenario reproduces
 * from its seed (FAULT_SEED), and a log of every fault injected, by kind.
 */
export const FAULT_KINDS = [
  'rpc-429',
  'rpc-5xx',
  'rpc-timeout',
  'rpc-lagging-head',
  'rpc-empty-logs',
  'rpc-drop-before-send',
  'rpc-drop-after-broadcast',
  'dynamo-throttle',
  'dynamo-throttle-exhausted',
  'dynamo-transaction-conflict',
  'dynamo-lost-answer',
  'crash',
  'duplicate-invocation',
  'duplicate-request',
  'sqs-duplicate-delivery',
  'sqs-out-of-order',
  'kms-throttle',
  'kms-error',
  'energy-timeout',
  'energy-phantom-order',
  'evm-reorg-before-finality',
  'evm-reorg-after-finality',
  'tron-fork',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export class FaultLog {
  readonly counts = new Map<FaultKind, number>();

  add(kind: FaultKind, n = 1): void {
    if (n <= 0) return;
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }

  get total(): number {
    let t = 0;
    for (const n of this.counts.values()) t += n;
    return t;
  }

  merge(other: FaultLog): void {
    for (const [k, n] of other.counts) this.add(k, n);
  }

  /** `kind=count` for every kind seen, in declaration order. */
  summary(): string {
    return FAULT_KINDS.filter((k) => this.counts.has(k))
      .map((k) => `${k}=${this.counts.get(k)}`)
      .join(' ');
  }
}

/** mulberry32: a small, fast, well-spread 32-bit generator; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The dice a scenario throws: off while the scenario sets up and heals, on while faults may strike.
 * Every fault it lets through is logged by kind.
 */
export class FaultDice {
  enabled = false;
  readonly log = new FaultLog();
  private readonly random: () => number;

  constructor(readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** A number in [0, 1) — drawn whether or not faults are on, so the sequence does not depend on timing of the switch. */
  next(): number {
    return this.random();
  }

  /** True with chance `p` while enabled; logs `kind` when it strikes. */
  strike(kind: FaultKind, p: number): boolean {
    if (!this.enabled) return false;
    if (this.random() >= p) return false;
    this.log.add(kind);
    return true;
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Runs `fn` with faults on, and turns them off afterwards whatever happens. */
  async during<T>(fn: () => Promise<T>): Promise<T> {
    this.enabled = true;
    try {
      return await fn();
    } finally {
      this.enabled = false;
    }
  }
}

/** The seeds a run covers: FAULT_SEED alone when set (to reproduce one failure), else `count` from `first`. */
export function campaignSeeds(first: number, count: number): number[] {
  if (count <= 0) return [];
  const fixed = process.env['FAULT_SEED'];
  if (fixed) return [Number(fixed)];
  return Array.from({ length: count }, (_, i) => first + i);
}
