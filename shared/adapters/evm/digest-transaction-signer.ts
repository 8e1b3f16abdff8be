import { computeAddress, getBytes, hexlify, Signature, Transaction } from 'ethers';
import { DigestSignerError } from '../../ports/digest-signer';
import type { DigestSignature, DigestSigner } from '../../ports/digest-signer';
import type { EvmTxRequest, SignedTx, TransactionSigner } from '../../ports/sweeps';

/**
 * A TransactionSigner over a DigestSigner: the MASTER wallet (KMS on AWS, a local key here) signs EVM
 * transactions without its key ever being in this process. ethers builds the legacy (type 0, EIP-155)
 * transaction and its `unsignedHash`; the digest signer signs that hash; ethers serializes the result.
 */
export class DigestTransactionSigner implements TransactionSigner {
  /** Checksummed address of the signer's public key. */
  readonly address: string;
  readonly keyRef: string;
  #signCalls = 0;

  private constructor(
    private readonly signer: DigestSigner,
    address: string,
  ) {
    this.address = address;
    this.keyRef = signer.keyRef;
  }

  /** Reads the public key once (one KMS GetPublicKey) to know the address. */
  static async create(signer: DigestSigner): Promise<DigestTransactionSigner> {
    return new DigestTransactionSigner(signer, computeAddress(hexlify(await signer.publicKey())));
  }

  /** Digest signatures asked for so far (KMS Sign calls, for a KMS signer): exactly one per transaction. */
  get signCalls(): number {
    return this.#signCalls;
  }

  async signTransaction(request: EvmTxRequest): Promise<SignedTx> {
    const tx = Transaction.from({
      type: 0,
      chainId: BigInt(request.chainId),
      nonce: request.nonce,
      to: request.to,
      data: request.data,
      value: request.value,
      gasLimit: request.gasLimit,
      gasPrice: request.gasPrice,
    });
    this.#signCalls += 1;
    const sig = await this.signer.signDigest(getBytes(tx.unsignedHash));
    tx.signature = Signature.from({ r: sig.r, s: sig.s, yParity: sig.yParity });
    // The port promises a signature that recovers to the key; a signer that breaks it must not get a
    // transaction from some other address broadcast in the MASTER wallet's name.
    if (tx.from !== this.address) {
      throw new DigestSignerError(
        'SIGNATURE_NOT_RECOVERABLE',
        `The signature recovers to ${tx.from ?? 'nobody'}, not ${this.address}`,
        { keyRef: this.keyRef },
      );
    }
    return { raw: tx.serialized, hash: (tx.hash ?? '').toLowerCase() };
  }
}

/**
 * Counts digest signatures through any DigestSigner (the TRON side, or a benchmark wrapping a KMS
 * signer to print KMS Sign calls per withdrawal). Failed calls count too: KMS bills and throttles them.
 */
export class SignCallCounter implements DigestSigner {
  #calls = 0;

  constructor(private readonly inner: DigestSigner) {}

  get keyRef(): string {
    return this.inner.keyRef;
  }

  get calls(): number {
    return this.#calls;
  }

  publicKey(): Promise<Uint8Array> {
    return this.inner.publicKey();
  }

  signDigest(digest32: Uint8Array): Promise<DigestSignature> {
    this.#calls += 1;
    return this.inner.signDigest(digest32);
  }
}
