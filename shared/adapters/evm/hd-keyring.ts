import { BaseWallet, SigningKey } from 'ethers';
import { privateKeyAt, seedOfPhrase } from '../crypto/hd-derivation';
import { accountPath, EvmHdAddresses } from './hd-addresses';

export { HD_ACCOUNTS } from './hd-addresses';

/**
 * The EVM HD keyring with its signing keys: addresses as `EvmHdAddresses` derives them, plus the key of
 * one address from the decrypted seed. Only the sweeper, the withdrawal signer and reconciliation's
 * tests sign; API functions take `EvmHdAddresses` and never load this.
 */
export class EvmHdKeyring extends EvmHdAddresses {
  /** The signing key of one address. Only the sweeper and withdrawal signer call this. */
  async signerFor(hdAccount: number, hdIndex: number): Promise<BaseWallet> {
    const phrase = await this.decryptPhrase();
    return new BaseWallet(
      new SigningKey(privateKeyAt(seedOfPhrase(phrase), `${accountPath(hdAccount)}/${hdIndex}`)),
    );
  }
}
