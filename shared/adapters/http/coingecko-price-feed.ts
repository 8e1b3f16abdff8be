import type { CoinPrice, CoinPriceFeed } from '../../ports/coin-prices';

/** CoinGecko ids of the coins we pay gas in. */
export const COINGECKO_IDS: Readonly<Record<string, string>> = {
  BNB: 'binancecoin',
  POL: 'polygon-ecosystem-token',
  TRX: 'tron',
};

/** Places kept of a price (the gas USD arithmetic takes at most 8, shared/domain/sweeps/gas.ts). */
const PRICE_PLACES = 8;

/**
 * A JSON number's text as an exact decimal string with at most 8 places (truncated), never through a
 * float: `612.3456789123` → `612.34567891`, `2.5e-7` → `0.00000025`. Undefined for a negative or
 * malformed number.
 */
export function decimalOfJsonNumber(text: string): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, whole = '0', frac = '', exp = '0'] = m;
  let digits = `${whole}${frac}`;
  let point = whole.length + Number(exp);
  if (point <= 0) {
    digits = `${'0'.repeat(1 - point)}${digits}`;
    point = 1;
  } else if (point > digits.length) digits = digits.padEnd(point, '0');
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fracPart = digits.slice(point, point + PRICE_PLACES).replace(/0+$/, '');
  return fracPart ? `${intPart}.${fracPart}` : intPart;
}

/**
 * CoinGecko's simple-price API (`GET /simple/price?ids=…&vs_currencies=usd&include_last_updated_at=true`,
 * answer `{"binancecoin":{"usd":612.34,"last_updated_at":1733563200}}`). The prices are read from the
 * answer's text, not from parsed floats, so the decimal the source sent is the decimal we keep.
 */
export class CoinGeckoPriceFeed implements CoinPriceFeed {
  constructor(
    private readonly options: {
      /** e.g. `https://api.coingecko.com/api/v3`. */
      readonly baseUrl: string;
      /** Sent as `x-cg-pro-api-key` (or demo key) when set. */
      readonly apiKey?: string | undefined;
      readonly timeoutMs?: number;
      readonly fetch?: typeof fetch;
    },
  ) {}

  async usdPrices(coins: readonly string[]): Promise<CoinPrice[]> {
    const wanted = coins.filter((c) => COINGECKO_IDS[c]);
    if (wanted.length === 0) return [];
    const ids = wanted.map((c) => COINGECKO_IDS[c]).join(',');
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/simple/price?ids=${encodeURIComponent(ids)}&vs_currencies=usd&include_last_updated_at=true`;
    const res = await (this.options.fetch ?? fetch)(url, {
      headers: {
        accept: 'application/json',
        ...(this.options.apiKey ? { 'x-cg-pro-api-key': this.options.apiKey } : {}),
      },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`Price feed answered HTTP ${res.status}`);
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, { usd?: unknown; last_updated_at?: unknown }>;
    const out: CoinPrice[] = [];
    for (const coin of wanted) {
      const id = COINGECKO_IDS[coin] as string;
      const entry = body[id];
      if (!entry || typeof entry.usd !== 'number' || typeof entry.last_updated_at !== 'number') continue;
      const idPattern = id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      const raw = new RegExp(`"${idPattern}"\\s*:\\s*\\{[^}]*?"usd"\\s*:\\s*([0-9.eE+-]+)`).exec(text)?.[1];
      const usd = raw ? decimalOfJsonNumber(raw) : undefined;
      if (!usd || usd === '0') continue;
      out.push({ coin, usd, at: new Date(entry.last_updated_at * 1000).toISOString() });
    }
    return out;
  }
}
