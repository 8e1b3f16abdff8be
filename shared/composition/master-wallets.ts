import type { KMSClient } from '@aws-sdk/client-kms';
import { deferredClient } from '../adapters/aws/deferred-client';
import type { ClientSource } from '../adapters/aws/deferred-client';
import { DigestTransactionSigner } from '../adapters/evm/digest-transaction-signer';
import { KmsDigestSigner } from '../adapters/kms/kms-digest-signer';
import { LocalDigestSigner } from '../adapters/local/local-digest-signer';
import { TRON_HD_ACCOUNTS } from '../adapters/tron/tron-hd-addresses';
import { tronSignerFromDigest } from '../adapters/tron/tron-signer';
import type { TronSigner } from '../adapters/tron/tron-signer';
import { ensurePartnerWallet, HD_ACCOUNT } from '../app/deposits/deposit-addresses';
import type { AppConfig } from '../config/config';
import type { NetworkCode } from '../config/networks';
import type { TransactionSigner } from '../ports/sweeps';
import type { WalletAddress } from '../ports/wallets';
import type { MasterSigners } from '../ports/withdrawals';
import type { DepositDeps } from './deposits';
import { hdSigningKeyrings } from './hd-signing';

/**
 * Who signs for MASTER. `hd`: each partner's HD-derived MASTER wallet (m/44'/60'/1'/0/i), through the
 * same digest-signing path KMS uses (LocalDigestSigner). `kms`: one KMS ECC_SECG_P256K1 key per chain
 * family is every partner's MASTER address (custody per partner stays in the ledger).
 */
export function buildMasterWallets(depositDeps: DepositDeps, config: AppConfig, kms?: KMSClient) {
  const signers = new Map<string, Promise<DigestTransactionSigner>>();
  // One KMS client, made (and its package loaded) on the first KMS call rather than at cold start.
  const kmsClient: ClientSource<KMSClient> =
    kms ??
    deferredClient(
      async () => new (await import('@aws-sdk/client-kms')).KMSClient({ region: config.region }),
    );
  const mode = config.withdrawals.masterSigner;
  const kmsSigner = (network: NetworkCode): Promise<DigestTransactionSigner> => {
    if (mode.kind !== 'kms') throw new Error('not in kms mode');
    const family = config.networks[network].family;
    const keyId = mode.keys[family];
    if (!keyId) return Promise.reject(new Error(`No MASTER KMS key configured for ${family}`));
    let s = signers.get(family);
    if (!s) {
      s = DigestTransactionSigner.create(new KmsDigestSigner(kmsClient, keyId));
      s.catch(() => signers.delete(family));
      signers.set(family, s);
    }
    return s;
  };
  const kmsTron = (): KmsDigestSigner => {
    if (mode.kind !== 'kms' || !mode.keys.TRON) throw new Error('No MASTER KMS key configured for TRON');
    return new KmsDigestSigner(kmsClient, mode.keys.TRON);
  };
  const masterWallet = async (partnerId: string, network: NetworkCode): Promise<WalletAddress> => {
    if (mode.kind === 'hd') return ensurePartnerWallet(depositDeps, partnerId, network, 'MASTER');
    const address = network === 'TRON' ? await kmsTron().addressTron() : (await kmsSigner(network)).address;
    return {
      network,
      address,
      partnerId,
      kind: 'MASTER',
      purpose: 'MASTER',
      userId: null,
      hdAccount: -1,
      hdIndex: -1,
      status: 'ACTIVE',
      createdAt: '1970-01-01T00:00:00.000Z',
    };
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
      const signer = kmsTron();
      return tronSignerFromDigest(await signer.addressTron(), signer);
    }
    const wallet = await masterWallet(partnerId, 'TRON');
    return hdSigningKeyrings(depositDeps).tron.signerFor(TRON_HD_ACCOUNTS.MASTER, wallet.hdIndex);
  };
  /**
   * MASTER as it stands, without creating anything: the KMS key's address, or the partner's HD MASTER if
   * one was made. What wallet views list and show.
   */
  const currentMaster = async (
    partnerId: string,
    network: NetworkCode,
  ): Promise<WalletAddress | undefined> =>
    mode.kind === 'hd'
      ? depositDeps.wallets.partnerWallet(partnerId, network, 'MASTER')
      : masterWallet(partnerId, network);
  return { masterWallet, currentMaster, masterSigners, signers, tronSigner };
}

export type MasterWallets = ReturnType<typeof buildMasterWallets>;

const perWiring = new WeakMap<DepositDeps, MasterWallets>();

/**
 * The process's MASTER resolution for one deposit wiring: sweeps (EVM and TRON), withdrawals, wallet
 * views and reconciliation all take it from here, so they agree on where MASTER is and share its signers.
 */
export function masterWalletsFor(depositDeps: DepositDeps): MasterWallets {
  let m = perWiring.get(depositDeps);
  if (!m) {
    m = buildMasterWallets(depositDeps, depositDeps.base.config);
    perWiring.set(depositDeps, m);
  }
  return m;
}
