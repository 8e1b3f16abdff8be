import type { KMSClient } from '@aws-sdk/client-kms';
import { deferredClient } from '../adapters/aws/deferred-client';
import type { ClientSource } from '../adapters/aws/deferred-client';
import { KmsPublicKey } from '../adapters/kms/kms-public-key';
import { ensurePartnerWallet } from '../app/deposits/deposit-addresses';
import type { AppConfig } from '../config/config';
import type { ChainFamily, NetworkCode } from '../config/networks';
import type { WalletAddress } from '../ports/wallets';
import type { DepositAddressDeps } from './deposit-records';

/**
 * Where MASTER is, without its signers (ethers' Transaction, the TRON signer, the HD signing
 * keyrings: composition/master-wallets.ts builds those on this). `hd`: each partner's HD-derived
 * MASTER wallet (m/44'/60'/1'/0/i); `kms`: one KMS ECC_SECG_P256K1 key per chain family is every
 * partner's MASTER address (custody per partner stays in the ledger).
 */
export interface MasterAddresses<Key extends KmsPublicKey = KmsPublicKey> {
  /** MASTER, made (HD) when the partner has none yet. */
  readonly masterWallet: (partnerId: string, network: NetworkCode) => Promise<WalletAddress>;
  /**
   * MASTER as it stands, without creating anything: the KMS key's address, or the partner's HD MASTER
   * if one was made. What wallet views list and show.
   */
  readonly currentMaster: (partnerId: string, network: NetworkCode) => Promise<WalletAddress | undefined>;
  /** The KMS key of a chain family (one per resolution, so its public key is read once). */
  readonly kmsKey: (family: ChainFamily) => Key;
}

/** `keyOf`: the KMS key object (the signing side gives a `KmsDigestSigner`, so both share one key). */
export function buildMasterAddresses<Key extends KmsPublicKey>(
  depositDeps: DepositAddressDeps,
  config: AppConfig,
  keyOf: (kms: ClientSource<KMSClient>, keyId: string) => Key,
  kms?: ClientSource<KMSClient>,
): MasterAddresses<Key> {
  // One KMS client, made (and its package loaded) on the first KMS call rather than at cold start.
  const kmsClient: ClientSource<KMSClient> =
    kms ??
    deferredClient(
      async () => new (await import('@aws-sdk/client-kms')).KMSClient({ region: config.region }),
    );
  const mode = config.withdrawals.masterSigner;
  const keys = new Map<ChainFamily, Key>();
  const kmsKey = (family: ChainFamily): Key => {
    if (mode.kind !== 'kms') throw new Error('not in kms mode');
    const keyId = mode.keys[family];
    if (!keyId) throw new Error(`No MASTER KMS key configured for ${family}`);
    let key = keys.get(family);
    if (!key) {
      key = keyOf(kmsClient, keyId);
      keys.set(family, key);
    }
    return key;
  };
  const masterWallet = async (partnerId: string, network: NetworkCode): Promise<WalletAddress> => {
    if (mode.kind === 'hd') return ensurePartnerWallet(depositDeps, partnerId, network, 'MASTER');
    const key = kmsKey(config.networks[network].family);
    const address = network === 'TRON' ? await key.addressTron() : await key.addressEvm();
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
  const currentMaster = async (
    partnerId: string,
    network: NetworkCode,
  ): Promise<WalletAddress | undefined> =>
    mode.kind === 'hd'
      ? depositDeps.wallets.partnerWallet(partnerId, network, 'MASTER')
      : masterWallet(partnerId, network);
  return { masterWallet, currentMaster, kmsKey };
}

const perWiring = new WeakMap<DepositAddressDeps, MasterAddresses>();

/**
 * The process's MASTER addresses for one deposit wiring (wallet views, address listing). The signing
 * side (`masterWalletsFor`) has its own resolution over the same keys and wallet records.
 */
export function masterAddressesFor(depositDeps: DepositAddressDeps): MasterAddresses {
  let m = perWiring.get(depositDeps);
  if (!m) {
    m = buildMasterAddresses(
      depositDeps,
      depositDeps.base.config,
      (kms, keyId) => new KmsPublicKey(kms, keyId),
    );
    perWiring.set(depositDeps, m);
  }
  return m;
}
