import type { NetworkCode } from '../../domain/chains/networks';
import { ASSETS, findAsset } from '../../domain/ledger/asset';
import type { AssetCode } from '../../domain/ledger/asset';
import type { Clock } from '../../ports/clock';
import type { AccountBalance, LedgerStore } from '../../ports/ledger';
import type {
  AlertPublisher,
  ChainCustodyReader,
  CustodyDrift,
  CustodyHolding,
  ReconciliationReport,
  ReconciliationReports,
} from '../../ports/reconciliation';

export interface ReconcileDeps {
  readonly ledger: LedgerStore;
  readonly reports: ReconciliationReports;
  readonly alerts: AlertPublisher;
  readonly clock: Clock;
  readonly custodyReader?: ChainCustodyReader;
  /**
   * Wait before re-checking an apparent drift: the asset index is eventually consistent, and a chain
   * transaction may be final a moment before the gateway books it.
   */
  readonly recheckDelayMs?: number;
}

function measure(asset: AssetCode, balances: readonly AccountBalance[]) {
  let liabilities = 0n;
  let custody = 0n;
  let unbalanced = 0n;
  for (const b of balances) {
    unbalanced += b.postedDebits - b.postedCredits;
    const kind = b.account.split(':')[0];
    if (kind === 'partner' || kind === 'client' || kind === 'revenue') liabilities += b.posted;
    if (kind === 'custody') custody += b.posted;
  }
  const stablecoin = findAsset(asset)?.kind === 'STABLECOIN';
  return { liabilities, custody, unbalanced, ledgerDrift: stablecoin ? custody - liabilities : 0n };
}

/**
 * Custody against the chain: each holding (a group of addresses and the accounts standing for them)
 * against the sum of its accounts' posted balances, and every custody account with a balance that no
 * address stands for. Pure.
 */
export function compareCustody(
  asset: AssetCode,
  balances: readonly AccountBalance[],
  holdings: readonly CustodyHolding[],
): CustodyDrift[] {
  const posted = new Map(
    balances.filter((b) => b.account.startsWith('custody:')).map((b) => [b.account, b.posted]),
  );
  const covered = new Set<string>();
  const drifts: CustodyDrift[] = [];
  for (const h of holdings.filter((x) => x.asset === asset)) {
    let ledger = 0n;
    for (const a of h.accounts) {
      covered.add(a);
      ledger += posted.get(a) ?? 0n;
    }
    if (ledger !== h.onChain) {
      drifts.push({
        account: h.accounts[0] ?? '',
        accounts: h.accounts,
        addresses: h.addresses,
        ledger,
        onChain: h.onChain,
      });
    }
  }
  for (const [account, balance] of posted) {
    if (!covered.has(account) && balance !== 0n)
      drifts.push({ account, accounts: [account], addresses: [], ledger: balance, onChain: 0n });
  }
  return drifts;
}

interface Snapshot {
  readonly balances: ReadonlyMap<AssetCode, AccountBalance[]>;
  readonly holdings: readonly CustodyHolding[] | undefined;
}

async function snapshot(
  deps: ReconcileDeps,
  network: NetworkCode,
  assets: readonly AssetCode[],
): Promise<Snapshot> {
  const balances = new Map<AssetCode, AccountBalance[]>();
  for (const asset of assets) balances.set(asset, await deps.ledger.balancesByAsset(asset));
  const custodyAccounts = [...balances.values()]
    .flat()
    .filter((b) => b.account.startsWith('custody:'))
    .map((b) => b.account);
  const holdings = deps.custodyReader
    ? await deps.custodyReader.readCustody(network, custodyAccounts)
    : undefined;
  return { balances, holdings };
}

function evaluate(deps: ReconcileDeps, asset: AssetCode, s: Snapshot): ReconciliationReport {
  const balances = s.balances.get(asset) ?? [];
  const m = measure(asset, balances);
  const custodyDrifts = s.holdings ? compareCustody(asset, balances, s.holdings) : [];
  const onChain: ReconciliationReport['onChain'] = !s.holdings
    ? 'NOT_CHECKED'
    : custodyDrifts.length
      ? 'DRIFT'
      : 'MATCHED';
  return {
    asset,
    at: deps.clock.now().toISOString(),
    status: m.ledgerDrift === 0n && m.unbalanced === 0n && onChain !== 'DRIFT' ? 'OK' : 'DRIFT',
    liabilities: m.liabilities,
    custody: m.custody,
    ledgerDrift: m.ledgerDrift,
    unbalanced: m.unbalanced,
    onChain,
    custodyDrifts,
    accounts: balances.length,
  };
}

/**
 * Per asset: liabilities (partner, client and revenue balances) must equal custody, every account
 * together must sum to zero, and custody must equal what the chain holds at the addresses it stands
 * for. Assets are taken one network at a time, so the chain is read once per network (in batches).
 * Writes a report per asset; raises an alert per drifting asset — after one re-check of the whole
 * network, so a write landing mid-read, or a transaction final a moment before it is booked, does
 * not page anyone.
 */
export async function reconcileLedger(
  deps: ReconcileDeps,
  assets: readonly AssetCode[] = [...ASSETS.keys()],
): Promise<ReconciliationReport[]> {
  const byNetwork = new Map<NetworkCode, AssetCode[]>();
  for (const asset of assets) {
    const network = findAsset(asset)?.network;
    if (!network) throw new Error(`Unknown asset ${asset}`);
    byNetwork.set(network, [...(byNetwork.get(network) ?? []), asset]);
  }
  const reports: ReconciliationReport[] = [];
  for (const [network, netAssets] of byNetwork) {
    let s = await snapshot(deps, network, netAssets);
    let results = netAssets.map((a) => evaluate(deps, a, s));
    if (results.some((r) => r.status === 'DRIFT')) {
      await new Promise((r) => setTimeout(r, deps.recheckDelayMs ?? 2_000));
      s = await snapshot(deps, network, netAssets);
      results = netAssets.map((a) => evaluate(deps, a, s));
    }
    for (const report of results) {
      await deps.reports.save(report);
      if (report.status === 'DRIFT')
        await deps.alerts.raise({ type: 'LEDGER_DRIFT', asset: report.asset, report });
      reports.push(report);
    }
  }
  const byAsset = new Map(reports.map((r) => [r.asset, r]));
  const ordered = assets.map((a) => byAsset.get(a) as ReconciliationReport);
  await deps.alerts.reconciled?.({
    assets: ordered.length,
    drifting: ordered.filter((r) => r.status === 'DRIFT').length,
  });
  return ordered;
}

/** One asset (its network's chain read covers just its accounts' partners). */
export async function reconcileAsset(deps: ReconcileDeps, asset: AssetCode): Promise<ReconciliationReport> {
  const [report] = await reconcileLedger(deps, [asset]);
  return report as ReconciliationReport;
}
