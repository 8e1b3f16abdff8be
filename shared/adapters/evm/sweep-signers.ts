import { Transaction } from 'ethers';
import type { BaseWallet } from 'ethers';
import type { NetworkCode } from '../../config/networks';
import { GAS_TANK_HD_ACCOUNT, GAS_TANK_HD_INDEX } from './hd-addresses';
import type {
  DepositAddressSigners,
  EvmTxRequest,
  GasTankSigners,
  SignedTx,
  TransactionSigner,
} from '../../ports/sweeps';
import type { EvmHdKeyring } from './hd-keyring';

/**
 * Local signers for the sweeper, from the HD seed (decrypted through the key vault by EvmHdKeyring).
 * The gas tanks' HD account and indexes live beside the addresses (hd-addresses.ts), so the API's
 * destination check can find them without loading these signers.
 */
export { GAS_TANK_HD_ACCOUNT, GAS_TANK_HD_INDEX } from './hd-addresses';

/** Signs legacy (type 0, EIP-155) transactions with one in-memory key; never shows the key. */
export class KeyTransactionSigner implements TransactionSigner {
  readonly address: string;
  readonly #wallet: BaseWallet;

  constructor(wallet: BaseWallet) {
    this.#wallet = wallet;
    this.address = wallet.address;
  }

  async signTransaction(tx: EvmTxRequest): Promise<SignedTx> {
    const raw = await this.#wallet.signTransaction({
      type: 0,
      chainId: tx.chainId,
      nonce: tx.nonce,
      to: tx.to,
      data: tx.data,
      value: tx.value,
      gasLimit: tx.gasLimit,
      gasPrice: tx.gasPrice,
    });
    return { raw, hash: Transaction.from(raw).hash?.toLowerCase() ?? '' };
  }

  toJSON(): Record<string, string> {
    return { address: this.address, key: '[ REDACTED ]' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KeyTransactionSigner { address: ${this.address}, key: [ REDACTED ] }`;
  }
}

export class HdGasTankSigners implements GasTankSigners {
  private readonly signers = new Map<NetworkCode, Promise<TransactionSigner>>();

  constructor(private readonly keyring: Pick<EvmHdKeyring, 'signerFor'>) {}

  /** One decrypt per network per process: the relayer signs on every run. */
  gasTank(network: NetworkCode): Promise<TransactionSigner> {
    let signer = this.signers.get(network);
    if (!signer) {
      const index = GAS_TANK_HD_INDEX[network];
      if (index === undefined) return Promise.reject(new Error(`No gas tank for ${network}`));
      signer = this.keyring.signerFor(GAS_TANK_HD_ACCOUNT, index).then((w) => new KeyTransactionSigner(w));
      signer.catch(() => this.signers.delete(network));
      this.signers.set(network, signer);
    }
    return signer;
  }
}

/** Deposit-address keys, decrypted per use (a one-time approve per address and token) and not kept. */
export class HdDepositAddressSigners implements DepositAddressSigners {
  constructor(private readonly keyring: Pick<EvmHdKeyring, 'signerFor'>) {}

  async signerFor(hdAccount: number, hdIndex: number): Promise<TransactionSigner> {
    return new KeyTransactionSigner(await this.keyring.signerFor(hdAccount, hdIndex));
  }
}
