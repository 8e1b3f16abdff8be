import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { signatureHeaders } from '../../../clients/typescript/partner-client';
import { authenticatePartnerRequest } from '../../../shared/app/auth/authenticate-partner-request';
import type { PartnerRequest } from '../../../shared/app/auth/authenticate-partner-request';
import {
  changePartnerStatus,
  createPartner,
  createPlatform,
  issueApiKey,
  revokeApiKey,
} from '../../../shared/app/partners/manage-partners';
import type { Partner } from '../../../shared/domain/partner/partner';
import { isGatewayError } from '../../../shared/domain/errors';
import type { ErrorCode } from '../../../shared/domain/errors';
import { createTestTable, manualClock } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
const WINDOW = 5 * 60_000;

describe('authenticatePartnerRequest (DynamoDB Local)', () => {
  let deps: GatewayDeps;
  let dropTable: () => Promise<void>;
  const clock = manualClock();
  let merchant: Partner;
  let key: { apiKey: string; apiSecret: string };
  let seq = 0;

  beforeAll(async () => {
    const table = await createTestTable('auth');
    dropTable = table.dropTable;
    deps = buildDeps(table.config, { clock });
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    await createPartner(deps, OPERATOR, {
      code: 'DIST_A',
      name: 'Distributor A',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    merchant = await createPartner(deps, OPERATOR, {
      code: 'SHOP_A',
      name: 'Shop A',
      type: 'MERCHANT',
      parentCode: 'DIST_A',
    });
    const issued = await issueApiKey(deps, OPERATOR, { partnerId: merchant.id, name: 'backend' });
    key = { apiKey: issued.apiKey.id, apiSecret: issued.secret };
  });
  afterAll(() => dropTable());

  /** A request signed at the test clock's now; each call differs (unique path) so no accidental replay. */
  function signed(
    overrides: Partial<{
      method: string;
      path: string;
      body: string | undefined;
      ip: string;
      ts: number;
      creds: typeof key;
      idempotencyKey: string;
      version: 1 | 2;
    }> = {},
  ): PartnerRequest {
    const method = overrides.method ?? 'GET';
    const path = overrides.path ?? `/v1/partner?n=${++seq}`;
    const body = 'body' in overrides ? overrides.body : '';
    const creds = overrides.creds ?? key;
    const idempotencyKey = overrides.idempotencyKey;
    const headers = signatureHeaders(creds, {
      method,
      pathWithQuery: path,
      body: body ?? '',
      timestampMs: overrides.ts ?? clock.now().getTime(),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(overrides.version ? { version: overrides.version } : {}),
    });
    return {
      headers: idempotencyKey ? { ...headers, 'Idempotency-Key': idempotencyKey } : headers,
      method,
      pathWithQuery: path,
      body,
      sourceIp: overrides.ip ?? '203.0.113.10',
    };
  }

  async function refusal(request: PartnerRequest): Promise<ErrorCode> {
    try {
      await authenticatePartnerRequest(deps, request);
    } catch (e) {
      if (isGatewayError(e)) return e.code;
      throw e;
    }
    throw new Error('request was accepted');
  }

  describe('accepts', () => {
    it('a correctly signed GET and names the calling partner and key', async () => {
      const principal = await authenticatePartnerRequest(deps, signed());
      expect(principal).toMatchObject({
        partnerId: merchant.id,
        partnerCode: 'SHOP_A',
        partnerType: 'MERCHANT',
        apiKeyId: key.apiKey,
        signatureVerified: true,
        signatureVersion: 2,
      });
    });

    it('a signed POST whose body is part of the signature', async () => {
      const principal = await authenticatePartnerRequest(
        deps,
        signed({ method: 'POST', body: '{"amount":"10.5"}' }),
      );
      expect(principal.signatureVerified).toBe(true);
    });

    it('timestamps just inside the ±5 minute window', async () => {
      await expect(
        authenticatePartnerRequest(deps, signed({ ts: clock.now().getTime() - WINDOW + 1000 })),
      ).resolves.toBeDefined();
      await expect(
        authenticatePartnerRequest(deps, signed({ ts: clock.now().getTime() + WINDOW - 1000 })),
      ).resolves.toBeDefined();
    });

    it('without the body (authorizer phase) checks everything but the signature', async () => {
      const request = { ...signed({ method: 'POST', body: '{"a":1}' }), body: undefined };
      const principal = await authenticatePartnerRequest(deps, request);
      expect(principal.signatureVerified).toBe(false);
    });
  });

  describe('refuses', () => {
    it('missing credential headers with UNAUTHENTICATED', async () => {
      const request = signed();
      const { 'X-Signature': _s, ...withoutSignature } = request.headers as Record<string, string>;
      expect(await refusal({ ...request, headers: withoutSignature })).toBe('UNAUTHENTICATED');
      expect(await refusal({ ...request, headers: {} })).toBe('UNAUTHENTICATED');
    });

    it('a malformed timestamp with UNAUTHENTICATED', async () => {
      const request = signed();
      expect(await refusal({ ...request, headers: { ...request.headers, 'X-Timestamp': '17e11' } })).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('an unknown API key with API_KEY_UNKNOWN', async () => {
      expect(
        await refusal(
          signed({ creds: { apiKey: 'ak_01jz0000000000000000000000', apiSecret: key.apiSecret } }),
        ),
      ).toBe('API_KEY_UNKNOWN');
    });

    it('a wrong secret with SIGNATURE_INVALID', async () => {
      expect(await refusal(signed({ creds: { apiKey: key.apiKey, apiSecret: 'sk_wrong' } }))).toBe(
        'SIGNATURE_INVALID',
      );
    });

    it('a tampered body, method, path or query with SIGNATURE_INVALID', async () => {
      const post = signed({ method: 'POST', path: '/v1/withdrawals', body: '{"amount":"10"}' });
      expect(await refusal({ ...post, body: '{"amount":"1000"}' })).toBe('SIGNATURE_INVALID');
      expect(await refusal({ ...post, method: 'PUT' })).toBe('SIGNATURE_INVALID');
      const get = signed({ path: '/v1/deposits?status=CONFIRMED' });
      expect(await refusal({ ...get, pathWithQuery: '/v1/deposits?status=FAILED' })).toBe(
        'SIGNATURE_INVALID',
      );
      expect(await refusal({ ...get, pathWithQuery: '/v1/withdrawals?status=CONFIRMED' })).toBe(
        'SIGNATURE_INVALID',
      );
    });

    it('a timestamp outside ±5 minutes with TIMESTAMP_OUT_OF_WINDOW', async () => {
      expect(await refusal(signed({ ts: clock.now().getTime() - WINDOW - 1 }))).toBe(
        'TIMESTAMP_OUT_OF_WINDOW',
      );
      expect(await refusal(signed({ ts: clock.now().getTime() + WINDOW + 1 }))).toBe(
        'TIMESTAMP_OUT_OF_WINDOW',
      );
    });

    it('a replayed signature within the window with SIGNATURE_REPLAYED', async () => {
      const request = signed({ path: '/v1/balances' });
      await authenticatePartnerRequest(deps, request);
      expect(await refusal(request)).toBe('SIGNATURE_REPLAYED');
    });

    it('a refused request does not use up its signature', async () => {
      const limited = await issueApiKey(deps, OPERATOR, {
        partnerId: merchant.id,
        name: 'limited',
        ipAllowlist: ['203.0.113.0/24'],
      });
      const creds = { apiKey: limited.apiKey.id, apiSecret: limited.secret };
      const outside = signed({ creds, ip: '198.51.100.1', path: '/v1/partner?once=1' });
      expect(await refusal(outside)).toBe('IP_NOT_ALLOWED');
      // The same signature, now from an allowed address, is still usable once.
      await expect(
        authenticatePartnerRequest(deps, { ...outside, sourceIp: '203.0.113.77' }),
      ).resolves.toBeDefined();
      expect(await refusal({ ...outside, sourceIp: '203.0.113.77' })).toBe('SIGNATURE_REPLAYED');
    });

    it('a caller outside the key IP allowlist with IP_NOT_ALLOWED, IPv4 and IPv6 ranges', async () => {
      const issued = await issueApiKey(deps, OPERATOR, {
        partnerId: merchant.id,
        name: 'allowlisted',
        ipAllowlist: ['192.0.2.10', '2001:db8:abcd::/48'],
      });
      const creds = { apiKey: issued.apiKey.id, apiSecret: issued.secret };
      expect(await refusal(signed({ creds, ip: '192.0.2.11' }))).toBe('IP_NOT_ALLOWED');
      expect(await refusal(signed({ creds, ip: '2001:db8:abce::1' }))).toBe('IP_NOT_ALLOWED');
      await expect(
        authenticatePartnerRequest(deps, signed({ creds, ip: '192.0.2.10' })),
      ).resolves.toBeDefined();
      await expect(
        authenticatePartnerRequest(deps, signed({ creds, ip: '::ffff:192.0.2.10' })),
      ).resolves.toBeDefined();
      await expect(
        authenticatePartnerRequest(deps, signed({ creds, ip: '2001:db8:abcd:1::5' })),
      ).resolves.toBeDefined();
    });

    it('a revoked key with API_KEY_REVOKED, and only after the signature proves the secret', async () => {
      const issued = await issueApiKey(deps, OPERATOR, { partnerId: merchant.id, name: 'to revoke' });
      const creds = { apiKey: issued.apiKey.id, apiSecret: issued.secret };
      await revokeApiKey(deps, OPERATOR, merchant.id, issued.apiKey.id);
      expect(await refusal(signed({ creds }))).toBe('API_KEY_REVOKED');
      expect(await refusal(signed({ creds: { ...creds, apiSecret: 'sk_guess' } }))).toBe('SIGNATURE_INVALID');
    });

    it('a suspended partner with PARTNER_SUSPENDED until reinstated', async () => {
      const shop = await createPartner(deps, OPERATOR, {
        code: 'SHOP_SUSP',
        name: 'Suspended',
        type: 'MERCHANT',
        parentCode: 'DIST_A',
      });
      const issued = await issueApiKey(deps, OPERATOR, { partnerId: shop.id, name: 'k' });
      const creds = { apiKey: issued.apiKey.id, apiSecret: issued.secret };
      await changePartnerStatus(deps, OPERATOR, 'SHOP_SUSP', 'SUSPEND');
      expect(await refusal(signed({ creds }))).toBe('PARTNER_SUSPENDED');
      await changePartnerStatus(deps, OPERATOR, 'SHOP_SUSP', 'REINSTATE');
      await expect(authenticatePartnerRequest(deps, signed({ creds }))).resolves.toMatchObject({
        partnerId: shop.id,
      });
    });
  });

  describe('distinct requests are never replays (signature version 2)', () => {
    const body =
      '{"network":"POLYGON","token":"USDT","amount":"1","address":"0x000000000000000000000000000000000000dEaD"}';

    it('accepts requests with the same body in the same millisecond under different Idempotency-Keys', async () => {
      const ts = clock.now().getTime();
      const requests = Array.from({ length: 20 }, (_, i) =>
        signed({ method: 'POST', path: '/v1/withdrawals', body, ts, idempotencyKey: `same-ms-${i}` }),
      );
      const principals = await Promise.all(requests.map((r) => authenticatePartnerRequest(deps, r)));
      expect(principals.every((p) => p.signatureVerified && p.signatureVersion === 2)).toBe(true);
    });

    it('accepts identical requests signed separately in the same millisecond (each has its own nonce)', async () => {
      const ts = clock.now().getTime();
      const [one, two] = [signed({ path: '/v1/balances', ts }), signed({ path: '/v1/balances', ts })];
      await expect(authenticatePartnerRequest(deps, one!)).resolves.toBeDefined();
      await expect(authenticatePartnerRequest(deps, two!)).resolves.toBeDefined();
    });

    it('still refuses a true replay, and a request whose Idempotency-Key or nonce was changed after signing', async () => {
      const request = signed({
        method: 'POST',
        path: '/v1/withdrawals',
        body,
        idempotencyKey: 'true-replay',
      });
      await authenticatePartnerRequest(deps, request);
      expect(await refusal(request)).toBe('SIGNATURE_REPLAYED');
      const fresh = signed({ method: 'POST', path: '/v1/withdrawals', body, idempotencyKey: 'signed-key' });
      expect(await refusal({ ...fresh, headers: { ...fresh.headers, 'Idempotency-Key': 'other-key' } })).toBe(
        'SIGNATURE_INVALID',
      );
      const { 'Idempotency-Key': _k, ...withoutKey } = fresh.headers as Record<string, string>;
      expect(await refusal({ ...fresh, headers: withoutKey })).toBe('SIGNATURE_INVALID');
      expect(
        await refusal({ ...fresh, headers: { ...fresh.headers, 'X-Nonce': 'another-nonce-1234567890' } }),
      ).toBe('SIGNATURE_INVALID');
    });

    it('refuses a version 2 request without a well-formed nonce, and an unknown version, with UNAUTHENTICATED', async () => {
      const request = signed();
      const { 'X-Nonce': _n, ...withoutNonce } = request.headers as Record<string, string>;
      expect(await refusal({ ...request, headers: withoutNonce })).toBe('UNAUTHENTICATED');
      expect(await refusal({ ...request, headers: { ...request.headers, 'X-Nonce': 'short' } })).toBe(
        'UNAUTHENTICATED',
      );
      expect(await refusal({ ...request, headers: { ...request.headers, 'X-Signature-Version': '3' } })).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('accepts version 1 during its deprecation period, where the same body in the same millisecond was a replay', async () => {
      const ts = clock.now().getTime();
      const first = signed({
        method: 'POST',
        path: '/v1/withdrawals',
        body,
        ts,
        idempotencyKey: 'v1-a',
        version: 1,
      });
      const second = signed({
        method: 'POST',
        path: '/v1/withdrawals',
        body,
        ts,
        idempotencyKey: 'v1-b',
        version: 1,
      });
      await expect(authenticatePartnerRequest(deps, first)).resolves.toMatchObject({ signatureVersion: 1 });
      // The flaw version 2 fixes: version 1 does not sign the key, so the second request looks like the first.
      expect(await refusal(second)).toBe('SIGNATURE_REPLAYED');
    });

    it('refuses version 1 from the end of its deprecation period with SIGNATURE_VERSION_RETIRED, and keeps accepting version 2', async () => {
      const before = clock.now();
      clock.set(new Date(deps.signatureV1AcceptedUntilMs));
      try {
        expect(await refusal(signed({ version: 1 }))).toBe('SIGNATURE_VERSION_RETIRED');
        await expect(authenticatePartnerRequest(deps, signed())).resolves.toMatchObject({
          signatureVersion: 2,
        });
      } finally {
        clock.set(before);
      }
      const trail = await deps.audit.list(merchant.id, { limit: 100 });
      expect(trail.some((e) => e.reason === 'SIGNATURE_VERSION_RETIRED')).toBe(true);
    });
  });

  describe('audit and secrets', () => {
    it('leaves an audit record for each refusal, scoped to the partner when the key is known', async () => {
      await refusal(signed({ ts: clock.now().getTime() - WINDOW - 10_000, path: '/v1/audited' }));
      await refusal(
        signed({
          creds: { apiKey: 'ak_01jz9999999999999999999999', apiSecret: 'x' },
          path: '/v1/audited-unknown',
        }),
      );
      const partnerTrail = await deps.audit.list(merchant.id, { limit: 50 });
      expect(partnerTrail.find((e) => e.details?.['path'] === '/v1/audited')).toMatchObject({
        action: 'api.authenticate',
        outcome: 'DENIED',
        reason: 'TIMESTAMP_OUT_OF_WINDOW',
        sourceIp: '203.0.113.10',
        actor: { type: 'API_KEY', id: key.apiKey },
      });
      const platformTrail = await deps.audit.list(null, { limit: 50 });
      expect(platformTrail.find((e) => e.details?.['path'] === '/v1/audited-unknown')?.reason).toBe(
        'API_KEY_UNKNOWN',
      );
    });

    it('stores the API secret only encrypted', async () => {
      const raw = await deps.db.send(
        new GetCommand({
          TableName: deps.config.tableName,
          Key: { PK: `APIKEY#${key.apiKey}`, SK: 'APIKEY' },
        }),
      );
      const serialized = JSON.stringify(raw.Item);
      expect(serialized).not.toContain(key.apiSecret);
      expect(raw.Item?.['secretCiphertext']).toMatchObject({ v: 1, kek: 'local-file' });
    });

    it('uses constant-shaped checks: a signature of the wrong length is refused, not thrown', async () => {
      const request = signed();
      expect(await refusal({ ...request, headers: { ...request.headers, 'X-Signature': 'abc' } })).toBe(
        'SIGNATURE_INVALID',
      );
    });
  });
});
