import { GatewayError } from '../domain/errors';

/**
 * Signs 32-byte digests with one secp256k1 key: the MASTER wallet of a chain family. On AWS the key is a
 * KMS asymmetric key (ECC_SECG_P256K1, SIGN_VERIFY) that never leaves KMS; locally a key in memory
 * stands in for it. Chain adapters build and hash their transactions and ask only for a signature:
 *
 * - EVM: the digest is `keccak256` of the unsigned transaction (`Transaction.unsignedHash`); the
 *   adapter attaches `{ r, s, yParity }` and ethers serializes it (EIP-155 `v` for legacy transactions).
 * - TRON: the digest is the transaction's `txID`, `sha256(raw_data)`; the adapter turns the signature
 *   into TRON's 65-byte `r || s || v` with `v = 27 + yParity` (`toTronSignatureHex`).
 *
 * Either way the digest is signed as given, never hashed again.
 */
export interface DigestSigner {
  /** Which key signs (a KMS key id or ARN, or `local:<address>`): safe to log, never secret. */
  readonly keyRef: string;
  /** The uncompressed public key: 65 bytes, `0x04 || X || Y`. */
  publicKey(): Promise<Uint8Array>;
  /**
   * Signs exactly these 32 bytes. `s` is already low (EIP-2: `s ≤ n/2`), and `yParity` is the one with
   * which the signature recovers to `publicKey()`.
   */
  signDigest(digest32: Uint8Array): Promise<DigestSignature>;
}

export interface DigestSignature {
  /** 0x-hex, 32 bytes (left-padded). */
  readonly r: string;
  /** 0x-hex, 32 bytes (left-padded), at most n/2. */
  readonly s: string;
  readonly yParity: 0 | 1;
}

/** Why a digest signer refused or failed; all of them are operator problems, never user input. */
export type DigestSignerFailure =
  /** The digest is not exactly 32 bytes. */
  | 'DIGEST_INVALID'
  /** The key is not a secp256k1 signing key (wrong curve, wrong usage, unreadable public key). */
  | 'KEY_UNSUPPORTED'
  /** The signer returned something that is not a DER ECDSA signature with r, s in [1, n-1]. */
  | 'SIGNATURE_MALFORMED'
  /** Neither recovery id recovers the signer's public key: the signature is not over this digest by this key. */
  | 'SIGNATURE_NOT_RECOVERABLE';

export class DigestSignerError extends GatewayError {
  readonly reason: DigestSignerFailure;

  constructor(reason: DigestSignerFailure, message: string, options?: { cause?: unknown; keyRef?: string }) {
    super('INTERNAL', message, {
      cause: options?.cause,
      details: { reason, ...(options?.keyRef ? { keyRef: options.keyRef } : {}) },
    });
    this.reason = reason;
  }
}

export function isDigestSignerError(e: unknown, reason?: DigestSignerFailure): e is DigestSignerError {
  return e instanceof DigestSignerError && (reason === undefined || e.reason === reason);
}

const HEX_32 = /^0x[0-9a-f]{64}$/i;

/**
 * TRON's transaction signature: 65 bytes `r || s || v`, `v = 27 + yParity`, as lower-case hex without
 * `0x` (the form `transaction.signature[]` carries and `/wallet/broadcasttransaction` accepts).
 */
export function toTronSignatureHex(sig: DigestSignature): string {
  if (!HEX_32.test(sig.r) || !HEX_32.test(sig.s)) {
    throw new DigestSignerError('SIGNATURE_MALFORMED', 'r and s must be 0x-hex of exactly 32 bytes');
  }
  if (sig.yParity !== 0 && sig.yParity !== 1) {
    throw new DigestSignerError('SIGNATURE_MALFORMED', 'yParity must be 0 or 1');
  }
  const v = (27 + sig.yParity).toString(16);
  return `${sig.r.slice(2)}${sig.s.slice(2)}${v}`.toLowerCase();
}
