import {
  computeHmac,
  concat,
  dataSlice,
  decodeBase58,
  encodeBase58,
  getAddress,
  getBytes,
  hexlify,
  keccak256,
  Mnemonic,
  ripemd160,
  sha256,
  SigningKey,
  toBeHex,
  toUtf8Bytes,
} from 'ethers';
import { tronBase58 } from '../tron/tron-address';

/**
 * BIP-32 derivation for the HD keyrings from ethers' small pieces (secp256k1 point arithmetic in
 * `SigningKey`, HMAC-SHA512, RIPEMD-160, base58, keccak256, BIP-39 mnemonics): addresses from the
 * extended public keys the keyrings store (what API functions need), and account keys from the seed
 * (what seed creation and the signers need). ethers' `HDNodeWallet` does the same arithmetic but
 * brings its wallet, JSON keystore, aes-js and scrypt into every function that shows an address;
 * @scure/bip32 would bring a second secp256k1 (@noble/curves 1.9, ~50 KB) beside ethers' own in every
 * function that also signs (docs/adr/0025-lambda-bundles.md). A property test holds these functions
 * to `HDNodeWallet`'s results, byte for byte.
 *
 * Extended public keys are BIP-32 `xpub…` strings (version 0x0488B21E), the format `HDNodeWallet`'s
 * `neuter().extendedKey` produced for seeds made before this module; both read and write it.
 */

/** The order of secp256k1's group. */
const N = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
const HARDENED = 0x80000000;
const XPUB_VERSION = '0x0488b21e';
const XPRV_VERSION = '0x0488ade4';
const MASTER_SECRET = toUtf8Bytes('Bitcoin seed');

interface HdNode {
  /** 0x-hex, 32 bytes; absent on a public-only node. */
  readonly privateKey?: string;
  /** Compressed, 0x-hex, 33 bytes. */
  readonly publicKey: string;
  readonly chainCode: string;
  readonly depth: number;
  readonly parentFingerprint: string;
  readonly index: number;
}

const ser32 = (n: number): string => toBeHex(n, 4);
const fingerprint = (publicKey: string): string => dataSlice(ripemd160(sha256(publicKey)), 0, 4);
const checksum = (data: string): string => dataSlice(sha256(sha256(data)), 0, 4);

function nodeOfPrivateKey(
  privateKey: string,
  chainCode: string,
  from: { depth: number; parentFingerprint: string; index: number },
): HdNode {
  return { privateKey, publicKey: SigningKey.computePublicKey(privateKey, true), chainCode, ...from };
}

function masterNode(seed: Uint8Array): HdNode {
  const I = computeHmac('sha512', MASTER_SECRET, seed);
  const key = BigInt(dataSlice(I, 0, 32));
  if (key === 0n || key >= N) throw new Error('Invalid master key; use another seed');
  return nodeOfPrivateKey(dataSlice(I, 0, 32), dataSlice(I, 32), {
    depth: 0,
    parentFingerprint: '0x00000000',
    index: 0,
  });
}

/** Child `index` (hardened when ≥ 2^31) of a node; private when the parent is, else public (non-hardened only). */
function child(node: HdNode, index: number): HdNode {
  if (!Number.isSafeInteger(index) || index < 0 || index > 0xffffffff)
    throw new RangeError(`HD index out of range: ${index}`);
  const hardened = index >= HARDENED;
  if (hardened && !node.privateKey) throw new Error('A hardened child needs the private key');
  const data = hardened
    ? concat(['0x00', node.privateKey!, ser32(index)])
    : concat([node.publicKey, ser32(index)]);
  const I = computeHmac('sha512', node.chainCode, data);
  const tweak = BigInt(dataSlice(I, 0, 32));
  // Probability below 2^-127; BIP-32 says to move on to the next index, which the caller does not expect.
  if (tweak >= N) throw new Error(`Invalid child at index ${index}`);
  const from = { depth: node.depth + 1, parentFingerprint: fingerprint(node.publicKey), index };
  const chainCode = dataSlice(I, 32);
  if (node.privateKey) {
    const key = (tweak + BigInt(node.privateKey)) % N;
    if (key === 0n) throw new Error(`Invalid child at index ${index}`);
    return nodeOfPrivateKey(toBeHex(key, 32), chainCode, from);
  }
  if (tweak === 0n) throw new Error(`Invalid child at index ${index}`);
  const publicKey = SigningKey.addPoints(
    SigningKey.computePublicKey(toBeHex(tweak, 32)),
    node.publicKey,
    true,
  );
  return { publicKey, chainCode, ...from };
}

function derivePath(node: HdNode, path: string): HdNode {
  const parts = path.split('/');
  if (parts[0] !== 'm') throw new Error(`Not a BIP-32 path: ${path}`);
  return parts.slice(1).reduce((n, part) => {
    const m = /^(\d+)('?)$/.exec(part);
    if (!m) throw new Error(`Not a BIP-32 path: ${path}`);
    const i = Number(m[1]);
    if (i >= HARDENED) throw new Error(`Not a BIP-32 path: ${path}`);
    return child(n, m[2] ? i + HARDENED : i);
  }, node);
}

function serializePublic(node: HdNode): string {
  const data = concat([
    XPUB_VERSION,
    toBeHex(node.depth, 1),
    node.parentFingerprint,
    ser32(node.index),
    node.chainCode,
    node.publicKey,
  ]);
  return encodeBase58(concat([data, checksum(data)]));
}

function parseExtendedPublicKey(xpub: string): HdNode {
  let raw: string;
  try {
    raw = toBeHex(decodeBase58(xpub), 82);
  } catch {
    throw new Error('Not an extended public key');
  }
  const data = dataSlice(raw, 0, 78);
  if (checksum(data) !== dataSlice(raw, 78)) throw new Error('Bad extended key checksum');
  const version = dataSlice(raw, 0, 4);
  if (version === XPRV_VERSION) throw new Error('Expected an extended public key, got a private one');
  if (version !== XPUB_VERSION) throw new Error('Not an extended public key');
  const publicKey = dataSlice(raw, 45, 78);
  SigningKey.computePublicKey(publicKey); // throws when it is not a point on the curve
  return {
    depth: getBytes(raw)[4]!,
    parentFingerprint: dataSlice(raw, 5, 9),
    index: Number(BigInt(dataSlice(raw, 9, 13))),
    chainCode: dataSlice(raw, 13, 45),
    publicKey,
  };
}

/** The 20-byte account (EVM address, TRON's body) of a public key, lower-case 0x-hex. */
function accountOf(publicKey: string): string {
  return `0x${keccak256(dataSlice(SigningKey.computePublicKey(publicKey, false), 1)).slice(-40)}`;
}

/** Derives the non-hardened children of one extended public key; parses the key once. */
export class XpubDeriver {
  private readonly node: HdNode;

  constructor(xpub: string) {
    this.node = parseExtendedPublicKey(xpub);
  }

  /** The compressed public key of child `index` (0x-hex). */
  publicKey(index: number): string {
    if (!Number.isSafeInteger(index) || index < 0 || index >= HARDENED)
      throw new RangeError(`HD index out of range: ${index}`);
    return child(this.node, index).publicKey;
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
  return getBytes(Mnemonic.fromPhrase(phrase).computeSeed());
}

/** A new 24-word mnemonic from 32 bytes of entropy. */
export function newMnemonicPhrase(entropy: Uint8Array): string {
  return Mnemonic.fromEntropy(entropy).phrase;
}

/** The extended public key at an account path such as `m/44'/60'/0'/0`. */
export function extendedPublicKeyAt(seed: Uint8Array, path: string): string {
  return serializePublic(derivePath(masterNode(seed), path));
}

/** The private key at a full path, 0x-hex. Only the signers call this. */
export function privateKeyAt(seed: Uint8Array, path: string): string {
  return hexlify(derivePath(masterNode(seed), path).privateKey!);
}

/** The account-level derivers of a seed's stored extended public keys, each built once. */
export class XpubNodes {
  private readonly nodes = new Map<number, XpubDeriver>();

  constructor(
    private readonly xpubs: () => Promise<Readonly<Record<string, string>>>,
    private readonly family: string,
  ) {}

  async of(account: number): Promise<XpubDeriver> {
    let node = this.nodes.get(account);
    if (!node) {
      const xpub = (await this.xpubs())[String(account)];
      if (!xpub) throw new Error(`No ${this.family} extended public key for HD account ${account}`);
      node = new XpubDeriver(xpub);
      this.nodes.set(account, node);
    }
    return node;
  }
}
