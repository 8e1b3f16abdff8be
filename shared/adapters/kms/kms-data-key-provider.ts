import type { KMSClient } from '@aws-sdk/client-kms';
import { deferredClient } from '../aws/deferred-client';
import type { ClientSource } from '../aws/deferred-client';
import type { DataKeyProvider } from '../crypto/envelope-key-vault';

/** Data keys generated and unwrapped by a symmetric KMS key, bound to the encryption context. */
export class KmsDataKeyProvider implements DataKeyProvider {
  private readonly kms: () => Promise<KMSClient>;

  constructor(
    kms: ClientSource<KMSClient>,
    readonly kekId: string,
  ) {
    this.kms = deferredClient(kms);
  }

  async generateDataKey(context: Readonly<Record<string, string>>) {
    // Loaded on the first key, not at cold start (ClientSource).
    const { GenerateDataKeyCommand } = await import('@aws-sdk/client-kms');
    const out = await (
      await this.kms()
    ).send(
      new GenerateDataKeyCommand({
        KeyId: this.kekId,
        KeySpec: 'AES_256',
        EncryptionContext: { ...context },
      }),
    );
    if (!out.Plaintext || !out.CiphertextBlob)
      throw new Error('KMS GenerateDataKey returned no key material');
    return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
  }

  async unwrapDataKey(wrapped: Uint8Array, context: Readonly<Record<string, string>>) {
    const { DecryptCommand } = await import('@aws-sdk/client-kms');
    const out = await (
      await this.kms()
    ).send(
      new DecryptCommand({ KeyId: this.kekId, CiphertextBlob: wrapped, EncryptionContext: { ...context } }),
    );
    if (!out.Plaintext) throw new Error('KMS Decrypt returned no plaintext');
    return out.Plaintext;
  }
}
