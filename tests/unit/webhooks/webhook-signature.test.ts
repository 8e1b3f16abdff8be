import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { verifyWebhook, webhookSignature } from '../../../clients/typescript/verify-webhook';
import {
  LEGACY_WEBHOOK_HEADERS,
  signWebhookLegacy,
  signWebhookV1,
  standardWebhookSecret,
  webhookHeaders,
  webhookSignatureMatches,
  webhookSigningKey,
  webhookSigningString,
} from '../../../shared/domain/webhooks/webhook-signature';

// Legacy (X-Webhook-Signature) answers computed independently (Python hmac/hashlib) from the documented
// rule: hex HMAC-SHA256(UTF-8 secret string, id.timestamp.body). The v1 answers with Python too:
// base64 HMAC-SHA256 keyed with the same bytes (these secrets are not whsec_<base64>, so UTF-8 is the key).
const KNOWN = {
  secret: 'whsec_known-answer-secret',
  previousSecret: 'whsec_previous-secret',
  id: 'DEPOSIT_CONFIRMED:BSC:0xabc:3',
  timestamp: 1795165331,
  body: '{"id":"DEPOSIT_CONFIRMED:BSC:0xabc:3","type":"DEPOSIT_CONFIRMED","occurredAt":"2026-11-20T09:02:11.000Z","data":{"amount":"1000"}}',
  signature: '94322ac585c47ddcd18ec37fb60ee11203275d2d3e1308dd870563bf0ac529c2',
  previousSignature: '966a90d0e7a4d404943633d22bed0bc37bd58e3ea3e26463bd7541f4417ad18e',
  v1: 'v1,lDIqxYXEfdzRjsN/tg7hEgMnXS0+EwjdhwVjvwrFKcI=',
  previousV1: 'v1,lmqQ0Oek1ASUNjPSK+0Lw3vVjj6j4mRjvXVB9EF60Y4=',
};
// The Standard Webhooks specification's own test vector (standard-webhooks repository, libraries' tests).
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const NOW_MS = KNOWN.timestamp * 1000 + 2_000;

/** The `standardwebhooks` package, with its clock set to `nowMs`. */
function standardVerify(
  secret: string,
  headers: Record<string, string>,
  body: string,
  nowMs = NOW_MS,
  options?: { format: 'raw' },
) {
  const now = jest.spyOn(Date, 'now').mockReturnValue(nowMs);
  try {
    return new Webhook(secret, options).verify(body, headers, { jsonParse: false });
  } finally {
    now.mockRestore();
  }
}

describe('webhook signature', () => {
  describe('signing rule (Standard Webhooks)', () => {
    it('matches the specification test vector: v1, base64 HMAC-SHA256 keyed with the bytes of whsec_<base64>', () => {
      expect(signWebhookV1(SPEC.secret, SPEC)).toBe(SPEC.signature);
      expect(webhookSignature(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
      expect(webhookSigningKey(SPEC.secret)).toEqual(
        Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'),
      );
    });

    it('keys a secret that is not whsec_<padded base64> (those issued before) with its UTF-8 bytes (known answer)', () => {
      expect(webhookSigningString(KNOWN)).toBe(`${KNOWN.id}.${KNOWN.timestamp}.${KNOWN.body}`);
      expect(signWebhookV1(KNOWN.secret, KNOWN)).toBe(KNOWN.v1);
      const legacy = `whsec_${'AbCd-_'.repeat(7)}x`; // 43 base64url characters, as issued before
      expect(webhookSigningKey(legacy)).toEqual(Buffer.from(legacy, 'utf8'));
      expect(webhookSigningKey('whsec_QUJD')).toEqual(Buffer.from('ABC'));
    });

    it('issues secrets as whsec_ + standard base64 of the raw key', () => {
      const key = Buffer.alloc(32, 0xfb);
      const secret = standardWebhookSecret(key);
      expect(secret).toBe(`whsec_${key.toString('base64')}`);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(webhookSigningKey(secret)).toEqual(key);
    });

    it('sends the Standard headers, the legacy ones while asked to, and the attempt', () => {
      const headers = webhookHeaders({ current: KNOWN.secret }, KNOWN, 3, { legacyHeaders: true });
      expect(headers).toEqual({
        'webhook-id': KNOWN.id,
        'webhook-timestamp': '1795165331',
        'webhook-signature': KNOWN.v1,
        'X-Webhook-Id': KNOWN.id,
        'X-Webhook-Timestamp': '1795165331',
        'X-Webhook-Signature': KNOWN.signature,
        'X-Webhook-Attempt': '3',
      });
      expect(signWebhookLegacy(KNOWN.secret, KNOWN)).toBe(KNOWN.signature);
      expect(webhookHeaders({ current: KNOWN.secret }, KNOWN, 3, { legacyHeaders: false })).toEqual({
        'webhook-id': KNOWN.id,
        'webhook-timestamp': '1795165331',
        'webhook-signature': KNOWN.v1,
        'X-Webhook-Attempt': '3',
      });
    });

    it('during a rotation signs with both secrets: two v1 entries (new first) and the legacy previous signature', () => {
      const rotating = webhookHeaders({ current: KNOWN.secret, previous: KNOWN.previousSecret }, KNOWN, 1, {
        legacyHeaders: true,
      });
      expect(rotating['webhook-signature']).toBe(`${KNOWN.v1} ${KNOWN.previousV1}`);
      expect(rotating[LEGACY_WEBHOOK_HEADERS.signature]).toBe(KNOWN.signature);
      expect(rotating[LEGACY_WEBHOOK_HEADERS.previousSignature]).toBe(KNOWN.previousSignature);
    });

    it('matches any entry of a webhook-signature header, and nothing else', () => {
      expect(webhookSignatureMatches(KNOWN.secret, KNOWN, KNOWN.v1)).toBe(true);
      expect(webhookSignatureMatches(KNOWN.previousSecret, KNOWN, `${KNOWN.v1} ${KNOWN.previousV1}`)).toBe(
        true,
      );
      expect(webhookSignatureMatches(KNOWN.secret, KNOWN, KNOWN.previousV1)).toBe(false);
      expect(webhookSignatureMatches(KNOWN.secret, KNOWN, KNOWN.signature)).toBe(false);
      expect(webhookSignatureMatches(KNOWN.secret, { ...KNOWN, body: `${KNOWN.body} ` }, KNOWN.v1)).toBe(
        false,
      );
    });

    it('is verified by the standardwebhooks package for any secret we issue, id and body (property)', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.string(),
          fc.string({ minLength: 1, maxLength: 64 }).filter((id) => !id.includes(' ')),
          (key, body, id) => {
            const secret = standardWebhookSecret(key);
            const h = webhookHeaders({ current: secret }, { id, timestamp: KNOWN.timestamp, body }, 1, {
              legacyHeaders: false,
            });
            standardVerify(secret, h, body, NOW_MS);
            return true;
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('receiver helper (clients/typescript/verify-webhook.ts)', () => {
    const headers = (over: Record<string, string | undefined> = {}) => ({
      'webhook-id': KNOWN.id,
      'webhook-timestamp': String(KNOWN.timestamp),
      'webhook-signature': KNOWN.v1,
      ...over,
    });

    it('accepts a genuine delivery and returns the event id to de-duplicate on', () => {
      expect(
        verifyWebhook({ secrets: KNOWN.secret, headers: headers(), body: KNOWN.body, nowMs: NOW_MS }),
      ).toEqual({
        ok: true,
        id: KNOWN.id,
        timestamp: KNOWN.timestamp,
      });
      expect(
        verifyWebhook({
          secrets: KNOWN.secret,
          headers: headers(),
          body: Buffer.from(KNOWN.body),
          nowMs: NOW_MS,
        }).ok,
      ).toBe(true);
      const spec = {
        'Webhook-Id': SPEC.id,
        'Webhook-Timestamp': String(SPEC.timestamp),
        'Webhook-Signature': `v1,bm9wZQ== ${SPEC.signature}`,
      };
      expect(
        verifyWebhook({ secrets: SPEC.secret, headers: spec, body: SPEC.body, nowMs: SPEC.timestamp * 1000 })
          .ok,
      ).toBe(true);
    });

    it('refuses a tampered body, id or timestamp, and a wrong secret', () => {
      const check = (h: Record<string, string | undefined>, body = KNOWN.body, secret = KNOWN.secret) =>
        verifyWebhook({ secrets: secret, headers: h, body, nowMs: NOW_MS });
      expect(check(headers(), KNOWN.body.replace('1000', '9000'))).toEqual({
        ok: false,
        reason: 'SIGNATURE_MISMATCH',
      });
      expect(check(headers({ 'webhook-id': 'DEPOSIT_CONFIRMED:BSC:0xabc:4' }))).toEqual({
        ok: false,
        reason: 'SIGNATURE_MISMATCH',
      });
      expect(check(headers({ 'webhook-timestamp': String(KNOWN.timestamp + 1) }))).toEqual({
        ok: false,
        reason: 'SIGNATURE_MISMATCH',
      });
      expect(check(headers(), KNOWN.body, 'whsec_wrong')).toEqual({
        ok: false,
        reason: 'SIGNATURE_MISMATCH',
      });
      expect(check(headers({ 'webhook-signature': KNOWN.signature }))).toEqual({
        ok: false,
        reason: 'SIGNATURE_MISMATCH',
      });
    });

    it('refuses timestamps outside the tolerance window either way, and malformed ones', () => {
      const at = (nowMs: number, toleranceSeconds?: number) =>
        verifyWebhook({
          secrets: KNOWN.secret,
          headers: headers(),
          body: KNOWN.body,
          nowMs,
          ...(toleranceSeconds ? { toleranceSeconds } : {}),
        });
      expect(at(KNOWN.timestamp * 1000 + 300_000).ok).toBe(true);
      expect(at(KNOWN.timestamp * 1000 + 301_000)).toEqual({
        ok: false,
        reason: 'TIMESTAMP_OUT_OF_TOLERANCE',
      });
      expect(at(KNOWN.timestamp * 1000 - 301_000)).toEqual({
        ok: false,
        reason: 'TIMESTAMP_OUT_OF_TOLERANCE',
      });
      expect(at(KNOWN.timestamp * 1000 + 30_000, 10)).toEqual({
        ok: false,
        reason: 'TIMESTAMP_OUT_OF_TOLERANCE',
      });
      const ms = verifyWebhook({
        secrets: KNOWN.secret,
        headers: headers({ 'webhook-timestamp': '1795165331000' }),
        body: KNOWN.body,
        nowMs: NOW_MS,
      });
      expect(ms).toEqual({ ok: false, reason: 'TIMESTAMP_INVALID' });
    });

    it('refuses a request without the headers', () => {
      expect(verifyWebhook({ secrets: KNOWN.secret, headers: {}, body: KNOWN.body, nowMs: NOW_MS })).toEqual({
        ok: false,
        reason: 'MISSING_HEADERS',
      });
      expect(
        verifyWebhook({
          secrets: KNOWN.secret,
          headers: headers({ 'webhook-signature': undefined }),
          body: KNOWN.body,
          nowMs: NOW_MS,
        }),
      ).toEqual({
        ok: false,
        reason: 'MISSING_HEADERS',
      });
    });

    it('during a rotation accepts either secret against the two signatures, and either secret of a list', () => {
      const rotating = headers({ 'webhook-signature': `${KNOWN.v1} ${KNOWN.previousV1}` });
      expect(
        verifyWebhook({ secrets: KNOWN.previousSecret, headers: rotating, body: KNOWN.body, nowMs: NOW_MS })
          .ok,
      ).toBe(true);
      expect(
        verifyWebhook({
          secrets: [KNOWN.secret, KNOWN.previousSecret],
          headers: headers(),
          body: KNOWN.body,
          nowMs: NOW_MS,
        }).ok,
      ).toBe(true);
      expect(
        verifyWebhook({ secrets: KNOWN.previousSecret, headers: headers(), body: KNOWN.body, nowMs: NOW_MS })
          .ok,
      ).toBe(false);
    });

    it('agrees with the standardwebhooks package on whatever the gateway signs, old-format secrets included (property)', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.boolean(),
          fc.string(),
          fc.string({ minLength: 1, maxLength: 64 }).filter((id) => !id.includes(' ')),
          (key, legacyFormat, body, id) => {
            const secret = legacyFormat
              ? `whsec_${Buffer.from(key).toString('base64url')}`
              : standardWebhookSecret(key);
            const h = webhookHeaders({ current: secret }, { id, timestamp: KNOWN.timestamp, body }, 1, {
              legacyHeaders: true,
            });
            standardVerify(secret, h, body, NOW_MS, legacyFormat ? { format: 'raw' } : undefined);
            return verifyWebhook({ secrets: secret, headers: h, body, nowMs: NOW_MS }).ok;
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
