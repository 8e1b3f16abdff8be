import fc from 'fast-check';
import { canonicalQuery, signatureHeaders } from '../../../clients/typescript/partner-client';
import {
  canonicalPathWithQuery,
  canonicalRequest,
  parseTimestamp,
  signatureMatches,
  signRequest,
  timestampWithinWindow,
} from '../../../shared/domain/auth/request-signature';

describe('request signature', () => {
  const request = { timestamp: '1763640000000', method: 'post', pathWithQuery: '/v1/withdrawals', body: '{"amount":"1.5"}' };

  it('signs timestamp, upper-cased method, path with query and body, newline separated', () => {
    expect(canonicalRequest(request)).toBe('1763640000000\nPOST\n/v1/withdrawals\n{"amount":"1.5"}');
    // Known answer computed independently (Python hmac/hashlib).
    expect(signRequest('secret', request)).toBe('417936c84384ae58f42d15a726ae813d4f52020d089f58274c83410fccb3313e');
  });

  it('matches what the partner client helper sends', () => {
    const headers = signatureHeaders({ apiKey: 'ak_x', apiSecret: 's3cret' }, { method: 'POST', pathWithQuery: '/v1/withdrawals', body: request.body, timestampMs: 1763640000000 });
    expect(signatureMatches('s3cret', { ...request, method: 'POST' }, headers['X-Signature'] as string)).toBe(true);
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
        fc.record({ timestamp: fc.stringMatching(/^\d{13}$/), method: fc.constantFrom('GET', 'POST', 'DELETE'), pathWithQuery: fc.string(), body: fc.string() }),
        fc.constantFrom('timestamp', 'method', 'pathWithQuery', 'body'),
        fc.string({ minLength: 1, maxLength: 3 }),
        (req, field, extra) => {
          const sig = signRequest('secret', req);
          const tampered = { ...req, [field]: field === 'method' ? (req.method === 'GET' ? 'POST' : 'GET') : `${req[field]}${extra}` };
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
      expect(canonicalPathWithQuery('/v1/deposits', { status: ['CONFIRMED'], a: ['b c', 'a&b'] })).toBe('/v1/deposits?a=a%26b&a=b%20c&status=CONFIRMED');
      expect(canonicalPathWithQuery('/v1/deposits', null)).toBe('/v1/deposits');
    });

    it('agrees between the partner client and the gateway for any parameters (property)', () => {
      fc.assert(
        fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.array(fc.string(), { minLength: 1, maxLength: 3 })), (params) => {
          const fromClient = canonicalQuery(params);
          // What API Gateway hands the handler: decoded values, grouped by name.
          const parsed: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
          for (const [k, v] of new URLSearchParams(fromClient)) (parsed[k] ??= []).push(v);
          return canonicalPathWithQuery('/p', parsed) === (fromClient ? `/p?${fromClient}` : '/p');
        }),
      );
    });
  });
});
