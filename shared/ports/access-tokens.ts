import type { EncryptedBlob } from './key-vault';

/** Claims of a console access token (a short-lived signed JWT in an httpOnly cookie). */
export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
  readonly partnerId: string;
}

export interface AccessTokenIssuer {
  /** Signs claims valid from `now` for `ttlMs`. */
  issue(claims: AccessClaims, now: Date, ttlMs: number): Promise<string>;
  /** The claims of a valid, unexpired token; undefined otherwise (bad signature, expired, malformed). */
  verify(token: string, now: Date): Promise<AccessClaims | undefined>;
}

/** The access-token signing key, stored envelope-encrypted (never in plain text, never logged). */
export interface StoredSigningKey {
  readonly kid: string;
  readonly ciphertext: EncryptedBlob;
  readonly createdAt: string;
}

export interface SigningKeyStore {
  current(): Promise<StoredSigningKey | undefined>;
  /** Stores `key` unless one exists; returns whichever is current afterwards. */
  createIfAbsent(key: StoredSigningKey): Promise<StoredSigningKey>;
}
