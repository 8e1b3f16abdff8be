/**
 * A secret encrypted at rest (envelope encryption, shared/ports/key-vault.ts): what the domain records
 * carry (API secrets, TOTP secrets, webhook signing secrets). Only a KeyVault opens it.
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
