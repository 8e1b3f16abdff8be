import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedBlob, KeyVault } from '../../ports/key-vault';

/**
 * Envelope encryption: each secret gets a fresh 256-bit data key (AES-256-GCM), and only the data key
 * is wrapped by the key-encryption key (KMS or the local key file). The encryption context is bound
 * twice: by the wrapping service and as GCM additional data, so a blob moved to another record fails.
 */
export interface DataKeyProvider {
  /** Identifies the key-encryption key, stored with each blob. */
  readonly kekId: string;
  generateDataKey(
    context: Readonly<Record<string, string>>,
  ): Promise<{ plaintext: Uint8Array; wrapped: Uint8Array }>;
  unwrapDataKey(wrapped: Uint8Array, context: Readonly<Record<string, string>>): Promise<Uint8Array>;
}

/** Canonical context bytes: sorted keys so the same context always authenticates the same way. */
export function contextAad(context: Readonly<Record<string, string>>): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

export class EnvelopeKeyVault implements KeyVault {
  constructor(private readonly provider: DataKeyProvider) {}

  async encrypt(plaintext: Uint8Array, context: Readonly<Record<string, string>>): Promise<EncryptedBlob> {
    const dataKey = await this.provider.generateDataKey(context);
    try {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv);
      cipher.setAAD(contextAad(context));
      const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return {
        v: 1,
        kek: this.provider.kekId,
        edk: Buffer.from(dataKey.wrapped).toString('base64'),
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ct: ct.toString('base64'),
      };
    } finally {
      dataKey.plaintext.fill(0);
    }
  }

  async decrypt(blob: EncryptedBlob, context: Readonly<Record<string, string>>): Promise<Uint8Array> {
    if (blob.v !== 1) throw new Error(`Unsupported encrypted blob version ${String(blob.v)}`);
    const dataKey = await this.provider.unwrapDataKey(Buffer.from(blob.edk, 'base64'), context);
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(blob.iv, 'base64'));
      decipher.setAAD(contextAad(context));
      decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(blob.ct, 'base64')), decipher.final()]);
    } finally {
      dataKey.fill(0);
    }
  }
}
