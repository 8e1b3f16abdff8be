import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecryptCommand,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  KMSClient,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { contextAad, EnvelopeKeyVault } from '../../../shared/adapters/crypto/envelope-key-vault';
import { KmsDataKeyProvider } from '../../../shared/adapters/kms/kms-data-key-provider';
import { LocalFileDataKeyProvider } from '../../../shared/adapters/local/local-file-data-key-provider';

const context = { purpose: 'api-key-secret', apiKeyId: 'ak_1', partnerId: 'pt_1' };
const secret = Buffer.from('sk_the-secret-value', 'utf8');

describe('envelope key vault with the local key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kv-'));
  const path = join(dir, 'nested', 'master.key');
  const vault = new EnvelopeKeyVault(new LocalFileDataKeyProvider(path));

  it('round-trips a secret and creates a 0600 key file of 32 bytes', async () => {
    const blob = await vault.encrypt(secret, context);
    expect(Buffer.from(await vault.decrypt(blob, context)).toString('utf8')).toBe('sk_the-secret-value');
    expect(statSync(path).size).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('never stores the plaintext and uses a fresh data key and IV each time', async () => {
    const a = await vault.encrypt(secret, context);
    const b = await vault.encrypt(secret, context);
    expect(JSON.stringify(a)).not.toContain('the-secret-value');
    expect(a.edk).not.toBe(b.edk);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('refuses to decrypt under another encryption context (a blob moved to another record)', async () => {
    const blob = await vault.encrypt(secret, context);
    await expect(vault.decrypt(blob, { ...context, apiKeyId: 'ak_2' })).rejects.toThrow();
  });

  it('refuses a tampered ciphertext', async () => {
    const blob = await vault.encrypt(secret, context);
    const ct = Buffer.from(blob.ct, 'base64');
    ct[0] = (ct[0] as number) ^ 1;
    await expect(vault.decrypt({ ...blob, ct: ct.toString('base64') }, context)).rejects.toThrow();
  });

  it('decrypts with a new process reading the same key file', async () => {
    const blob = await vault.encrypt(secret, context);
    const again = new EnvelopeKeyVault(new LocalFileDataKeyProvider(path));
    expect(Buffer.from(await again.decrypt(blob, context)).toString('utf8')).toBe('sk_the-secret-value');
  });
});

/**
 * A KMS stand-in that behaves like the service: GenerateDataKey returns a random key and a ciphertext
 * blob bound to the key id and encryption context; Decrypt refuses a different context or key with
 * InvalidCiphertextException, as KMS does.
 */
function kmsLikeMock(keyId: string) {
  const kms = mockClient(KMSClient);
  const kek = randomBytes(32);
  kms
    .on(GenerateDataKeyCommand)
    .callsFake((input: { KeyId: string; KeySpec: string; EncryptionContext?: Record<string, string> }) => {
      if (input.KeyId !== keyId) throw new Error('NotFoundException');
      if (input.KeySpec !== 'AES_256') throw new Error('ValidationException');
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek, iv);
      cipher.setAAD(contextAad({ ...input.EncryptionContext, '@key': keyId }));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return {
        KeyId: keyId,
        Plaintext: new Uint8Array(plaintext),
        CiphertextBlob: new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body])),
      };
    });
  kms
    .on(DecryptCommand)
    .callsFake(
      (input: { CiphertextBlob: Uint8Array; KeyId?: string; EncryptionContext?: Record<string, string> }) => {
        const blob = Buffer.from(input.CiphertextBlob);
        try {
          const decipher = createDecipheriv('aes-256-gcm', kek, blob.subarray(0, 12));
          decipher.setAAD(contextAad({ ...input.EncryptionContext, '@key': input.KeyId ?? keyId }));
          decipher.setAuthTag(blob.subarray(12, 28));
          return {
            KeyId: keyId,
            Plaintext: new Uint8Array(Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()])),
          };
        } catch {
          throw new InvalidCiphertextException({ message: 'InvalidCiphertextException', $metadata: {} });
        }
      },
    );
  return kms;
}

describe('envelope key vault with KMS', () => {
  const keyId = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const kms = kmsLikeMock(keyId);
  afterAll(() => kms.restore());
  const vault = new EnvelopeKeyVault(new KmsDataKeyProvider(new KMSClient({ region: 'us-east-1' }), keyId));

  it('wraps the data key with the KMS key and the encryption context', async () => {
    const blob = await vault.encrypt(secret, context);
    expect(blob.kek).toBe(keyId);
    expect(Buffer.from(await vault.decrypt(blob, context)).toString('utf8')).toBe('sk_the-secret-value');
    const generate = kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input;
    expect(generate).toMatchObject({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context });
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: keyId,
      EncryptionContext: context,
    });
  });

  it('fails when KMS refuses the context', async () => {
    const blob = await vault.encrypt(secret, context);
    await expect(vault.decrypt(blob, { ...context, partnerId: 'pt_other' })).rejects.toBeInstanceOf(
      InvalidCiphertextException,
    );
  });
});
