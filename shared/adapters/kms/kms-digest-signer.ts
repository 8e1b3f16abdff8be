import { hexlify, SigningKey, Signature, toBeHex } from 'ethers';
import { DigestSignerError } from '../../ports/digest-signer';
import type { DigestSignature, DigestSigner } from '../../ports/digest-signer';
import { DerReader, KmsPublicKey, TAG_INTEGER, TAG_SEQUENCE } from './kms-public-key';

export { evmAddressOf, parseSecp256k1Spki, tronAddressOf } from './kms-public-key';

/**
 * The MASTER wallet's signer on AWS: a KMS asymmetric key (ECC_SECG_P256K1, SIGN_VERIFY) that signs
 * 32-byte digests. KMS answers in DER and knows nothing of Ethereum: this adapter turns its answer into
 * `{ r, s (low), yParity }` (see README.md beside this file).
 */

/** Order of the secp256k1 group. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = SECP256K1_N >> 1n;

/** A DER INTEGER that must be positive and minimally encoded. */
function readPositiveInteger(reader: DerReader, name: string): bigint {
  const value = reader.read(TAG_INTEGER);
  const first = value[0];
  if (first === undefined) return reader.fail(`${name} is empty`);
  if (first & 0x80) return reader.fail(`${name} is negative`);
  if (first === 0 && value.length > 1 && !((value[1] ?? 0) & 0x80))
    return reader.fail(`${name} has a redundant leading zero`);
  return BigInt(hexlify(value));
}

/**
 * `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` → r, s. Integers are minimal DER: 1 to 33
 * bytes, a leading 0x00 only before a high bit (so 33 bytes for half the values, fewer when the top
 * bytes are zero). Both must lie in [1, n-1].
 */
export function parseDerSignature(der: Uint8Array): { r: bigint; s: bigint } {
  const outer = new DerReader(der, 'ECDSA signature');
  const body = outer.read(TAG_SEQUENCE);
  outer.end();
  const inner = new DerReader(body, 'ECDSA signature');
  const r = readPositiveInteger(inner, 'r');
  const s = readPositiveInteger(inner, 's');
  inner.end();
  for (const [name, v] of [
    ['r', r],
    ['s', s],
  ] as const) {
    if (v === 0n || v >= SECP256K1_N) inner.fail(`${name} is out of range`);
  }
  return { r, s };
}

export function assertDigest(digest: Uint8Array, keyRef?: string): void {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) {
    throw new DigestSignerError('DIGEST_INVALID', 'A digest must be exactly 32 bytes', { keyRef });
  }
}

/**
 * A raw (r, s) over `digest` → `{ r, s, yParity }` with s low and the recovery id under which it
 * recovers to `publicKey`. Flipping s to n - s flips the parity of R's y, so the parity is found by
 * trying both rather than tracked.
 */
export function normaliseSignature(
  digest: Uint8Array,
  raw: { r: bigint; s: bigint },
  publicKey: Uint8Array,
  keyRef?: string,
): DigestSignature {
  const s = raw.s > HALF_N ? SECP256K1_N - raw.s : raw.s;
  const r = toBeHex(raw.r, 32);
  const sHex = toBeHex(s, 32);
  const expected = hexlify(publicKey);
  for (const yParity of [0, 1] as const) {
    let recovered: string;
    try {
      recovered = SigningKey.recoverPublicKey(digest, Signature.from({ r, s: sHex, yParity }));
    } catch {
      continue; // r is not the x of a curve point for this parity
    }
    if (recovered === expected) return { r, s: sHex, yParity };
  }
  throw new DigestSignerError(
    'SIGNATURE_NOT_RECOVERABLE',
    'The signature does not recover to the signing key for either recovery id (wrong key, or not a signature over this digest)',
    { keyRef },
  );
}

/** The KMS key that signs: its public side (`KmsPublicKey`) plus `signDigest`. */
export class KmsDigestSigner extends KmsPublicKey implements DigestSigner {
  async signDigest(digest32: Uint8Array): Promise<DigestSignature> {
    assertDigest(digest32, this.keyRef);
    const digest = digest32.slice();
    const publicKey = await this.publicKey();
    // DIGEST: KMS signs these 32 bytes as the hash. RAW would SHA-256 them first, and the signature
    // would then be over sha256(keccak(tx)), which no chain checks.
    const { SignCommand } = await import('@aws-sdk/client-kms');
    const out = await (
      await this.kms()
    ).send(
      new SignCommand({
        KeyId: this.keyId,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!out.Signature)
      throw new DigestSignerError('SIGNATURE_MALFORMED', 'KMS Sign returned no signature', {
        keyRef: this.keyRef,
      });
    return normaliseSignature(digest, parseDerSignature(out.Signature), publicKey, this.keyRef);
  }
}
