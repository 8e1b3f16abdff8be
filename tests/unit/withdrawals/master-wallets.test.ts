import { Transaction, computeAddress } from 'ethers';
import { buildMasterWallets } from '../../../shared/composition/master-wallets';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { tronAddressOfPublicKey } from '../../../shared/adapters/tron/tron-address';
import { parseConfig } from '../../../shared/config/config';
import { FAKE_KEY_ID, fakeKms } from '../signers/fake-kms';

describe('MASTER wallets with MASTER_SIGNER=kms', () => {
  const kms = fakeKms();
  const config = parseConfig({
    MASTER_SIGNER: 'kms',
    MASTER_KMS_KEY_EVM: FAKE_KEY_ID,
    MASTER_KMS_KEY_TRON: FAKE_KEY_ID,
  });
  // In KMS mode nothing is derived from the HD seed: the deposit wiring is not touched.
  const wallets = buildMasterWallets({} as DepositDeps, config, kms.client);
  const evmAddress = computeAddress(kms.signingKey.publicKey);

  it('makes the KMS key every partner MASTER of its chain family, for sweeps and withdrawals alike', async () => {
    expect((await wallets.masterWallet('pt_a', 'BSC')).address).toBe(evmAddress);
    expect((await wallets.masterWallet('pt_b', 'POLYGON')).address).toBe(evmAddress);
    expect((await wallets.masterWallet('pt_a', 'TRON')).address).toBe(
      tronAddressOfPublicKey(kms.signingKey.publicKey),
    );
  });

  it('signs EVM withdrawals with that key (a KMS digest signature that recovers to MASTER)', async () => {
    const signer = await wallets.masterSigners.signerFor('pt_a', 'BSC');
    expect(signer.address).toBe(evmAddress);
    const signed = await signer.signTransaction({
      chainId: 56,
      nonce: 7,
      to: evmAddress,
      data: '0x',
      value: 0n,
      gasLimit: 60_000n,
      gasPrice: 3_000_000_000n,
    });
    expect(Transaction.from(signed.raw).from).toBe(evmAddress);
    expect(kms.stats.signs).toBeGreaterThanOrEqual(1);
  });

  it('signs TRON withdrawals as the TRON MASTER address of the same kind of key', async () => {
    const tron = await wallets.tronSigner('pt_a');
    expect(tron.address).toBe((await wallets.masterWallet('pt_a', 'TRON')).address);
  });

  it('fails fast without a key for the family', () => {
    expect(() => parseConfig({ MASTER_SIGNER: 'kms' })).toThrow(/MASTER_KMS_KEY_EVM/);
  });
});
