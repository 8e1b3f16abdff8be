import { NETWORKS, SUPPORTED_ASSETS, TOKENS } from '../../../shared/api/partner-api-schemas';
import { networkRegistry } from '../../../shared/config/networks';
import type { Environment } from '../../../shared/config/networks';
import {
  EVM_NETWORK_CODES,
  NATIVE_COINS,
  NETWORK_CODES,
  NETWORK_FAMILY,
  TOKEN_DECIMALS,
  TOKEN_SYMBOLS,
  isEvmNetwork,
  isNetworkCode,
  tokenDecimals,
} from '../../../shared/domain/chains/networks';
import { ASSETS, STABLECOIN_ASSETS } from '../../../shared/domain/ledger/asset';
import { ScheduledJobEvent } from '../../../events/scheduled-job/schema';
import {
  TOKEN_DECIMALS as CONSOLE_TOKEN_DECIMALS,
  tokenDecimals as consoleDecimals,
} from '../../../console/src/lib/money';

/** The codes are written once (shared/domain/chains/networks.ts); everything else reads them. */
describe('network, token and asset codes', () => {
  it('names the networks, their families and the EVM ones', () => {
    expect(NETWORK_CODES).toEqual(['BSC', 'POLYGON', 'TRON']);
    expect(EVM_NETWORK_CODES).toEqual(NETWORK_CODES.filter((c) => NETWORK_FAMILY[c] === 'EVM'));
    expect(NETWORK_CODES.filter(isEvmNetwork)).toEqual(EVM_NETWORK_CODES);
    expect(isNetworkCode('TRON')).toBe(true);
    expect(isNetworkCode('ETH')).toBe(false);
    expect(tokenDecimals('BSC', 'USDT')).toBe(18);
    expect(tokenDecimals('POLYGON', 'USDC')).toBe(6);
    expect(() => tokenDecimals('TRON', 'USDC')).toThrow(/TRON carries no USDC/);
  });

  it.each<Environment>(['local', 'testnet', 'mainnet'])(
    'the %s registry configures exactly the domain tokens, decimals and native coins',
    (env) => {
      const registry = networkRegistry(env);
      expect(Object.keys(registry)).toEqual([...NETWORK_CODES]);
      for (const code of NETWORK_CODES) {
        const n = registry[code];
        expect(n.family).toBe(NETWORK_FAMILY[code]);
        expect({ symbol: n.nativeSymbol, decimals: n.nativeDecimals }).toEqual(NATIVE_COINS[code]);
        const decimals = Object.fromEntries(Object.values(n.tokens).map((t) => [t.symbol, t.decimals]));
        expect(decimals).toEqual(TOKEN_DECIMALS[code]);
      }
    },
  );

  it('builds the ledger assets, the API enums and the event schemas from the same lists', () => {
    const pairs = NETWORK_CODES.flatMap((n) =>
      TOKEN_SYMBOLS.filter((s) => TOKEN_DECIMALS[n][s] !== undefined).map((s) => `${s}@${n}`),
    );
    expect(STABLECOIN_ASSETS.map((a) => a.code)).toEqual(pairs);
    expect([...SUPPORTED_ASSETS]).toEqual(pairs);
    for (const a of STABLECOIN_ASSETS) expect(a.decimals).toBe(tokenDecimals(a.network, a.symbol as 'USDT'));
    for (const code of NETWORK_CODES) {
      expect(ASSETS.get(`${NATIVE_COINS[code].symbol}@${code}`)?.decimals).toBe(NATIVE_COINS[code].decimals);
    }
    expect(NETWORKS).toBe(NETWORK_CODES);
    expect(TOKENS).toBe(TOKEN_SYMBOLS);
    expect(ScheduledJobEvent.shape.network.unwrap().options).toEqual([...NETWORK_CODES]);
    expect(CONSOLE_TOKEN_DECIMALS).toBe(TOKEN_DECIMALS);
    expect(consoleDecimals('BSC', 'USDC')).toBe(18);
  });
});
