import { walletDetail } from '../../../shared/app/console-views/wallet-detail';
import { listWallets } from '../../../shared/app/deposits/deposit-queries';
import type { MasterResolver } from '../../../shared/app/deposits/deposit-queries';
import { networkRegistry } from '../../../shared/config/networks';
import type { NetworkCode } from '../../../shared/config/networks';
import type { DepositRepository } from '../../../shared/ports/deposits';
import type { TokenBalanceReader } from '../../../shared/ports/token-balances';
import type { WalletAddress, WalletRepository } from '../../../shared/ports/wallets';

const networks = networkRegistry('local');
const at = '2026-12-01T00:00:00.000Z';

function wallet(
  kind: WalletAddress['kind'],
  network: NetworkCode,
  address: string,
  partnerId = 'pt_a',
): WalletAddress {
  return {
    network,
    address,
    partnerId,
    kind,
    purpose: kind === 'HOT' ? 'USER' : kind,
    userId: kind === 'HOT' ? 'alice' : null,
    hdAccount: 0,
    hdIndex: 0,
    status: 'ACTIVE',
    createdAt: at,
  } as WalletAddress;
}

/** The wallet rows a partner has: a HOT address and a stray HD MASTER row that no signer holds. */
const rows = [
  wallet('HOT', 'BSC', '0x1111111111111111111111111111111111111111'),
  wallet('MASTER', 'BSC', '0x2222222222222222222222222222222222222222'),
];
const wallets = {
  listWallets: async (_p: string, network: NetworkCode | undefined, o: { kind?: string }) => ({
    items: rows.filter((w) => (!network || w.network === network) && (!o.kind || w.kind === o.kind)),
  }),
  lookup: async (_n: NetworkCode, addresses: readonly string[]) =>
    new Map(
      rows
        .filter((w) => addresses.some((a) => a.toLowerCase() === w.address.toLowerCase()))
        .map((w) => [w.address.toLowerCase(), w]),
    ),
} as unknown as WalletRepository;
const balances: TokenBalanceReader = { balances: async () => new Map() } as unknown as TokenBalanceReader;
const deposits = { list: async () => ({ items: [] }) } as unknown as DepositRepository;

/** MASTER as the one resolution says: a KMS key address per chain family, the same for every partner. */
const KMS_EVM = '0x9999999999999999999999999999999999999999';
const master: MasterResolver = async (partnerId, network) =>
  network === 'TRON'
    ? undefined
    : { ...wallet('MASTER', network, KMS_EVM, partnerId), hdAccount: -1, hdIndex: -1 };

describe('wallet views', () => {
  describe('MASTER comes from the one MASTER resolution', () => {
    it('lists the resolved MASTER of each network instead of a MASTER row no signer holds', async () => {
      const out = await listWallets({ wallets, balances, networks, master }, 'pt_a', { limit: 50 });
      const masters = out.wallets.filter((w) => w.kind === 'MASTER').map((w) => `${w.network}:${w.address}`);
      expect(masters.sort()).toEqual([`BSC:${KMS_EVM}`, `POLYGON:${KMS_EVM}`]);
      expect(out.wallets.filter((w) => w.kind === 'HOT')).toHaveLength(1);
    });

    it('answers a MASTER-only listing from the resolution, filtered by network', async () => {
      const out = await listWallets({ wallets, balances, networks, master }, 'pt_a', {
        limit: 50,
        kind: 'MASTER',
        network: 'BSC',
      });
      expect(out.wallets.map((w) => w.address)).toEqual([KMS_EVM]);
      expect(out.nextCursor).toBeUndefined();
    });

    it('shows the resolved MASTER in the wallet detail and hides the stray row', async () => {
      const detail = await walletDetail(
        { wallets, deposits, balances, networks, master },
        'pt_a',
        'BSC',
        KMS_EVM,
      );
      expect(detail.wallet).toMatchObject({ kind: 'MASTER', address: KMS_EVM });
      await expect(
        walletDetail(
          { wallets, deposits, balances, networks, master },
          'pt_a',
          'BSC',
          '0x2222222222222222222222222222222222222222',
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('keeps listing wallets when MASTER cannot be resolved (KMS unreachable)', async () => {
      const down: MasterResolver = async () => {
        throw new Error('KMS unreachable');
      };
      const out = await listWallets({ wallets, balances, networks, master: down }, 'pt_a', { limit: 50 });
      expect(out.wallets.map((w) => w.kind)).toEqual(['HOT']);
    });
  });
});
