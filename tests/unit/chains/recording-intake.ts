import type { NetworkCode } from '../../../shared/config/networks';
import type {
  ChainHeadInfo,
  DepositIntake,
  ObservedTransfer,
  TransferScanner,
} from '../../../shared/ports/evm-transfers';

/**
 * A DepositIntake that records what the poller hands it and behaves like the real one where the poller's
 * correctness shows: idempotent per (tx, log, block hash), and at confirmation time a transfer whose
 * block is final is confirmed if its block is still canonical and failed otherwise (reorged out).
 * Shared by the unit and integration tests of the poller and by the poller benchmark.
 */
export interface IngestCall {
  readonly network: NetworkCode;
  readonly transfers: readonly ObservedTransfer[];
  readonly head: ChainHeadInfo;
}

export interface ConfirmCall {
  readonly network: NetworkCode;
  readonly head: ChainHeadInfo;
  readonly scanner: TransferScanner;
}

export const sightingKey = (t: ObservedTransfer) => `${t.txHash}:${t.logIndex}:${t.blockHash}`;
export const transferKey = (t: ObservedTransfer) => `${t.txHash}:${t.logIndex}`;

export class RecordingIntake implements DepositIntake {
  readonly ingests: IngestCall[] = [];
  readonly confirms: ConfirmCall[] = [];
  /** Sightings not yet final, by sighting key. */
  readonly open = new Map<string, ObservedTransfer>();
  /** Credited once, by transfer key. */
  readonly confirmed = new Map<string, ObservedTransfer>();
  /** Sightings whose block was replaced before it became final. */
  readonly failed = new Map<string, ObservedTransfer>();
  /** Fault injection: throw instead of ingesting while this returns an error. */
  failIngest: (() => Error | undefined) | undefined;

  constructor(
    private readonly options: {
      /** Only transfers this accepts become deposits (the address index stand-in). */
      readonly matches?: (t: ObservedTransfer) => boolean;
      readonly onDetected?: (t: ObservedTransfer) => void;
      readonly onConfirmCall?: (call: ConfirmCall) => void;
    } = {},
  ) {}

  /** Every transfer handed to ingest, in order, duplicates included. */
  get ingested(): ObservedTransfer[] {
    return this.ingests.flatMap((c) => c.transfers);
  }

  async ingest(
    network: NetworkCode,
    transfers: readonly ObservedTransfer[],
    head: ChainHeadInfo,
  ): Promise<{ detected: number }> {
    const failure = this.failIngest?.();
    if (failure) throw failure;
    this.ingests.push({ network, transfers: [...transfers], head });
    let detected = 0;
    for (const t of transfers) {
      if (this.options.matches && !this.options.matches(t)) continue;
      const key = sightingKey(t);
      if (this.open.has(key) || this.failed.has(key) || this.confirmed.has(transferKey(t))) continue;
      this.open.set(key, t);
      detected += 1;
      this.options.onDetected?.(t);
    }
    return { detected };
  }

  async confirm(
    network: NetworkCode,
    head: ChainHeadInfo,
    scanner: TransferScanner,
  ): Promise<{ confirmed: number; failed: number }> {
    const call = { network, head, scanner };
    this.confirms.push(call);
    this.options.onConfirmCall?.(call);
    let confirmed = 0;
    let failed = 0;
    for (const [key, t] of [...this.open]) {
      if (t.blockNumber > head.finalized) continue;
      const canonical = await scanner.canonicalBlockHash(t.blockNumber);
      this.open.delete(key);
      if (canonical === t.blockHash && !this.confirmed.has(transferKey(t))) {
        this.confirmed.set(transferKey(t), t);
        confirmed += 1;
      } else if (canonical !== t.blockHash) {
        this.failed.set(key, t);
        failed += 1;
      }
    }
    return { confirmed, failed };
  }
}
