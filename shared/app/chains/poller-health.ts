import type { NetworkCode } from '../../domain/chains/networks';
import type { PollerHealthStore } from '../../ports/poller-state';

/** Whether a poller's run of failed rounds is long enough to page and to show the operator a banner. */
export function isPollerUnhealthy(consecutiveFailures: number, alertAfterFailedRounds: number): boolean {
  return consecutiveFailures >= alertAfterFailedRounds;
}

export interface NetworkPollerHealth {
  readonly network: NetworkCode;
  /** FAILING: at least `alertAfterFailedRounds` failed rounds in a row; NOT_STARTED: no poller has run yet. */
  readonly status: 'OK' | 'FAILING' | 'NOT_STARTED';
  readonly consecutiveFailures: number;
  readonly failingSince?: string;
  readonly lastError?: string;
  readonly lastSuccessAt?: string;
}

/**
 * The deposit pollers' health per network, for the platform operator (console dashboard banner): which
 * networks have stopped detecting deposits, since when, and why. Internal error text: platform only.
 */
export async function pollerHealthSummary(deps: {
  readonly health: PollerHealthStore;
  readonly networks: readonly NetworkCode[];
  readonly alertAfterFailedRounds: number;
}): Promise<{ readonly alertAfterFailedRounds: number; readonly networks: NetworkPollerHealth[] }> {
  // Every network's health in one read: the platform's dashboard shows it on each visit.
  const all = await deps.health.getHealthOf(deps.networks);
  const networks = deps.networks.map((network): NetworkPollerHealth => {
    const h = all.get(network);
    if (!h) return { network, status: 'NOT_STARTED', consecutiveFailures: 0 };
    return {
      network,
      status: isPollerUnhealthy(h.consecutiveFailures, deps.alertAfterFailedRounds) ? 'FAILING' : 'OK',
      consecutiveFailures: h.consecutiveFailures,
      ...(h.failingSince ? { failingSince: h.failingSince } : {}),
      ...(h.lastError ? { lastError: h.lastError } : {}),
      ...(h.lastSuccessAt ? { lastSuccessAt: h.lastSuccessAt } : {}),
    };
  });
  return { alertAfterFailedRounds: deps.alertAfterFailedRounds, networks };
}
