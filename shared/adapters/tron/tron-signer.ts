import { SigningKey } from 'ethers';
import { tronAddressOfPublicKey } from './tron-address';

/**
 * Signing a TRON transaction = one secp256k1 signature over its txID (sha256 of raw_data), encoded as
 * 65 bytes `r || s || v` with `v = 27 + yParity`. The key never leaves the signer: an HD-derived key
 * (HOT addresses, the gas tank) or any digest signer (KMS for the MASTER, see `tronSignerFromDigest`).
 */
export interface TronUnsignedTransaction {
  readonly txID: string;
  readonly raw_data: unknown;
  readonly raw_data_hex: string;
  readonly visible?: boolean;
}

export interface TronSignedTransaction extends TronUnsignedTransaction {
  readonly signature: readonly string[];
}

export interface TronSigner {
  /** base58 */
  readonly address: string;
  signTransaction(tx: TronUnsignedTransaction): Promise<TronSignedTransaction>;
}

/** What a digest signer returns (structurally the signer port's DigestSignature). */
export interface RecoverableSignature {
  readonly r: string;
  readonly s: string;
  readonly yParity: 0 | 1;
}

/** TRON's 65-byte signature hex (no 0x) from r, s and the recovery parity. */
export function toTronSignature(sig: RecoverableSignature): string {
  const pad = (h: string) => h.replace(/^0x/i, '').padStart(64, '0').toLowerCase();
  return `${pad(sig.r)}${pad(sig.s)}${(27 + sig.yParity).toString(16)}`;
}

function txIdBytes(tx: TronUnsignedTransaction): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(tx.txID)) throw new Error('transaction has no valid txID');
  return Buffer.from(tx.txID, 'hex');
}

/** A TRON signer over any digest signer (a KMS key, the local stand-in for it). */
export function tronSignerFromDigest(
  address: string,
  signer: { signDigest(digest32: Uint8Array): Promise<RecoverableSignature> },
): TronSigner {
  return {
    address,
    signTransaction: async (tx) => ({
      ...tx,
      signature: [toTronSignature(await signer.signDigest(txIdBytes(tx)))],
    }),
  };
}

/** A signer holding one private key in memory (HD-derived deposit addresses, the local gas tank). */
export class PrivateKeyTronSigner implements TronSigner {
  readonly address: string;
  readonly #key: SigningKey;

  constructor(privateKey: string) {
    this.#key = new SigningKey(privateKey.startsWith('0x') ? privateKey : `0x${privateKey}`);
    this.address = tronAddressOfPublicKey(this.#key.publicKey);
  }

  async signTransaction(tx: TronUnsignedTransaction): Promise<TronSignedTransaction> {
    const sig = this.#key.sign(txIdBytes(tx));
    return { ...tx, signature: [toTronSignature({ r: sig.r, s: sig.s, yParity: sig.yParity })] };
  }

  toJSON(): string {
    return `TronSigner(${this.address}, key [ REDACTED ])`;
  }
}
