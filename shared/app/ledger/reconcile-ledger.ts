import { findAsset } from '../../domain/ledger/asset';
import type { AssetCode } from '../../domain/ledger/asset';
import type { Clock } from '../../ports/clock';
import type { AccountBalance, LedgerStore } from '../../ports/ledger';
import type { AlertPublisher, ChainCustodyReader, CustodyDrift, ReconciliationReport, ReconciliationReports } from '../../ports/reconciliation';

export interface ReconcileDeps {
  readonly ledger: LedgerStore;
  readonly reports: ReconciliationReports;
  readonly alerts: AlertPublisher;
  readonly clock: Clock;
  readonly custodyReader?: ChainCustodyReader;
  /** Wait before re-checking an apparent drift (the asset index is eventually consistent). */
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
 * Per asset: liabilities (partner, client and revenue balances) must equal custody, every account
 * together must sum to zero, and custody must equal what the chain says. Writes a report; raises an
 * alert on drift — after one re-check, so a write landing mid-read does not page anyone.
 */
export async function reconcileAsset(deps: ReconcileDeps, asset: AssetCode): Promise<ReconciliationReport> {
  let balances = await deps.ledger.balancesByAsset(asset);
  let m = measure(asset, balances);
  if (m.ledgerDrift !== 0n || m.unbalanced !== 0n) {
    await new Promise((r) => setTimeout(r, deps.recheckDelayMs ?? 2_000));
    balances = await deps.ledger.balancesByAsset(asset);
    m = measure(asset, balances);
  }
  const custodyBalances = balances.filter((b) => b.account.startsWith('custody:'));
  let onChain: ReconciliationReport['onChain'] = 'NOT_CHECKED';
  const custodyDrifts: CustodyDrift[] = [];
  const chain = deps.custodyReader ? await deps.custodyReader.readCustody(asset, custodyBalances.map((b) => b.account)) : undefined;
  if (chain) {
    for (const b of custodyBalances) {
      const held = chain.get(b.account) ?? 0n;
      if (held !== b.posted) custodyDrifts.push({ account: b.account, ledger: b.posted, onChain: held });
    }
    onChain = custodyDrifts.length ? 'DRIFT' : 'MATCHED';
  }
  const report: ReconciliationReport = {
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
  await deps.reports.save(report);
  if (report.status === 'DRIFT') await deps.alerts.raise({ type: 'LEDGER_DRIFT', asset, report });
  return report;
}
