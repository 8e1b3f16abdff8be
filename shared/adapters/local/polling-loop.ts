/**
 * The local stand-ins' worker loop (SQS poller, stream poller): run `step`, wait, run it again, until
 * stopped; a failed step is reported and the loop goes on. `stop` waits for the step in flight.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly step: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError?: (e: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.step()
        .catch((e: unknown) => this.onError?.(e))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
