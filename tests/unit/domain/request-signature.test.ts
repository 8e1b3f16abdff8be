import fc from 'fast-check';
import { canonicalQuery, signatureHeaders } from '../../../clients/typescript/partner-client';
import {
  canonicalPathWithQuery,
  canonicalRequest,
  nonceWellFormed,
  parseSignatureVersion,
  parseTimestamp,
  signatureMatches,
  signatureVersionAccepted,
  signRequest,
  timestampWithinWindow,
} from '../../../shared/domain/auth/request-signature';
import type { SignableRequestV2 } from '../../../shared/domain/auth/request-signature';

describe('request signature', () => {
  const request = {
    timestamp: '1763640000000',
    method: 'post',
    pathWithQuery: '/v1/withdrawals',
    body: '{"amount":"1.5"}',
  };

  it('signs timestamp, upper-cased method, path with query and body, newline separated', () => {
    expect(canonicalRequest(request)).toBe('1763640000000\nPOST\n/v1/withdrawals\n{"amount":"1.5"}');
    // Known answer computed independently (Python hmac/hashlib).
    expect(signRequest('secret', request)).toBe(
      '417936c84384ae58f42d15a726ae813d4f52020d089f58274c83410fccb3313e',
    );
  });

  it('matches what the partner client helper sends as version 1 (deprecated)', () => {
    const headers = signatureHeaders(
      { apiKey: 'ak_x', apiSecret: 's3cret' },
      {
        method: 'POST',
        pathWithQuery: '/v1/withdrawals',
        body: request.body,
        timestampMs: 1763640000000,
        version: 1,
      },
    );
    expect(headers['X-Signature-Version']).toBeUndefined();
    expect(signatureMatches('s3cret', { ...request, method: 'POST' }, headers['X-Signature'] as string)).toBe(
      true,
    );
  });

  describe('version 2', () => {
    const v2: SignableRequestV2 = {
      version: 2,
      timestamp: '1763640000000',
      nonce: '0b6f7c1e-3d2a-4f4b-9a51-2c8e7d9f1a03',
      method: 'post',
      pathWithQuery: '/v1/withdrawals',
      idempotencyKey: 'payout-42',
      body: '{"amount":"1.5"}',
    };

    it('signs "v2", timestamp, nonce, upper-cased method, path with query, Idempotency-Key and body, newline separated', () => {
      expect(canonicalRequest(v2)).toBe(
        'v2\n1763640000000\n0b6f7c1e-3d2a-4f4b-9a51-2c8e7d9f1a03\nPOST\n/v1/withdrawals\npayout-42\n{"amount":"1.5"}',
      );
      // Known answers computed independently (Python hmac/hashlib).
      expect(signRequest('secret', v2)).toBe(
        'ac21a46d7874ad8dddf25761231f82926f207df9279b603e60cbbb70f0f2c778',
      );
      expect(signRequest('secret', { ...v2, idempotencyKey: 'payout-43' })).toBe(
        '34ad97b60715103ed8f485d474fd56d2f10e4653e5498f65aea024230cb0984e',
      );
    });

    it('gives two requests with the same body and timestamp but different Idempotency-Keys or nonces different signatures', () => {
      const base = signRequest('secret', v2);
      expect(signRequest('secret', { ...v2, idempotencyKey: 'payout-43' })).not.toBe(base);
      expect(signRequest('secret', { ...v2, nonce: 'another-nonce-0000000' })).not.toBe(base);
    });

    it('never shares a signing string with version 1', () => {
      const { version: _v, nonce: _n, idempotencyKey: _k, ...v1 } = v2;
      expect(canonicalRequest(v1).startsWith('v2\n')).toBe(false);
      expect(signatureMatches('secret', v1, signRequest('secret', v2))).toBe(false);
    });

    it('refuses any change to any signed part (property)', () => {
      const fields = ['timestamp', 'nonce', 'method', 'pathWithQuery', 'idempotencyKey', 'body'] as const;
      fc.assert(
        fc.property(
          fc.record({
            timestamp: fc.stringMatching(/^\d{13}$/),
            nonce: fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
            method: fc.constantFrom('GET', 'POST', 'DELETE'),
            pathWithQuery: fc.string(),
            idempotencyKey: fc.stringMatching(/^[A-Za-z0-9_:-]{0,64}$/),
            body: fc.string(),
          }),
          fc.constantFrom(...fields),
          fc.string({ minLength: 1, maxLength: 3 }),
          (parts, field, extra) => {
            const req: SignableRequestV2 = { version: 2, ...parts };
            const sig = signRequest('secret', req);
            const changed =
              field === 'method' ? (req.method === 'GET' ? 'POST' : 'GET') : `${req[field]}${extra}`;
            return (
              signatureMatches('secret', req, sig) &&
              !signatureMatches('secret', { ...req, [field]: changed }, sig)
            );
          },
        ),
      );
    });

    it('is what the partner client helper sends by default, with a fresh nonce each time', () => {
      const creds = { apiKey: 'ak_x', apiSecret: 's3cret' };
      const input = {
        method: 'POST',
        pathWithQuery: '/v1/withdrawals',
        body: v2.body,
        idempotencyKey: 'payout-42',
        timestampMs: 1763640000000,
      };
      const one = signatureHeaders(creds, input);
      const two = signatureHeaders(creds, input);
      expect(one['X-Signature-Version']).toBe('2');
      expect(one['X-Nonce']).not.toBe(two['X-Nonce']);
      expect(one['X-Signature']).not.toBe(two['X-Signature']);
      const signed = { ...v2, method: 'POST', nonce: one['X-Nonce'] as string };
      expect(signatureMatches('s3cret', signed, one['X-Signature'] as string)).toBe(true);
    });

    it('reads X-Signature-Version (absent = 1) and accepts only well-formed nonces', () => {
      expect([undefined, '', '1', '2', '3', 'v2'].map(parseSignatureVersion)).toEqual([
        1,
        1,
        1,
        2,
        undefined,
        undefined,
      ]);
      expect(nonceWellFormed('0b6f7c1e-3d2a-4f4b-9a51-2c8e7d9f1a03')).toBe(true);
      for (const bad of [
        undefined,
        '',
        'short',
        'a'.repeat(65),
        'has space in it 12345',
        'line\nbreak-0000000000',
      ]) {
        expect(nonceWellFormed(bad)).toBe(false);
      }
    });

    it('accepts version 1 only before the end of its deprecation period', () => {
      const until = Date.parse('2027-06-01T00:00:00.000Z');
      expect(signatureVersionAccepted(1, until - 1, until)).toBe(true);
      expect(signatureVersionAccepted(1, until, until)).toBe(false);
      expect(signatureVersionAccepted(2, until + 1, until)).toBe(true);
    });
  });

  it('accepts upper-case hex and refuses anything that is not 64 hex characters', () => {
    const sig = signRequest('k', request);
    expect(signatureMatches('k', request, sig.toUpperCase())).toBe(true);
    expect(signatureMatches('k', request, sig.slice(0, 63))).toBe(false);
    expect(signatureMatches('k', request, `${sig.slice(0, 63)}g`)).toBe(false);
    expect(signatureMatches('k', request, '')).toBe(false);
  });

  it('refuses any change to any signed part (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          timestamp: fc.stringMatching(/^\d{13}$/),
          method: fc.constantFrom('GET', 'POST', 'DELETE'),
          pathWithQuery: fc.string(),
          body: fc.string(),
        }),
        fc.constantFrom('timestamp', 'method', 'pathWithQuery', 'body'),
        fc.string({ minLength: 1, maxLength: 3 }),
        (req, field, extra) => {
          const sig = signRequest('secret', req);
          const tampered = {
            ...req,
            [field]: field === 'method' ? (req.method === 'GET' ? 'POST' : 'GET') : `${req[field]}${extra}`,
          };
          return signatureMatches('secret', req, sig) && !signatureMatches('secret', tampered, sig);
        },
      ),
    );
  });

  it('parses only 13-digit unix milliseconds', () => {
    expect(parseTimestamp('1763640000000')).toBe(1763640000000);
    for (const bad of ['1763640000', '1.76e12', '-1763640000000', ' 1763640000000', '17636400000000', '']) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });

  it('treats the window as inclusive on both sides', () => {
    expect(timestampWithinWindow(1_000_000, 1_300_000, 300_000)).toBe(true);
    expect(timestampWithinWindow(1_600_000, 1_300_000, 300_000)).toBe(true);
    expect(timestampWithinWindow(999_999, 1_300_000, 300_000)).toBe(false);
    expect(timestampWithinWindow(1_600_001, 1_300_000, 300_000)).toBe(false);
  });

  describe('canonical query', () => {
    it('sorts by name then value and percent-encodes like encodeURIComponent', () => {
      expect(canonicalPathWithQuery('/v1/deposits', { status: ['CONFIRMED'], a: ['b c', 'a&b'] })).toBe(
        '/v1/deposits?a=a%26b&a=b%20c&status=CONFIRMED',
      );
      expect(canonicalPathWithQuery('/v1/deposits', null)).toBe('/v1/deposits');
    });

    it('agrees between the partner client and the gateway for any parameters (property)', () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string({ minLength: 1 }), fc.array(fc.string(), { minLength: 1, maxLength: 3 })),
          (params) => {
            const fromClient = canonicalQuery(params);
            // What API Gateway hands the handler: decoded values, grouped by name.
            const parsed: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
            for (const [k, v] of new URLSearchParams(fromClient)) (parsed[k] ??= []).push(v);
            return canonicalPathWithQuery('/p', parsed) === (fromClient ? `/p?${fromClient}` : '/p');
          },
        ),
      );
    });
  });
});
