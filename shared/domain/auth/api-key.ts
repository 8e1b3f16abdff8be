import { GatewayError } from '../errors';
import type { EncryptedBlob } from '../encrypted-blob';

/**
 * A partner API key: a public id sent in X-Api-Key and a secret that signs requests. The secret is
 * shown once at creation and stored only encrypted.
 */
export type ApiKeyStatus = 'ACTIVE' | 'REVOKED';

export interface ApiKey {
  readonly id: string;
  readonly partnerId: string;
  readonly name: string;
  readonly status: ApiKeyStatus;
  readonly secretCiphertext: EncryptedBlob;
  /** Addresses or CIDR ranges allowed to use the key; empty allows any. */
  readonly ipAllowlist: readonly string[];
  readonly createdAt: string;
  readonly revokedAt?: string;
  /** Last successful authentication, recorded at most once a minute (see LAST_USED_RESOLUTION_MS). */
  readonly lastUsedAt?: string;
  readonly updatedAt?: string;
}

/**
 * "Last used" is refreshed only when the stored value is older than this, decided from the key item the
 * authenticator already read: steady traffic costs one extra write per key per minute, not per request.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function lastUsedIsStale(key: Pick<ApiKey, 'lastUsedAt'>, now: Date): boolean {
  return (
    key.lastUsedAt === undefined || now.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_RESOLUTION_MS
  );
}

/**
 * Active API keys per partner. Each carries a copy of its partner's status, changed with the partner in
 * one DynamoDB transaction (at most 100 items: the partner and 99 keys), see ADR 0026.
 */
export const MAX_API_KEYS_PER_PARTNER = 99;

export const API_KEY_ID_PATTERN = /^ak_[0-9a-z]{26}$/;

export type ApiKeyEvent = 'REVOKE';
const API_KEY_TRANSITIONS: Readonly<Record<ApiKeyStatus, Partial<Record<ApiKeyEvent, ApiKeyStatus>>>> = {
  ACTIVE: { REVOKE: 'REVOKED' },
  REVOKED: {},
};

export function transitionApiKey(from: ApiKeyStatus, event: ApiKeyEvent): ApiKeyStatus {
  const to = API_KEY_TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `API key cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}

/** Encryption context binding a stored secret to its key id and partner, so blobs cannot be swapped. */
export function apiKeySecretContext(key: Pick<ApiKey, 'id' | 'partnerId'>): Record<string, string> {
  return { purpose: 'api-key-secret', apiKeyId: key.id, partnerId: key.partnerId };
}
