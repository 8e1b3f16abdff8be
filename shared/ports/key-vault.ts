/**
 * Envelope encryption of secrets at rest (API secrets, TOTP secrets, the HD seed). On AWS the data keys
 * are wrapped by a KMS key; locally by a key file. The encryption context is authenticated: decrypting
 * with a different context fails.
 */
export interface EncryptedBlob {
  readonly v: 1;
  /** Which key-encryption key wrapped the data key (KMS key ARN or `local-file`). */
  readonly kek: string;
  /** Wrapped data key, base64. */
  readonly edk: string;
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

export interface KeyVault {
  encrypt(plaintext: Uint8Array, context: Readonly<Record<string, string>>): Promise<EncryptedBlob>;
  decrypt(blob: EncryptedBlob, context: Readonly<Record<string, string>>): Promise<Uint8Array>;
}
