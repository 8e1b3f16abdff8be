import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COINGECKO_IDS } from '../../../shared/adapters/http/coingecko-price-feed';

/**
 * The local stand-in for the coin price source (like the TRON node stand-in): it answers CoinGecko's
 * simple-price API — `GET /api/v3/simple/price?ids=binancecoin,…&vs_currencies=usd&include_last_updated_at=true`
 * → `{"binancecoin":{"usd":600.5,"last_updated_at":1733563200}}` — so the gateway's real adapter
 * (shared/adapters/http/coingecko-price-feed.ts) talks to it unchanged. An operator changes prices:
 *
 *   POST /admin/prices {"BNB": "612.5"}                       price now
 *   POST /admin/prices {"TRX": {"usd": "0.25", "at": "2026-12-01T00:00:00Z"}}   priced at that time
 *   POST /admin/prices {"fail": true}                         answer 503 until {"fail": false}
 *   GET  /admin/prices                                        what it serves
 *
 * (`npm run cli -- prices set --coin BNB --usd 612.5` does the first for you.)
 */
/** The stand-in's port on `npm start` (PRICE_FEED_PORT to change it). */
export const LOCAL_PRICE_FEED_PORT = 9095;

export const DEFAULT_LOCAL_PRICES: Readonly<Record<string, string>> = { BNB: '600', POL: '0.5', TRX: '0.25' };

export interface PriceFeedStandIn {
  /** Base URL to configure as COIN_PRICE_FEED_URL (`…/api/v3`). */
  readonly feedUrl: string;
  readonly url: string;
  stop(): Promise<void>;
}

const DECIMAL = /^(0|[1-9]\d*)(\.\d{1,18})?$/;

export async function startPriceFeedStandIn(options: {
  readonly port: number;
  readonly prices?: Readonly<Record<string, string>>;
  readonly now?: () => Date;
}): Promise<PriceFeedStandIn> {
  const now = options.now ?? (() => new Date());
  const prices = new Map<string, { usd: string; at: Date }>(
    Object.entries(options.prices ?? DEFAULT_LOCAL_PRICES).map(([coin, usd]) => [coin, { usd, at: now() }]),
  );
  let failing = false;

  const json = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };
  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text ? (JSON.parse(text) as unknown) : {};
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/api/v3/simple/price') {
        if (failing) return json(res, 503, '{"error":"stand-in told to fail"}');
        const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
        // Written by hand so the price goes out as the exact decimal text, as a JSON number.
        const parts: string[] = [];
        for (const [coin, p] of prices) {
          const id = COINGECKO_IDS[coin];
          if (!id || !ids.includes(id)) continue;
          parts.push(`"${id}":{"usd":${p.usd},"last_updated_at":${Math.floor(p.at.getTime() / 1000)}}`);
        }
        return json(res, 200, `{${parts.join(',')}}`);
      }
      if (url.pathname === '/admin/prices' && req.method === 'GET')
        return json(
          res,
          200,
          JSON.stringify({
            failing,
            prices: Object.fromEntries(
              [...prices].map(([c, p]) => [c, { usd: p.usd, at: p.at.toISOString() }]),
            ),
          }),
        );
      if (url.pathname === '/admin/prices' && req.method === 'POST') {
        const body = (await readBody(req)) as Record<string, unknown>;
        for (const [coin, value] of Object.entries(body)) {
          if (coin === 'fail') {
            failing = value === true;
            continue;
          }
          const entry =
            typeof value === 'string' ? { usd: value } : (value as { usd?: unknown; at?: unknown });
          if (!COINGECKO_IDS[coin] || typeof entry.usd !== 'string' || !DECIMAL.test(entry.usd))
            return json(res, 400, JSON.stringify({ error: `bad price for ${coin}` }));
          const at = typeof entry.at === 'string' ? new Date(entry.at) : now();
          if (Number.isNaN(at.getTime()))
            return json(res, 400, JSON.stringify({ error: `bad time for ${coin}` }));
          prices.set(coin, { usd: entry.usd, at });
        }
        return json(res, 200, JSON.stringify({ ok: true }));
      }
      json(res, 404, '{"error":"not found"}');
    })().catch((e: unknown) => json(res, 500, JSON.stringify({ error: (e as Error).message })));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    feedUrl: `${url}/api/v3`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
