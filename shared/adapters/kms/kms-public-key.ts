import type { KMSClient } from '@aws-sdk/client-kms';
import { computeAddress, encodeBase58, getBytes, hexlify, SigningKey, sha256 } from 'ethers';
import { deferredClient } from '../aws/deferred-client';
import type { ClientSource } from '../aws/deferred-client';
import { DigestSignerError } from '../../ports/digest-signer';

/**
 * A KMS secp256k1 key's public side: GetPublicKey, the SubjectPublicKeyInfo checked and parsed, and
 * the EVM and TRON addresses. What a function that shows MASTER needs; `KmsDigestSigner`
 * (kms-digest-signer.ts) adds the signing, so the signature handling is not bundled with the address.
 */

/** DER of the OIDs in a SubjectPublicKeyInfo: id-ecPublicKey (1.2.840.10045.2.1), secp256k1 (1.3.132.0.10). */
const OID_EC_PUBLIC_KEY = '2a8648ce3d0201';
const OID_SECP256K1 = '2b8104000a';

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OID = 0x06;
export const TAG_SEQUENCE = 0x30;

export class DerReader {
  private pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  /** Reads one TLV of the expected tag; returns its value bytes. */
  read(tag: number): Uint8Array {
    const t = this.bytes[this.pos];
    if (t !== tag)
      this.fail(
        `expected tag 0x${tag.toString(16)}, found ${t === undefined ? 'end' : `0x${t.toString(16)}`}`,
      );
    let length = this.bytes[this.pos + 1];
    let offset = this.pos + 2;
    if (length === undefined) return this.fail('truncated length');
    if (length & 0x80) {
      // Long form: DER allows it only for lengths ≥ 128, in the fewest bytes.
      const count = length & 0x7f;
      if (count === 0 || count > 2) return this.fail('unsupported length');
      length = 0;
      for (let i = 0; i < count; i++) {
        const b = this.bytes[offset + i];
        if (b === undefined) return this.fail('truncated length');
        if (i === 0 && b === 0) return this.fail('non-minimal length');
        length = (length << 8) | b;
      }
      if (length < 0x80) return this.fail('non-minimal length');
      offset += count;
    }
    if (offset + length > this.bytes.length) return this.fail('truncated value');
    this.pos = offset + length;
    return this.bytes.subarray(offset, offset + length);
  }

  end(): void {
    if (this.pos !== this.bytes.length) this.fail('trailing bytes');
  }

  fail(detail: string): never {
    throw new DigestSignerError('SIGNATURE_MALFORMED', `Malformed DER ${this.what}: ${detail}`);
  }
}

/**
 * SubjectPublicKeyInfo (what KMS GetPublicKey returns) → the 65-byte uncompressed point. Refuses any
 * key that is not id-ecPublicKey on secp256k1: a P-256 key would sign happily and lose the funds.
 */
export function parseSecp256k1Spki(der: Uint8Array): Uint8Array {
  try {
    const outer = new DerReader(der, 'public key');
    const spki = new DerReader(outer.read(TAG_SEQUENCE), 'public key');
    outer.end();
    const algorithm = new DerReader(spki.read(TAG_SEQUENCE), 'public key');
    const keyType = hexlify(algorithm.read(TAG_OID)).slice(2);
    const curve = hexlify(algorithm.read(TAG_OID)).slice(2);
    algorithm.end();
    const bits = spki.read(TAG_BIT_STRING);
    spki.end();
    if (keyType !== OID_EC_PUBLIC_KEY) {
      throw new DigestSignerError(
        'KEY_UNSUPPORTED',
        `Not an elliptic-curve public key (algorithm OID 0x${keyType})`,
      );
    }
    if (curve !== OID_SECP256K1) {
      throw new DigestSignerError('KEY_UNSUPPORTED', `Public key is not on secp256k1 (curve OID 0x${curve})`);
    }
    // BIT STRING: one byte of unused bits (0), then the point.
    const point = bits.subarray(1);
    if (bits[0] !== 0)
      throw new DigestSignerError('KEY_UNSUPPORTED', 'Public key bit string has unused bits');
    if (point.length === 33 || point.length === 65) {
      // SigningKey.computePublicKey checks the point is on the curve and decompresses.
      return getBytes(SigningKey.computePublicKey(point, false));
    }
    throw new DigestSignerError('KEY_UNSUPPORTED', `Public key point has ${point.length} bytes`);
  } catch (e) {
    if (e instanceof DigestSignerError && e.reason === 'KEY_UNSUPPORTED') throw e;
    throw new DigestSignerError('KEY_UNSUPPORTED', `Unreadable public key: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** Checksummed EVM address of an uncompressed or compressed secp256k1 public key. */
export function evmAddressOf(publicKey: Uint8Array): string {
  return computeAddress(hexlify(publicKey));
}

/** TRON base58check address (`T…`) of a public key: `0x41 || evm address bytes`, double-sha256 checksum. */
export function tronAddressOf(publicKey: Uint8Array): string {
  const payload = getBytes(`0x41${evmAddressOf(publicKey).slice(2)}`);
  const checksum = getBytes(sha256(sha256(payload))).subarray(0, 4);
  return encodeBase58(new Uint8Array([...payload, ...checksum]));
}

/** A KMS key's public key and addresses (read once per instance). */
export class KmsPublicKey {
  readonly keyRef: string;
  private cachedPublicKey: Promise<Uint8Array> | undefined;
  protected readonly kms: () => Promise<KMSClient>;

  /**
   * `keyId`: a key id, key ARN, alias name (`alias/…`) or alias ARN. `kms`: a client, or a factory
   * called on first use (the KMS package then loads then, not at cold start: ADR 0025).
   */
  constructor(
    kms: ClientSource<KMSClient>,
    readonly keyId: string,
  ) {
    this.keyRef = keyId;
    this.kms = deferredClient(kms);
  }

  /** Fetched once per instance: a KMS key's public key never changes. A failure is not cached. */
  publicKey(): Promise<Uint8Array> {
    this.cachedPublicKey ??= this.fetchPublicKey().catch((e: unknown) => {
      this.cachedPublicKey = undefined;
      throw e;
    });
    return this.cachedPublicKey.then((k) => k.slice());
  }

  private async fetchPublicKey(): Promise<Uint8Array> {
    const { GetPublicKeyCommand } = await import('@aws-sdk/client-kms');
    const out = await (await this.kms()).send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (out.KeyUsage !== undefined && out.KeyUsage !== 'SIGN_VERIFY') {
      throw new DigestSignerError('KEY_UNSUPPORTED', `KMS key usage is ${out.KeyUsage}, not SIGN_VERIFY`, {
        keyRef: this.keyRef,
      });
    }
    if (out.KeySpec !== undefined && out.KeySpec !== 'ECC_SECG_P256K1') {
      throw new DigestSignerError('KEY_UNSUPPORTED', `KMS key spec is ${out.KeySpec}, not ECC_SECG_P256K1`, {
        keyRef: this.keyRef,
      });
    }
    if (!out.PublicKey)
      throw new DigestSignerError('KEY_UNSUPPORTED', 'KMS GetPublicKey returned no key', {
        keyRef: this.keyRef,
      });
    return parseSecp256k1Spki(out.PublicKey);
  }
  async addressEvm(): Promise<string> {
    return evmAddressOf(await this.publicKey());
  }

  async addressTron(): Promise<string> {
    return tronAddressOf(await this.publicKey());
  }
}
