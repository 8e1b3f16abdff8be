import { hasAccess } from '../../domain/partner/partner';
import { AuthenticationError } from '../../domain/errors';
import type { ErrorCode } from '../../domain/errors';
import {
  apiKeySecretContext,
  API_KEY_ID_PATTERN,
  LAST_USED_RESOLUTION_MS,
  lastUsedIsStale,
} from '../../domain/auth/api-key';
import { ipAllowed } from '../../domain/auth/ip-allowlist';
import {
  API_KEY_HEADER,
  IDEMPOTENCY_KEY_SIGNED_HEADER,
  NONCE_HEADER,
  nonceWellFormed,
  parseSignatureVersion,
  parseTimestamp,
  SIGNATURE_HEADER,
  SIGNATURE_VERSION_HEADER,
  signatureMatches,
  signatureVersionAccepted,
  TIMESTAMP_HEADER,
  timestampWithinWindow,
} from '../../domain/auth/request-signature';
import type { SignableRequest, SignatureVersion } from '../../domain/auth/request-signature';
import type { ApiKey } from '../../domain/auth/api-key';
import type { Partner, PartnerType } from '../../domain/partner/partner';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { KeyVault } from '../../ports/key-vault';
import type { ApiKeyRepository, ReplayGuard } from '../../ports/partner-store';

export interface AuthenticateDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly replayGuard: ReplayGuard;
  readonly keyVault: KeyVault;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly timestampWindowMs: number;
  /** Unix ms from which signature version 1 is refused (config `API_SIGNATURE_V1_ACCEPTED_UNTIL`). */
  readonly signatureV1AcceptedUntilMs: number;
  readonly onAuditFailure?: (e: unknown) => void;
}

export interface PartnerRequest {
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly method: string;
  /** Path plus canonical query string, as the client signed it. */
  readonly pathWithQuery: string;
  /**
   * The raw body, or undefined when this caller cannot see it (an API Gateway REQUEST authorizer never
   * receives the body): then every check but the signature runs, and the handler verifies it.
   */
  readonly body: string | undefined;
  readonly sourceIp: string;
}

export interface PartnerPrincipal {
  readonly partnerId: string;
  readonly partnerCode: string;
  readonly partnerType: PartnerType;
  readonly apiKeyId: string;
  /** True once the HMAC over the body has been checked and the signature claimed against replay. */
  readonly signatureVerified: boolean;
  /** 1 while the deprecated version is still accepted: responses then announce its end (`Sunset`). */
  readonly signatureVersion: SignatureVersion;
  /**
   * The partner and key as read to authenticate this very request (ADR 0026), so a handler answering
   * with them (`GET /v1/partner`) reads nothing more. Absent when the authorizer did not pass them.
   */
  readonly partner?: Partner;
  readonly apiKey?: ApiKeySummary;
}

/** What a partner may see of one of its keys. */
export type ApiKeySummary = Pick<ApiKey, 'id' | 'name' | 'ipAllowlist' | 'createdAt'>;

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: 'Missing or malformed credentials',
  API_KEY_UNKNOWN: 'Unknown API key',
  API_KEY_REVOKED: 'The API key has been revoked',
  SIGNATURE_INVALID: 'The request signature does not match',
  TIMESTAMP_OUT_OF_WINDOW: 'X-Timestamp is outside the allowed window; check your clock',
  SIGNATURE_REPLAYED: 'This signature was already used; sign each request anew',
  SIGNATURE_VERSION_RETIRED: 'Signature version 1 is no longer accepted; sign with X-Signature-Version: 2',
  IP_NOT_ALLOWED: 'The caller IP is not in the API key allowlist',
  PARTNER_SUSPENDED: 'The partner account is suspended',
};

function header(headers: PartnerRequest['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v?.trim();
  return undefined;
}

/**
 * Authenticates a signed partner API request. Order matters: the signature is checked before the key's
 * status, the partner's status and the allowlist whenever the body is available, so that nobody without
 * the secret learns anything about a key. Every refusal leaves an audit record.
 */
export async function authenticatePartnerRequest(
  deps: AuthenticateDeps,
  request: PartnerRequest,
): Promise<PartnerPrincipal> {
  const now = deps.clock.now();
  const apiKeyId = header(request.headers, API_KEY_HEADER);
  const timestampText = header(request.headers, TIMESTAMP_HEADER);
  const signature = header(request.headers, SIGNATURE_HEADER);
  const version = parseSignatureVersion(header(request.headers, SIGNATURE_VERSION_HEADER));
  const nonce = header(request.headers, NONCE_HEADER);

  const refuse = async (code: ErrorCode, partnerId: string | null, extra?: Record<string, string>) => {
    try {
      await deps.audit.record({
        partnerId,
        actor: { type: 'API_KEY', id: apiKeyId && API_KEY_ID_PATTERN.test(apiKeyId) ? apiKeyId : 'unknown' },
        action: 'api.authenticate',
        outcome: 'DENIED',
        at: now.toISOString(),
        sourceIp: request.sourceIp,
        reason: code,
        details: { method: request.method, path: request.pathWithQuery.split('?')[0] ?? '', ...extra },
      });
    } catch (e) {
      // The refusal stands even if the audit write fails; the failure is reported, never swallowed silently.
      deps.onAuditFailure?.(e);
    }
    return new AuthenticationError(code, MESSAGES[code] ?? code);
  };

  if (!apiKeyId || !timestampText || !signature || !API_KEY_ID_PATTERN.test(apiKeyId)) {
    throw await refuse('UNAUTHENTICATED', null);
  }
  const timestampMs = parseTimestamp(timestampText);
  if (timestampMs === undefined || version === undefined) throw await refuse('UNAUTHENTICATED', null);
  if (version === 2 && !nonceWellFormed(nonce)) throw await refuse('UNAUTHENTICATED', null);

  // One read: the key item carries its partner's copy, status included (ADR 0026).
  const found = await deps.apiKeys.getWithPartner(apiKeyId);
  if (!found) throw await refuse('API_KEY_UNKNOWN', null);
  const { key, partner } = found;

  if (!timestampWithinWindow(timestampMs, now.getTime(), deps.timestampWindowMs)) {
    throw await refuse('TIMESTAMP_OUT_OF_WINDOW', key.partnerId, {
      skewMs: String(now.getTime() - timestampMs),
    });
  }
  if (!signatureVersionAccepted(version, now.getTime(), deps.signatureV1AcceptedUntilMs)) {
    throw await refuse('SIGNATURE_VERSION_RETIRED', key.partnerId);
  }

  let signatureVerified = false;
  if (request.body !== undefined) {
    const secret = Buffer.from(
      await deps.keyVault.decrypt(key.secretCiphertext, apiKeySecretContext(key)),
    ).toString('utf8');
    const signed: SignableRequest =
      version === 2
        ? {
            version,
            timestamp: timestampText,
            nonce: nonce ?? '',
            method: request.method,
            pathWithQuery: request.pathWithQuery,
            idempotencyKey: header(request.headers, IDEMPOTENCY_KEY_SIGNED_HEADER) ?? '',
            body: request.body,
          }
        : {
            timestamp: timestampText,
            method: request.method,
            pathWithQuery: request.pathWithQuery,
            body: request.body,
          };
    const ok = signatureMatches(secret, signed, signature);
    if (!ok) throw await refuse('SIGNATURE_INVALID', key.partnerId);
    signatureVerified = true;
  }

  if (key.status !== 'ACTIVE') throw await refuse('API_KEY_REVOKED', key.partnerId);
  if (!partner) throw await refuse('API_KEY_UNKNOWN', null);
  if (!hasAccess(partner)) throw await refuse('PARTNER_SUSPENDED', partner.id);
  if (!ipAllowed(request.sourceIp, key.ipAllowlist)) throw await refuse('IP_NOT_ALLOWED', partner.id);

  if (signatureVerified) {
    // Claimed last, so refused requests never use up a signature. The claim lives as long as the
    // timestamp could still be accepted. A version 2 signature covers a nonce and the Idempotency-Key,
    // so two different requests never share one, even with the same body in the same millisecond.
    const claimed = await deps.replayGuard.claim(
      key.id,
      signature.toLowerCase(),
      timestampMs + deps.timestampWindowMs,
    );
    if (!claimed) throw await refuse('SIGNATURE_REPLAYED', partner.id);
    // "Last used" for the console, decided from the item already read: one write per key per minute.
    if (lastUsedIsStale(key, now)) {
      try {
        await deps.apiKeys.touchLastUsed(
          key.id,
          now.toISOString(),
          new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString(),
        );
      } catch (e) {
        deps.onAuditFailure?.(e);
      }
    }
  }

  return {
    partnerId: partner.id,
    partnerCode: partner.code,
    partnerType: partner.type,
    apiKeyId: key.id,
    signatureVerified,
    signatureVersion: version,
    partner,
    apiKey: { id: key.id, name: key.name, ipAllowlist: key.ipAllowlist, createdAt: key.createdAt },
  };
}
