import { computeAddress, getBytes, randomBytes, SigningKey } from 'ethers';
import type { BytesLike } from 'ethers';
import { DigestSignerError } from '../../ports/digest-signer';
import type { DigestSignature, DigestSigner } from '../../ports/digest-signer';

const REDACTED = '[ REDACTED ]';

/**
 * The local stand-in for a KMS MASTER key: the same port over a secp256k1 key held in memory. ethers
 * signs deterministically (RFC 6979) and already returns low s. The key is never shown: printing,
 * logging or JSON-encoding the signer gives its key reference only.
 */
export class LocalDigestSigner implements DigestSigner {
  readonly keyRef: string;
  readonly #key: SigningKey;

  /** `keyRef` defaults to `local:<checksummed address>`. */
  constructor(privateKey: BytesLike | SigningKey, keyRef?: string) {
    this.#key = privateKey instanceof SigningKey ? privateKey : new SigningKey(privateKey);
    this.keyRef = keyRef ?? `local:${computeAddress(this.#key.publicKey)}`;
  }

  /** A fresh random key (tests, throwaway local stacks). */
  static random(keyRef?: string): LocalDigestSigner {
    // A random 32-byte string is a valid key unless it is 0 or ≥ n (odds about 2^-128): draw again then.
    for (;;) {
      try {
        return new LocalDigestSigner(new SigningKey(randomBytes(32)), keyRef);
      } catch {
        continue;
      }
    }
  }

  publicKey(): Promise<Uint8Array> {
    return Promise.resolve(getBytes(this.#key.publicKey));
  }

  signDigest(digest32: Uint8Array): Promise<DigestSignature> {
    if (!(digest32 instanceof Uint8Array) || digest32.length !== 32) {
      return Promise.reject(
        new DigestSignerError('DIGEST_INVALID', 'A digest must be exactly 32 bytes', { keyRef: this.keyRef }),
      );
    }
    const sig = this.#key.sign(digest32);
    return Promise.resolve({ r: sig.r, s: sig.s, yParity: sig.yParity });
  }

  toString(): string {
    return `LocalDigestSigner { keyRef: ${this.keyRef}, key: ${REDACTED} }`;
  }

  toJSON(): Record<string, string> {
    return { keyRef: this.keyRef, key: REDACTED };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
