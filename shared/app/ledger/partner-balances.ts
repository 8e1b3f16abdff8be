import type {
  BalanceFlowsQuery,
  BalanceFlowsResponse,
  BalancesResponse,
} from '../../api/partner-api-schemas';
import type { TokenSymbol } from '../../domain/chains/networks';
import { accounts } from '../../domain/ledger/accounts';
import { formatAmount, rescale } from '../../domain/ledger/amount';
import { assetOf, STABLECOIN_ASSETS } from '../../domain/ledger/asset';
import { ValidationError } from '../../domain/errors';
import type { LedgerStore } from '../../ports/ledger';

const USD_SCALE = 18;

/**
 * A partner's balances per stablecoin with USD totals (1:1 until FX lands). Every supported asset is
 * listed, zero or not, so clients see a stable shape. Reads are strongly consistent, one request.
 */
export async function listPartnerBalances(
  deps: { ledger: LedgerStore },
  partnerId: string,
): Promise<BalancesResponse> {
  // One request for every shard of every asset (ADR 0029).
  const balances = await deps.ledger.balances(
    STABLECOIN_ASSETS.map((a) => accounts.partnerAvailable(partnerId, a.code)),
  );
  let totalUsd = 0n;
  let availableUsd = 0n;
  const rows = STABLECOIN_ASSETS.map((asset, i) => {
    const b = balances[i] as (typeof balances)[number];
    totalUsd += rescale(b.posted, asset.decimals, USD_SCALE);
    availableUsd += rescale(b.available, asset.decimals, USD_SCALE);
    return {
      asset: asset.code as BalancesResponse['balances'][number]['asset'],
      token: asset.symbol as TokenSymbol,
      network: asset.network,
      decimals: asset.decimals,
      available: formatAmount(b.available, asset.decimals),
      held: formatAmount(b.pendingDebits, asset.decimals),
      total: formatAmount(b.posted, asset.decimals),
    };
  });
  return {
    balances: rows,
    totalUsd: formatAmount(totalUsd, USD_SCALE),
    availableUsd: formatAmount(availableUsd, USD_SCALE),
  };
}

/** The movements of one partner balance, newest first, with running balances. */
export async function listBalanceFlows(
  deps: { ledger: LedgerStore },
  partnerId: string,
  assetCode: string,
  query: BalanceFlowsQuery,
): Promise<BalanceFlowsResponse> {
  const asset = assetOf(assetCode);
  if (asset.kind !== 'STABLECOIN') {
    throw new ValidationError('Not a partner balance asset', [
      { path: 'asset', message: 'Use a stablecoin asset such as USDT@BSC' },
    ]);
  }
  const page = await deps.ledger.flows(accounts.partnerAvailable(partnerId, asset.code), {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.reason ? { reason: query.reason } : {}),
  });
  return {
    asset: asset.code as BalanceFlowsResponse['asset'],
    flows: page.lines.map((l) => ({
      entryId: l.entryId,
      reason: l.reason,
      direction: l.delta >= 0n ? ('CREDIT' as const) : ('DEBIT' as const),
      amount: formatAmount(l.delta >= 0n ? l.delta : -l.delta, asset.decimals),
      balanceAfter: formatAmount(l.balanceAfter, asset.decimals),
      effectiveAt: l.effectiveAt,
      cause: l.cause,
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
