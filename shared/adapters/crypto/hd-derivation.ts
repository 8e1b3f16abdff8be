import { HDKey } from '@scure/bip32';
import { getAddress, keccak256, Mnemonic } from 'ethers';
import { tronBase58 } from '../tron/tron-address';

/**
 * BIP-32 derivation for the HD keyrings, on @scure/bip32 (audited, no wallet code) and ethers' small
 * pieces (keccak256, EIP-55 checksums, BIP-39 mnemonics): addresses from the extended public keys the
 * keyrings store (what API functions need), and account keys from the seed (what only the keyrings'
 * seed creation and the signers need). ethers' `HDNodeWallet` would bring its wallet, JSON keystore,
 * aes-js and scrypt into every function that shows an address (docs/adr/0025-lambda-bundles.md).
 *
 * The extended keys are BIP-32 `xpub…` strings (version 0x0488B21E), the format `HDNodeWallet`'s
 * `neuter().extendedKey` produced for seeds made before this module; both read and write it.
 */

/** secp256k1's field prime; p ≡ 3 (mod 4), so a square root is a single exponentiation. */
const P = 2n ** 256n - 2n ** 32n - 977n;

function powMod(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * A compressed public key (0x02/0x03 ‖ x) as the 64 bytes x ‖ y that address hashing takes:
 * y² = x³ + 7 (mod p), and of the two roots the one whose parity the prefix names.
 */
export function uncompressedPublicKey(compressed: Uint8Array): Uint8Array {
  const prefix = compressed[0];
  if (compressed.length !== 33 || (prefix !== 2 && prefix !== 3))
    throw new Error('Not a compressed secp256k1 public key');
  const x = BigInt(`0x${hexOf(compressed.subarray(1))}`);
  const ySquared = (x ** 3n + 7n) % P;
  let y = powMod(ySquared, (P + 1n) / 4n, P);
  if ((y * y) % P !== ySquared) throw new Error('Not a point on secp256k1');
  if (Number(y & 1n) !== (prefix & 1)) y = P - y;
  return Buffer.from(`${x.toString(16).padStart(64, '0')}${y.toString(16).padStart(64, '0')}`, 'hex');
}

/** The 20-byte account (EVM address, TRON's body) of a compressed public key, lower-case 0x-hex. */
function accountOf(compressed: Uint8Array): string {
  return `0x${keccak256(uncompressedPublicKey(compressed)).slice(-40)}`;
}

/** Derives the non-hardened children of one extended public key; parses the key once. */
export class XpubDeriver {
  private readonly node: HDKey;

  constructor(xpub: string) {
    this.node = HDKey.fromExtendedKey(xpub);
    if (this.node.privateKey) throw new Error('Expected an extended public key, got a private one');
  }

  /** The compressed public key of child `index`. */
  publicKey(index: number): Uint8Array {
    if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** 31)
      throw new RangeError(`HD index out of range: ${index}`);
    const key = this.node.deriveChild(index).publicKey;
    if (!key) throw new Error('No public key derived');
    return key;
  }

  /** Checksummed (EIP-55) EVM address of child `index`. */
  evmAddress(index: number): string {
    return getAddress(accountOf(this.publicKey(index)));
  }

  /** base58 TRON address of child `index` (0x41 ‖ the same 20 bytes). */
  tronAddress(index: number): string {
    return tronBase58(accountOf(this.publicKey(index)));
  }
}

/** The BIP-39 seed of a mnemonic phrase (English wordlist, no passphrase), as `HDNodeWallet.fromPhrase` takes it. */
export function seedOfPhrase(phrase: string): Uint8Array {
  return Buffer.from(Mnemonic.fromPhrase(phrase).computeSeed().slice(2), 'hex');
}

/** A new 24-word mnemonic from 32 bytes of entropy. */
export function newMnemonicPhrase(entropy: Uint8Array): string {
  return Mnemonic.fromEntropy(entropy).phrase;
}

/** The extended public key at a (hardened) account path such as `m/44'/60'/0'/0`. */
export function extendedPublicKeyAt(seed: Uint8Array, path: string): string {
  return HDKey.fromMasterSeed(seed).derive(path).publicExtendedKey;
}

/** The private key at a full path, 0x-hex. Only the signers call this. */
export function privateKeyAt(seed: Uint8Array, path: string): string {
  const key = HDKey.fromMasterSeed(seed).derive(path).privateKey;
  if (!key) throw new Error(`No private key derived at ${path}`);
  return `0x${hexOf(key)}`;
}
