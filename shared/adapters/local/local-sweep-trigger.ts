import type { NetworkCode } from '../../config/networks';
import type { SweepTrigger } from '../../ports/sweeps';

/**
 * The local stack's SweepTrigger: runs the requested sweep in this process, in the background. One run
 * per (network, partner) at a time; a request while it runs queues exactly one more run after it (a
 * deposit credited meanwhile is not missed, and a withdrawal polling every few seconds does not pile
 * up runs).
 */
export class LocalSweepTrigger implements SweepTrigger {
  private readonly runs = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly run: (partnerId: string, network: NetworkCode) => Promise<unknown>,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  async requestSweep(partnerId: string, network: NetworkCode): Promise<void> {
    const key = `${network}#${partnerId}`;
    const current = this.runs.get(key);
    if (current) {
      current.again = true;
      return;
    }
    const state: { again: boolean; done: Promise<void> } = { again: true, done: Promise.resolve() };
    state.done = (async () => {
      try {
        while (state.again) {
          state.again = false;
          await this.run(partnerId, network).catch(this.onError);
        }
      } finally {
        this.runs.delete(key);
      }
    })();
    this.runs.set(key, state);
  }

  /** Resolves when no requested sweep is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.all([...this.runs.values()].map((r) => r.done));
  }
}
