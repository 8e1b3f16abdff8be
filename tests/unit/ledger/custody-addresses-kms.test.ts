import { computeAddress } from 'ethers';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { custodyAddressSource } from '../../../shared/composition/reconcile';
import { WalletCustodyReader } from '../../../shared/app/ledger/chain-custody';
import { compareCustody } from '../../../shared/app/ledger/reconcile-ledger';
import { parseConfig } from '../../../shared/config/config';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { AccountBalance } from '../../../shared/ports/ledger';
import type { WalletAddress } from '../../../shared/ports/wallets';
import { FAKE_KEY_ID, fakeKms } from '../signers/fake-kms';

const hot = (partnerId: string, address: string): WalletAddress => ({
  network: 'BSC',
  address,
  partnerId,
  kind: 'HOT',
  purpose: 'USER',
  userId: 'u1',
  hdAccount: 0,
  hdIndex: 1,
  status: 'ACTIVE',
  createdAt: '2026-11-20T10:00:00.000Z',
});

describe('custody addresses with MASTER_SIGNER=kms', () => {
  const kms = fakeKms();
  const config = parseConfig({
    MASTER_SIGNER: 'kms',
    MASTER_KMS_KEY_EVM: FAKE_KEY_ID,
    MASTER_KMS_KEY_TRON: FAKE_KEY_ID,
  });
  const master = computeAddress(kms.signingKey.publicKey);
  const tank = '0x0000000000000000000000000000000000007a4c';
  const deposits = {
    base: { config },
    wallets: {
      listWallets: async (partnerId: string) => ({
        items: [
          hot(
            partnerId,
            partnerId === 'pt_a'
              ? '0x00000000000000000000000000000000000000a1'
              : '0x00000000000000000000000000000000000000b1',
          ),
        ],
      }),
    },
    // The gas tank's address comes from the keyring's stored public keys (HD account 3).
    hdKeyring: { deriveAddress: async () => tank },
  } as unknown as DepositDeps;

  it('compares the one KMS address on chain with every partner’s MASTER custody together, per address', async () => {
    const source = custodyAddressSource(deposits, kms.client);
    expect(await source.partnerAddresses('pt_a', 'BSC')).toEqual([
      { wallet: 'HOT', address: '0x00000000000000000000000000000000000000a1' },
      { wallet: 'MASTER', address: master },
    ]);
    const read: string[] = [];
    const reader = new WalletCustodyReader({
      addresses: source,
      balances: {
        BSC: {
          balances: async (addresses) => {
            read.push(...addresses);
            return new Map(
              addresses.map((a) => [a, new Map([['USDT@BSC', a === master.toLowerCase() ? 250n : 0n]])]),
            );
          },
        },
      },
    });
    const masterA = accounts.custody('pt_a', 'MASTER', 'USDT@BSC');
    const masterB = accounts.custody('pt_b', 'MASTER', 'USDT@BSC');
    const holdings = await reader.readCustody('BSC', [masterA, masterB]);
    expect(read.filter((a) => a === master.toLowerCase())).toHaveLength(1);
    const posted = (account: string, amount: bigint): AccountBalance => ({
      account,
      asset: 'USDT@BSC',
      posted: amount,
      available: amount,
      postedDebits: amount,
      postedCredits: 0n,
      pendingDebits: 0n,
      pendingCredits: 0n,
    });
    expect(compareCustody('USDT@BSC', [posted(masterA, 200n), posted(masterB, 50n)], holdings ?? [])).toEqual(
      [],
    );
    expect(compareCustody('USDT@BSC', [posted(masterA, 200n), posted(masterB, 60n)], holdings ?? [])).toEqual(
      [
        {
          account: masterA,
          accounts: [masterA, masterB],
          addresses: [master.toLowerCase()],
          ledger: 260n,
          onChain: 250n,
        },
      ],
    );
  });
});
