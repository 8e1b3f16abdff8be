import { privateKeyAt, seedOfPhrase } from '../crypto/hd-derivation';
import { tronAccountPath, TronHdAddresses } from './tron-hd-addresses';
import { PrivateKeyTronSigner } from './tron-signer';
import type { TronSigner } from './tron-signer';

export { TRON_HD_ACCOUNTS, tronAccountPath } from './tron-hd-addresses';

/**
 * The TRON HD keyring with its signing keys: addresses as `TronHdAddresses` derives them, plus the key
 * of one address from the decrypted seed. Only the sweeper and the withdrawal signer sign; API
 * functions take `TronHdAddresses` and never load this.
 */
export class TronHdKeyring extends TronHdAddresses {
  /** The signing key of one address (decrypts the seed). Only the sweeper calls this. */
  async signerFor(hdAccount: number, hdIndex: number): Promise<TronSigner> {
    const phrase = await this.decryptPhrase();
    return new PrivateKeyTronSigner(
      privateKeyAt(seedOfPhrase(phrase), `${tronAccountPath(hdAccount)}/${hdIndex}`),
    );
  }
}
