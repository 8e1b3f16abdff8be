import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { contextAad } from '../crypto/envelope-key-vault';
import type { DataKeyProvider } from '../crypto/envelope-key-vault';

/**
 * The local stand-in for the KMS envelope key: a 32-byte key file (mode 0600) created on first use.
 * Wrapped data key = iv(12) ‖ tag(16) ‖ AES-256-GCM(kek, dataKey) with the context as additional data.
 */
export class LocalFileDataKeyProvider implements DataKeyProvider {
  readonly kekId = 'local-file';
  private kek: Buffer | undefined;

  constructor(private readonly path: string) {}

  private key(): Buffer {
    if (this.kek) return this.kek;
    if (!existsSync(this.path)) {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, randomBytes(32), { mode: 0o600, flag: 'wx' });
    }
    const key = readFileSync(this.path);
    if (key.length !== 32) throw new Error(`Local key file ${this.path} must hold exactly 32 bytes`);
    chmodSync(this.path, 0o600);
    this.kek = key;
    return key;
  }

  async generateDataKey(context: Readonly<Record<string, string>>) {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    cipher.setAAD(contextAad(context));
    const wrapped = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), wrapped]) };
  }

  async unwrapDataKey(wrapped: Uint8Array, context: Readonly<Record<string, string>>) {
    const buf = Buffer.from(wrapped);
    const decipher = createDecipheriv('aes-256-gcm', this.key(), buf.subarray(0, 12));
    decipher.setAAD(contextAad(context));
    decipher.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
  }
}
