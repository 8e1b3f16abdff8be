import type { EncryptedBlob } from '../domain/encrypted-blob';

/**
 * Envelope encryption of secrets at rest (API secrets, TOTP secrets, the HD seed). On AWS the data keys
 * are wrapped by a KMS key; locally by a key file. The encryption context is authenticated: decrypting
 * with a different context fails.
 */
export type { EncryptedBlob };

export interface KeyVault {
  encrypt(plaintext: Uint8Array, context: Readonly<Record<string, string>>): Promise<EncryptedBlob>;
  decrypt(blob: EncryptedBlob, context: Readonly<Record<string, string>>): Promise<Uint8Array>;
}
