import { HTTP_STATUS_BY_CODE } from '../../../shared/adapters/lambda/http-errors';
import {
  Balance,
  BalancesResponse,
  DEFAULT_TIMESTAMP_WINDOW_MS,
  DecimalString,
  ERROR_CODES,
  ERROR_CODE_LIST,
  ErrorResponse,
  PartnerResponse,
  SUPPORTED_ASSETS,
  isErrorCode,
} from '../../../shared/api/partner-api-schemas';
import { parseConfig } from '../../../shared/config/config';
import { networkRegistry } from '../../../shared/config/networks';
import type { Environment } from '../../../shared/config/networks';

const usdtBsc = {
  asset: 'USDT@BSC',
  token: 'USDT',
  network: 'BSC',
  decimals: 18,
  available: '1000.50',
  held: '0.000000000000000001',
  total: '1000.500000000000000001',
};

const platformPartner = {
  id: '01JGZ0000000000000000000PL',
  code: 'PLATFORM',
  name: 'Platform',
  type: 'PLATFORM',
  status: 'ACTIVE',
  parentId: null,
  depth: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const apiKey = {
  id: 'ak_01jgz4a7c9e1g3j5m7p9r1t3v5',
  name: 'backend',
  ipAllowlist: ['203.0.113.10', '198.51.100.0/24', '2001:db8::/32'],
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('partner API wire schemas', () => {
  describe('decimal amounts', () => {
    it.each(['0', '7', '1000.50', '0.000000000000000001', '123456789012345678901234567890.5'])(
      'accepts the decimal string %p',
      (amount) => {
        expect(DecimalString.parse(amount)).toBe(amount);
      },
    );

    it.each([
      '',
      '-1',
      '+1',
      '01',
      '1.',
      '.5',
      '1e3',
      '1,000.00',
      ' 1',
      '1 ',
      'NaN',
      'Infinity',
      '0x10',
      '1.0000000000000000001',
    ])('rejects the malformed amount %p', (amount) => {
      expect(DecimalString.safeParse(amount).success).toBe(false);
    });

    it('rejects amounts sent as JSON numbers', () => {
      expect(DecimalString.safeParse(1000.5).success).toBe(false);
      expect(Balance.safeParse({ ...usdtBsc, available: 1000.5 }).success).toBe(false);
      expect(BalancesResponse.safeParse({ balances: [usdtBsc], totalUsd: 1000.5 }).success).toBe(false);
    });

    it('keeps 18-decimal amounts exact as strings', () => {
      const parsed = BalancesResponse.parse({ balances: [usdtBsc], totalUsd: '1000.50' });
      expect(parsed.balances[0]?.total).toBe('1000.500000000000000001');
    });
  });

  describe('balances', () => {
    it('accepts a consistent balance row', () => {
      expect(Balance.parse(usdtBsc)).toEqual(usdtBsc);
    });

    it('rejects an asset code that does not match token and network', () => {
      const result = Balance.safeParse({ ...usdtBsc, asset: 'USDC@BSC' });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['asset']);
    });

    it('rejects an unsupported asset such as USDC on TRON', () => {
      const row = {
        ...usdtBsc,
        asset: 'USDC@TRON',
        token: 'USDC',
        network: 'TRON',
        decimals: 6,
        available: '1',
        held: '0',
        total: '1',
      };
      expect(Balance.safeParse(row).success).toBe(false);
    });

    it('rejects a total that is not available + held', () => {
      const result = Balance.safeParse({ ...usdtBsc, total: '1000.5' });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['total']);
    });

    it('rejects more fraction digits than the token has', () => {
      const tron = { asset: 'USDT@TRON', token: 'USDT', network: 'TRON', decimals: 6 };
      const result = Balance.safeParse({ ...tron, available: '1.0000001', held: '0', total: '1.0000001' });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path[0])).toEqual(['available', 'total']);
      expect(
        Balance.safeParse({ ...tron, available: '1.000001', held: '2', total: '3.000001' }).success,
      ).toBe(true);
    });

    it.each<Environment>(['mainnet', 'testnet', 'local'])(
      'lists exactly the assets of the %s network registry',
      (env) => {
        const registryAssets = Object.values(networkRegistry(env)).flatMap((n) =>
          Object.values(n.tokens).map((t) => `${t.symbol}@${n.code}`),
        );
        expect([...SUPPORTED_ASSETS].sort()).toEqual(registryAssets.sort());
      },
    );
  });

  describe('partner', () => {
    it('accepts the platform and a merchant with its key', () => {
      expect(PartnerResponse.parse({ partner: platformPartner, apiKey }).partner.depth).toBe(0);
      const merchant = {
        ...platformPartner,
        type: 'MERCHANT',
        parentId: '01JGZ2XKD9F3B6N8P0R2T4V6X8',
        depth: 2,
      };
      expect(PartnerResponse.parse({ partner: merchant, apiKey }).partner.type).toBe('MERCHANT');
    });

    it('rejects a platform with a parent or a non-platform at depth 0', () => {
      expect(
        PartnerResponse.safeParse({ partner: { ...platformPartner, parentId: 'x' }, apiKey }).success,
      ).toBe(false);
      expect(
        PartnerResponse.safeParse({ partner: { ...platformPartner, type: 'MERCHANT' }, apiKey }).success,
      ).toBe(false);
    });

    it('rejects unknown types, statuses, non-ISO timestamps and malformed allowlist entries', () => {
      expect(
        PartnerResponse.safeParse({ partner: { ...platformPartner, type: 'RESELLER' }, apiKey }).success,
      ).toBe(false);
      expect(
        PartnerResponse.safeParse({ partner: { ...platformPartner, status: 'CLOSED' }, apiKey }).success,
      ).toBe(false);
      expect(
        PartnerResponse.safeParse({ partner: { ...platformPartner, createdAt: '01/01/2026' }, apiKey })
          .success,
      ).toBe(false);
      expect(
        PartnerResponse.safeParse({
          partner: platformPartner,
          apiKey: { ...apiKey, ipAllowlist: ['example.com'] },
        }).success,
      ).toBe(false);
    });
  });

  describe('errors', () => {
    it('accepts an error body with field issues and a request id', () => {
      const body = {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Invalid input',
          fields: [{ path: 'amount', message: 'Required' }],
          requestId: 'r-1',
        },
      };
      expect(ErrorResponse.parse(body)).toEqual(body);
    });

    it('rejects an error body without a message or with a non-code string', () => {
      expect(ErrorResponse.safeParse({ error: { code: 'NOT_FOUND' } }).success).toBe(false);
      expect(ErrorResponse.safeParse({ error: { code: 'not found', message: 'x' } }).success).toBe(false);
    });

    it('documents the status of every code the HTTP error mapper emits, and no others', () => {
      const documented = Object.fromEntries(ERROR_CODE_LIST.map((c) => [c, ERROR_CODES[c].status]));
      expect(documented).toEqual(HTTP_STATUS_BY_CODE);
    });

    it('answers partner-auth failures other than missing headers with 403', () => {
      expect(ERROR_CODES.UNAUTHENTICATED.status).toBe(401);
      for (const code of [
        'API_KEY_UNKNOWN',
        'API_KEY_REVOKED',
        'SIGNATURE_INVALID',
        'TIMESTAMP_OUT_OF_WINDOW',
        'SIGNATURE_REPLAYED',
        'IP_NOT_ALLOWED',
        'PARTNER_SUSPENDED',
      ] as const) {
        expect(ERROR_CODES[code].status).toBe(403);
      }
    });

    it('recognises error codes only by exact name', () => {
      expect(isErrorCode('RATE_LIMITED')).toBe(true);
      expect(isErrorCode('rate_limited')).toBe(false);
      expect(isErrorCode('toString')).toBe(false);
    });
  });

  describe('authentication', () => {
    it('documents the same timestamp window as the configuration default', () => {
      expect(DEFAULT_TIMESTAMP_WINDOW_MS).toBe(300_000);
      expect(parseConfig({}).apiTimestampWindowMs).toBe(DEFAULT_TIMESTAMP_WINDOW_MS);
    });
  });
});
