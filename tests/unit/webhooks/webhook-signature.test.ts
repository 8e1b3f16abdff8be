import fc from 'fast-check';
import { verifyWebhook, webhookSignature } from '../../../clients/typescript/verify-webhook';
import {
  signWebhook,
  WEBHOOK_HEADERS,
  webhookHeaders,
  webhookSignatureMatches,
  webhookSigningString,
} from '../../../shared/domain/webhooks/webhook-signature';

// Computed independently (Python hmac/hashlib) from the documented rule: hex HMAC-SHA256(secret, id.timestamp.body).
const KNOWN = {
  secret: 'whsec_known-answer-secret',
  previousSecret: 'whsec_previous-secret',
  id: 'DEPOSIT_CONFIRMED:BSC:0xabc:3',
  timestamp: 1795165331,
  body: '{"id":"DEPOSIT_CONFIRMED:BSC:0xabc:3","type":"DEPOSIT_CONFIRMED","occurredAt":"2026-11-20T09:02:11.000Z","data":{"amount":"1000"}}',
  signature: '94322ac585c47ddcd18ec37fb60ee11203275d2d3e1308dd870563bf0ac529c2',
  previousSignature: '966a90d0e7a4d404943633d22bed0bc37bd58e3ea3e26463bd7541f4417ad18e',
};
const NOW_MS = KNOWN.timestamp * 1000 + 2_000;

describe('webhook signature', () => {
  describe('signing rule', () => {
    it('signs `${id}.${timestamp}.${body}` with HMAC-SHA256 in lowercase hex (known answer)', () => {
      expect(webhookSigningString(KNOWN)).toBe(`${KNOWN.id}.${KNOWN.timestamp}.${KNOWN.body}`);
      expect(signWebhook(KNOWN.secret, KNOWN)).toBe(KNOWN.signature);
      expect(webhookSignature(KNOWN.secret, KNOWN.id, KNOWN.timestamp, KNOWN.body)).toBe(KNOWN.signature);
    });

    it('sends id, timestamp in seconds, signature and attempt; the previous-secret signature only when given', () => {
      const headers = webhookHeaders({ current: KNOWN.secret }, KNOWN, 3);
      expect(headers).toEqual({
        'X-Webhook-Id': KNOWN.id,
        'X-Webhook-Timestamp': '1795165331',
        'X-Webhook-Signature': KNOWN.signature,
        'X-Webhook-Attempt': '3',
      });
      const rotating = webhookHeaders({ current: KNOWN.secret, previous: KNOWN.previousSecret }, KNOWN, 1);
      expect(rotating[WEBHOOK_HEADERS.previousSignature]).toBe(KNOWN.previousSignature);
      expect(rotating[WEBHOOK_HEADERS.signature]).toBe(KNOWN.signature);
    });

    it('matches only the exact signature, in constant time, and refuses malformed hex', () => {
      expect(webhookSignatureMatches(KNOWN.secret, KNOWN, KNOWN.signature)).toBe(true);
      expect(webhookSignatureMatches(KNOWN.secret, KNOWN, KNOWN.signature.toUpperCase())).toBe(true);
      expect(webhookSignatureMatches(KNOWN.secret, KNOWN, KNOWN.previousSignature)).toBe(false);
      expect(webhookSignatureMatches(KNOWN.secret, KNOWN, 'zz')).toBe(false);
      expect(webhookSignatureMatches(KNOWN.secret, { ...KNOWN, body: `${KNOWN.body} ` }, KNOWN.signature)).toBe(false);
    });
  });

  describe('receiver helper (clients/typescript/verify-webhook.ts)', () => {
    const headers = (over: Record<string, string | undefined> = {}) => ({
      'x-webhook-id': KNOWN.id,
      'x-webhook-timestamp': String(KNOWN.timestamp),
      'x-webhook-signature': KNOWN.signature,
      ...over,
    });

    it('accepts a genuine delivery and returns the event id to de-duplicate on', () => {
      expect(verifyWebhook({ secrets: KNOWN.secret, headers: headers(), body: KNOWN.body, nowMs: NOW_MS })).toEqual({
        ok: true,
        id: KNOWN.id,
        timestamp: KNOWN.timestamp,
      });
      expect(verifyWebhook({ secrets: KNOWN.secret, headers: headers(), body: Buffer.from(KNOWN.body), nowMs: NOW_MS }).ok).toBe(true);
    });

    it('refuses a tampered body, id or timestamp, and a wrong secret', () => {
      const check = (h: Record<string, string | undefined>, body = KNOWN.body, secret = KNOWN.secret) =>
        verifyWebhook({ secrets: secret, headers: h, body, nowMs: NOW_MS });
      expect(check(headers(), KNOWN.body.replace('1000', '9000'))).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
      expect(check(headers({ 'x-webhook-id': 'DEPOSIT_CONFIRMED:BSC:0xabc:4' }))).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
      expect(check(headers({ 'x-webhook-timestamp': String(KNOWN.timestamp + 1) }))).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
      expect(check(headers(), KNOWN.body, 'whsec_wrong')).toEqual({ ok: false, reason: 'SIGNATURE_MISMATCH' });
    });

    it('refuses timestamps outside the tolerance window either way, and malformed ones', () => {
      const at = (nowMs: number, toleranceSeconds?: number) =>
        verifyWebhook({ secrets: KNOWN.secret, headers: headers(), body: KNOWN.body, nowMs, ...(toleranceSeconds ? { toleranceSeconds } : {}) });
      expect(at(KNOWN.timestamp * 1000 + 300_000).ok).toBe(true);
      expect(at(KNOWN.timestamp * 1000 + 301_000)).toEqual({ ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' });
      expect(at(KNOWN.timestamp * 1000 - 301_000)).toEqual({ ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' });
      expect(at(KNOWN.timestamp * 1000 + 30_000, 10)).toEqual({ ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' });
      const ms = verifyWebhook({ secrets: KNOWN.secret, headers: headers({ 'x-webhook-timestamp': '1795165331000' }), body: KNOWN.body, nowMs: NOW_MS });
      expect(ms).toEqual({ ok: false, reason: 'TIMESTAMP_INVALID' });
    });

    it('refuses a request without the headers', () => {
      expect(verifyWebhook({ secrets: KNOWN.secret, headers: {}, body: KNOWN.body, nowMs: NOW_MS })).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
      expect(verifyWebhook({ secrets: KNOWN.secret, headers: headers({ 'x-webhook-signature': undefined }), body: KNOWN.body, nowMs: NOW_MS })).toEqual({
        ok: false,
        reason: 'MISSING_HEADERS',
      });
    });

    it('during a rotation accepts the previous secret through X-Webhook-Signature-Previous, and either secret of a list', () => {
      const rotating = headers({ 'X-Webhook-Signature-Previous': KNOWN.previousSignature });
      expect(verifyWebhook({ secrets: KNOWN.previousSecret, headers: rotating, body: KNOWN.body, nowMs: NOW_MS }).ok).toBe(true);
      expect(verifyWebhook({ secrets: [KNOWN.secret, KNOWN.previousSecret], headers: headers(), body: KNOWN.body, nowMs: NOW_MS }).ok).toBe(true);
      expect(verifyWebhook({ secrets: KNOWN.previousSecret, headers: headers(), body: KNOWN.body, nowMs: NOW_MS }).ok).toBe(false);
    });

    it('verifies whatever the gateway signs (property)', () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string({ minLength: 1, maxLength: 64 }), (secret, body, id) => {
          const signed = { id, timestamp: KNOWN.timestamp, body };
          const h = webhookHeaders({ current: secret }, signed, 1);
          return verifyWebhook({ secrets: secret, headers: h, body, nowMs: NOW_MS }).ok;
        }),
      );
    });
  });
});
