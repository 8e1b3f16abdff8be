import type { NetworkCode, NetworkConfig } from '../../domain/chains/networks';
import { formatAmount, parseAmount } from '../../domain/ledger/amount';
import type { GasRecord, GasRecordStore, GasRecordType } from '../../ports/gas-records';
import type { Clock } from '../../ports/clock';

export interface GasRecordsDeps {
  readonly gasRecords: Pick<GasRecordStore, 'list' | 'totals'>;
  readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>;
  readonly clock: Clock;
}

/** The parsed query (the handlers parse with `GasRecordsQuery`, shared/api/gas-api-schemas.ts). */
export interface GasRecordsQuery {
  readonly month?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly network?: NetworkCode | undefined;
  readonly type?: GasRecordType | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface GasRecordView {
  readonly network: NetworkCode;
  readonly type: GasRecordType;
  readonly txHash: string;
  readonly explorerUrl: string;
  readonly reference: string | null;
  readonly deposits: readonly string[];
  readonly address: string;
  readonly token: string;
  readonly gasUsed: string;
  readonly gasPrice: string;
  readonly nativeAmount: string;
  readonly nativeSymbol: string;
  readonly usdValue: string | null;
  readonly usdPrice: string | null;
  readonly priceSource: 'FEED' | 'CONFIGURED' | null;
  readonly priceAt: string | null;
  readonly priceStale: boolean;
  readonly success: boolean;
  readonly at: string;
}

export interface GasRecordsPage {
  readonly from: string;
  readonly to: string;
  readonly records: GasRecordView[];
  readonly nextCursor?: string;
  readonly totals: {
    readonly network: NetworkCode;
    readonly nativeSymbol: string;
    readonly count: number;
    readonly nativeAmount: string;
    readonly usdValue: string;
    readonly withoutPrice: number;
  }[];
}

/** Reads a filtered page spends at most (network/type filters are applied after the read). */
const MAX_READS = 5;
const DAY_MS = 86_400_000;

/** The UTC days of the filter: a month, from/to, or (neither) the current month. */
export function filterDays(query: GasRecordsQuery, now: Date): { from: string; to: string; days: string[] } {
  let from: string;
  let to: string;
  if (query.from && query.to) {
    from = query.from;
    to = query.to;
  } else {
    const month = query.month ?? now.toISOString().slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    from = `${month}-01`;
    to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  }
  const days: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return { from, to, days };
}

function view(networks: GasRecordsDeps['networks'], r: GasRecord): GasRecordView {
  const network = networks[r.network];
  return {
    network: r.network,
    type: r.type,
    txHash: r.txHash,
    explorerUrl: network.explorerTxUrl.replace('{hash}', r.txHash),
    reference: r.reference ?? null,
    deposits: r.deposits ?? [],
    address: r.address,
    token: r.token,
    gasUsed: r.gasUsed.toString(),
    gasPrice: r.effectiveGasPrice.toString(),
    nativeAmount: formatAmount(r.nativeAmount, network.nativeDecimals),
    nativeSymbol: network.nativeSymbol,
    // Stored with 6 places ("0.030000"); on the wire without trailing zeros like every amount.
    usdValue: r.usdValue === null ? null : formatAmount(parseAmount(r.usdValue, 6, { allowZero: true }), 6),
    usdPrice: r.usdPrice ?? null,
    priceSource: r.priceSource ?? null,
    priceAt: r.priceAt ?? null,
    priceStale: r.priceStale ?? false,
    success: r.success,
    at: r.at,
  };
}

/**
 * A partner's gas records (seed 000 §8.1): newest first in a month or a date range, optionally one
 * network and one type, with totals per network over the whole filter (from the daily totals the
 * store keeps with each record, so they cost one read however many records there are).
 */
export async function listGasRecords(
  deps: GasRecordsDeps,
  partnerId: string,
  query: GasRecordsQuery,
): Promise<GasRecordsPage> {
  const { from, to, days } = filterDays(query, deps.clock.now());
  const filter = { network: query.network, type: query.type };
  const [page, totals] = await Promise.all([
    deps.gasRecords.list(
      partnerId,
      { from, to: `${to}T23:59:59.999Z`, ...filter },
      { limit: query.limit, cursor: query.cursor, maxReads: MAX_READS },
    ),
    deps.gasRecords.totals(partnerId, days, filter),
  ]);
  return {
    from,
    to,
    records: page.items.map((r) => view(deps.networks, r)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    totals: totals.map((t) => {
      const network = deps.networks[t.network];
      return {
        network: t.network,
        nativeSymbol: network.nativeSymbol,
        count: t.count,
        nativeAmount: formatAmount(t.nativeAmount, network.nativeDecimals),
        usdValue: formatAmount(t.usdMicros, 6),
        withoutPrice: t.withoutPrice,
      };
    }),
  };
}
