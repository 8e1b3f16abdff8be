import { computeAddress } from 'ethers';
import { tronAddressOfPublicKey } from '../../../shared/adapters/tron/tron-address';
import { KmsPublicKey } from '../../../shared/adapters/kms/kms-public-key';
import { parseConfig } from '../../../shared/config/config';
import type { DepositDeps } from '../../../shared/composition/deposits';
import type { DepositAddressDeps } from '../../../shared/composition/deposit-records';
import { buildMasterAddresses } from '../../../shared/composition/master-addresses';
import { buildMasterWallets } from '../../../shared/composition/master-wallets';
import { FAKE_KEY_ID, fakeKms } from '../signers/fake-kms';

/** MASTER's address without its signers (ADR 0025): what wallet views and address listing take. */
describe('MASTER addresses with MASTER_SIGNER=kms', () => {
  const config = parseConfig({
    MASTER_SIGNER: 'kms',
    MASTER_KMS_KEY_EVM: FAKE_KEY_ID,
    MASTER_KMS_KEY_TRON: FAKE_KEY_ID,
  });

  it('resolves the KMS key as every partner MASTER, the same addresses the signing side signs as', async () => {
    const kms = fakeKms();
    // In KMS mode nothing is derived from the HD seed: the deposit wiring is not touched.
    const addresses = buildMasterAddresses(
      {} as DepositAddressDeps,
      config,
      (client, keyId) => new KmsPublicKey(client, keyId),
      kms.client,
    );
    const evm = computeAddress(kms.signingKey.publicKey);
    expect((await addresses.masterWallet('pt_a', 'BSC')).address).toBe(evm);
    expect((await addresses.currentMaster('pt_b', 'POLYGON'))?.address).toBe(evm);
    expect((await addresses.currentMaster('pt_a', 'TRON'))?.address).toBe(
      tronAddressOfPublicKey(kms.signingKey.publicKey),
    );
    expect(kms.stats.signs).toBe(0);
    const signing = buildMasterWallets({} as DepositDeps, config, kms.client);
    expect((await signing.masterSigners.signerFor('pt_a', 'BSC')).address).toBe(evm);
  });

  it('reads each family key once per resolution, for its address and its signer alike', async () => {
    const kms = fakeKms();
    const master = buildMasterWallets({} as DepositDeps, config, kms.client);
    await master.masterWallet('pt_a', 'BSC');
    await master.masterWallet('pt_b', 'POLYGON');
    await master.masterSigners.signerFor('pt_a', 'BSC');
    expect(kms.stats.getPublicKeys).toBe(1);
    await master.masterWallet('pt_a', 'TRON');
    await master.tronSigner('pt_a');
    expect(kms.stats.getPublicKeys).toBe(2);
  });

  it('refuses a family without a key on use, not when wired', async () => {
    const evmOnly = parseConfig({ MASTER_SIGNER: 'kms', MASTER_KMS_KEY_EVM: FAKE_KEY_ID });
    const addresses = buildMasterAddresses(
      {} as DepositAddressDeps,
      evmOnly,
      (client, keyId) => new KmsPublicKey(client, keyId),
      fakeKms().client,
    );
    await expect(addresses.masterWallet('pt_a', 'TRON')).rejects.toThrow(
      /No MASTER KMS key configured for TRON/,
    );
  });
});
