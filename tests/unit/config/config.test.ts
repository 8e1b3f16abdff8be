import { ConfigError, parseConfig } from '../../../shared/config/config';
import { localTokenAddress, networkRegistry } from '../../../shared/config/networks';

describe('configuration', () => {
  it('defaults to the local environment with the local key file', () => {
    const config = parseConfig({});
    expect(config.environment).toBe('local');
    expect(config.keyVault).toEqual({ kind: 'local-file', path: '.local/master.key' });
    expect(config.apiTimestampWindowMs).toBe(300_000);
  });

  it('fails fast listing every bad variable', () => {
    expect(() =>
      parseConfig({ APP_ENV: 'prod', API_TIMESTAMP_WINDOW_MS: 'soon', DYNAMODB_ENDPOINT: 'not a url' }),
    ).toThrow(ConfigError);
    try {
      parseConfig({ APP_ENV: 'prod', API_TIMESTAMP_WINDOW_MS: 'soon' });
    } catch (e) {
      expect((e as ConfigError).issues.map((i) => i.split(':')[0])).toEqual([
        'APP_ENV',
        'API_TIMESTAMP_WINDOW_MS',
      ]);
    }
  });

  it('requires a KMS key on AWS and refuses the local key file outside local', () => {
    expect(() => parseConfig({ APP_ENV: 'mainnet', KEY_VAULT: 'kms' })).toThrow(/KMS_DATA_KEY_ID/);
    expect(() => parseConfig({ APP_ENV: 'mainnet' })).toThrow(/local-file is for the local stack only/);
    expect(
      parseConfig({ APP_ENV: 'mainnet', KEY_VAULT: 'kms', KMS_DATA_KEY_ID: 'alias/gw' }).keyVault,
    ).toEqual({ kind: 'kms', keyId: 'alias/gw' });
  });

  it('gives every stablecoin a minimum withdrawal (1 by default, overridable per asset) and refuses unknown assets', () => {
    expect(parseConfig({}).withdrawals.minimumAmounts).toEqual({
      'USDT@BSC': '1',
      'USDC@BSC': '1',
      'USDT@POLYGON': '1',
      'USDC@POLYGON': '1',
      'USDT@TRON': '1',
    });
    const tuned = parseConfig({
      WITHDRAWAL_MIN_AMOUNT: '2',
      WITHDRAWAL_MIN_AMOUNTS: 'USDT@TRON=5,USDC@BSC=0.5',
    });
    expect(tuned.withdrawals.minimumAmounts).toMatchObject({
      'USDT@TRON': '5',
      'USDC@BSC': '0.5',
      'USDT@BSC': '2',
    });
    expect(() => parseConfig({ WITHDRAWAL_MIN_AMOUNTS: 'USDC@TRON=1' })).toThrow(
      /WITHDRAWAL_MIN_AMOUNTS: unknown asset USDC@TRON/,
    );
    expect(() => parseConfig({ WITHDRAWAL_MIN_AMOUNT: '0.0000001' })).toThrow(ConfigError);
    expect(parseConfig({}).destinations.refuseGasTanks).toBe(true);
    expect(parseConfig({ DESTINATION_REFUSE_GAS_TANKS: 'false' }).destinations.refuseGasTanks).toBe(false);
  });

  it('overrides RPC URLs per network', () => {
    const config = parseConfig({ RPC_URL_BSC: 'http://127.0.0.1:1234, http://127.0.0.1:1235' });
    expect(config.networks.BSC.rpcUrls).toEqual(['http://127.0.0.1:1234', 'http://127.0.0.1:1235']);
    expect(config.networks.POLYGON.rpcUrls).toEqual(['http://127.0.0.1:8546']);
  });

  it('sends the legacy webhook headers until WEBHOOK_LEGACY_HEADERS_UNTIL (30 June 2027 by default); off stops them', () => {
    expect(parseConfig({}).webhooks.legacyHeadersUntilMs).toBe(Date.parse('2027-07-01T00:00:00Z'));
    expect(parseConfig({ WEBHOOK_LEGACY_HEADERS_UNTIL: '2027-01-15' }).webhooks.legacyHeadersUntilMs).toBe(
      Date.parse('2027-01-15T00:00:00Z'),
    );
    expect(
      parseConfig({ WEBHOOK_LEGACY_HEADERS_UNTIL: '2027-01-15T12:00:00+09:00' }).webhooks
        .legacyHeadersUntilMs,
    ).toBe(Date.parse('2027-01-15T03:00:00Z'));
    expect(parseConfig({ WEBHOOK_LEGACY_HEADERS_UNTIL: 'off' }).webhooks.legacyHeadersUntilMs).toBe(0);
    expect(() => parseConfig({ WEBHOOK_LEGACY_HEADERS_UNTIL: 'next summer' })).toThrow(
      /WEBHOOK_LEGACY_HEADERS_UNTIL/,
    );
  });
});

describe('network registry', () => {
  it('keeps mainnet decimals everywhere, locally too', () => {
    for (const env of ['local', 'testnet', 'mainnet'] as const) {
      const r = networkRegistry(env);
      expect(r.BSC.tokens.USDT?.decimals).toBe(18);
      expect(r.BSC.tokens.USDC?.decimals).toBe(18);
      expect(r.POLYGON.tokens.USDT?.decimals).toBe(6);
      expect(r.POLYGON.tokens.USDC?.decimals).toBe(6);
      expect(r.TRON.tokens.USDT?.decimals).toBe(6);
    }
  });

  it('uses local-only chain ids and the predicted token addresses locally', () => {
    const local = networkRegistry('local');
    const publicIds = [56, 97, 137, 80_002, 1, 31_337];
    expect(publicIds).not.toContain(local.BSC.chainId);
    expect(publicIds).not.toContain(local.POLYGON.chainId);
    expect(local.BSC.tokens.USDT?.address).toBe(localTokenAddress('USDT'));
    expect(local.POLYGON.tokens.USDC?.address).toBe(localTokenAddress('USDC'));
  });

  it('uses the finalized tag on BSC and Polygon mainnet and solidified blocks on TRON', () => {
    const main = networkRegistry('mainnet');
    expect(main.BSC.finality.kind).toBe('finalized-tag');
    expect(main.POLYGON.finality.kind).toBe('finalized-tag');
    expect(main.TRON.finality).toEqual({ kind: 'solidified', confirmations: 19 });
  });
});
