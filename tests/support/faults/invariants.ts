import { FaultLog } from './seeded';

/** What one scenario of the campaign found. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly seed: number;
  readonly faults: FaultLog;
  readonly violations: readonly string[];
  /** Money the gateway lost (owes but does not hold, or paid out twice), in minor units of any asset. */
  readonly lost: bigint;
  /** Money that appeared twice (credited twice, held but not owed). */
  readonly doubled: bigint;
  /** What the scenario exercised, by name (e.g. MASTER gas top-ups), to show the faults met that path. */
  readonly exercised: ReadonlyMap<string, number>;
}

/** The invariant breaches of one scenario, each with the seed that reproduces it. */
export class Violations {
  private readonly found: string[] = [];
  private lost = 0n;
  private doubled = 0n;
  private readonly exercised = new Map<string, number>();

  constructor(
    readonly seed: number,
    readonly scenario: string,
  ) {}

  add(message: string): void {
    this.found.push(`[${this.scenario} FAULT_SEED=${this.seed}] ${message}`);
  }

  /**
   * A money breach. `delta` is what there is minus what there should be, seen from the books: > 0 is
   * money doubled (credited or owed twice), < 0 money lost (paid out twice, missing from the chain).
   */
  money(delta: bigint, message: string): void {
    if (delta > 0n) this.doubled += delta;
    else this.lost -= delta;
    this.add(message);
  }

  /** Counts what the scenario exercised (not a fault, not a breach). */
  saw(what: string, n = 1): void {
    this.exercised.set(what, (this.exercised.get(what) ?? 0) + n);
  }

  result(faults: FaultLog): ScenarioResult {
    return {
      scenario: this.scenario,
      seed: this.seed,
      faults,
      violations: [...this.found],
      lost: this.lost,
      doubled: this.doubled,
      exercised: new Map(this.exercised),
    };
  }
}

/** The campaign's figures over many scenarios. */
export class CampaignTotals {
  readonly faults = new FaultLog();
  scenarios = 0;
  readonly violations: string[] = [];
  lost = 0n;
  doubled = 0n;
  readonly exercised = new Map<string, number>();

  add(r: ScenarioResult): void {
    this.scenarios++;
    this.faults.merge(r.faults);
    for (const [k, n] of r.exercised) this.exercised.set(k, (this.exercised.get(k) ?? 0) + n);
    this.violations.push(...r.violations);
    this.lost += r.lost;
    this.doubled += r.doubled;
  }

  report(): string {
    return [
      `scenarios: ${this.scenarios}`,
      `faults injected: ${this.faults.total}`,
      ...[...this.faults.summary().split(' ')].filter(Boolean).map((s) => `  ${s.replace('=', ': ')}`),
      ...(this.exercised.size ? ['exercised:'] : []),
      ...[...this.exercised].map(([k, n]) => `  ${k}: ${n}`),
      `invariant violations: ${this.violations.length}`,
      ...this.violations.map((v) => `  ${v}`),
      `money lost: ${this.lost}`,
      `money doubled: ${this.doubled}`,
    ].join('\n');
  }
}
