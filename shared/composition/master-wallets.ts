import type { KMSClient } from '@aws-sdk/client-kms';
import { DigestTransactionSigner } from '../adapters/evm/digest-transaction-signer';
import { KmsDigestSigner } from '../adapters/kms/kms-digest-signer';
import { LocalDigestSigner } from '../adapters/local/local-digest-signer';
import { TRON_HD_ACCOUNTS } from '../adapters/tron/tron-hd-addresses';
import { tronSignerFromDigest } from '../adapters/tron/tron-signer';
import type { TronSigner } from '../adapters/tron/tron-signer';
import { HD_ACCOUNT } from '../app/deposits/deposit-addresses';
import type { AppConfig } from '../config/config';
import type { NetworkCode } from '../config/networks';
import type { TransactionSigner } from '../ports/sweeps';
import type { MasterSigners } from '../ports/withdrawals';
import type { DepositDeps } from './deposits';
import { hdSigningKeyrings } from './hd-signing';
import { buildMasterAddresses } from './master-addresses';

/**
 * Who signs for MASTER, on the address resolution of composition/master-addresses.ts. `hd`: each
 * partner's HD-derived MASTER wallet (m/44'/60'/1'/0/i), through the same digest-signing path KMS uses
 * (LocalDigestSigner). `kms`: one KMS ECC_SECG_P256K1 key per chain family is every partner's MASTER.
 */
export function buildMasterWallets(depositDeps: DepositDeps, config: AppConfig, kms?: KMSClient) {
  const { masterWallet, currentMaster, kmsKey } = buildMasterAddresses(
    depositDeps,
    config,
    (client, keyId) => new KmsDigestSigner(client, keyId),
    kms,
  );
  const signers = new Map<string, Promise<DigestTransactionSigner>>();
  const mode = config.withdrawals.masterSigner;
  const kmsSigner = (network: NetworkCode): Promise<DigestTransactionSigner> => {
    const family = config.networks[network].family;
    let s = signers.get(family);
    if (!s) {
      // The key's public key is read once per resolution, here or by the address side.
      s = DigestTransactionSigner.create(kmsKey(family));
      s.catch(() => signers.delete(family));
      signers.set(family, s);
    }
    return s;
  };
  const masterSigners: MasterSigners = {
    signerFor: async (partnerId, network): Promise<TransactionSigner> => {
      if (mode.kind === 'kms') return kmsSigner(network);
      const wallet = await masterWallet(partnerId, network);
      const key = `${network}:${wallet.address}`;
      let s = signers.get(key);
      if (!s) {
        s = hdSigningKeyrings(depositDeps)
          .evm.signerFor(HD_ACCOUNT.MASTER, wallet.hdIndex)
          .then((w) => DigestTransactionSigner.create(new LocalDigestSigner(w.privateKey)));
        s.catch(() => signers.delete(key));
        signers.set(key, s);
      }
      return s;
    },
  };
  /** The TRON MASTER: the KMS key through the digest path, or the partner's HD key (m/44'/195'/1'/0/i). */
  const tronSigner = async (partnerId: string): Promise<TronSigner> => {
    if (mode.kind === 'kms') {
      const signer = kmsKey('TRON');
      return tronSignerFromDigest(await signer.addressTron(), signer);
    }
    const wallet = await masterWallet(partnerId, 'TRON');
    return hdSigningKeyrings(depositDeps).tron.signerFor(TRON_HD_ACCOUNTS.MASTER, wallet.hdIndex);
  };
  return { masterWallet, currentMaster, masterSigners, signers, tronSigner };
}

export type MasterWallets = ReturnType<typeof buildMasterWallets>;

const perWiring = new WeakMap<DepositDeps, MasterWallets>();

/**
 * The process's MASTER resolution for one deposit wiring: sweeps (EVM and TRON), withdrawals and
 * reconciliation all take it from here, so they agree on where MASTER is and share its signers.
 * Wallet views and address listing take only the addresses (`masterAddressesFor`).
 */
export function masterWalletsFor(depositDeps: DepositDeps): MasterWallets {
  let m = perWiring.get(depositDeps);
  if (!m) {
    m = buildMasterWallets(depositDeps, depositDeps.base.config);
    perWiring.set(depositDeps, m);
  }
  return m;
}
