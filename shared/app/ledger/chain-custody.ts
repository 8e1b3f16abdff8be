import type { NetworkCode } from '../../domain/chains/networks';
import { parseAccount } from '../../domain/ledger/accounts';
import { ASSETS } from '../../domain/ledger/asset';
import { custodyGroups, custodyPathOf } from '../../domain/ledger/custody';
import type { CustodyLink } from '../../domain/ledger/custody';
import type { AccountId } from '../../domain/ledger/accounts';
import type {
  ChainCustodyReader,
  CustodyAddressSource,
  CustodyBalanceReader,
  CustodyHolding,
} from '../../ports/reconciliation';

/** The gas tank's custody path (sweep-accounting.ts books it as the platform's HOT custody). */
export const GAS_TANK_CUSTODY_PATH = 'custody:platform:HOT';

/**
 * Custody on chain, one network at a time: the partners named by the ledger's custody accounts, every
 * address of theirs and the gas tank (from the wallet records and the MASTER resolution), grouped by
 * which accounts they stand for, read in one batched pass for every asset of the network.
 */
export class WalletCustodyReader implements ChainCustodyReader {
  constructor(
    private readonly deps: {
      readonly addresses: CustodyAddressSource;
      readonly balances: Partial<Record<NetworkCode, CustodyBalanceReader>>;
    },
  ) {}

  async readCustody(
    network: NetworkCode,
    custodyAccounts: readonly AccountId[],
  ): Promise<readonly CustodyHolding[] | undefined> {
    const reader = this.deps.balances[network];
    if (!reader) return undefined;
    const paths = [...new Set(custodyAccounts.map(custodyPathOf))];
    const partners = [
      ...new Set(paths.map((p) => parseAccount(`${p}/${firstAsset(network)}`).ownerPartnerId)),
    ]
      .filter((p): p is string => p !== null)
      .sort();
    const links: CustodyLink[] = [];
    for (const partnerId of partners) {
      for (const w of await this.deps.addresses.partnerAddresses(partnerId, network)) {
        links.push({ path: `custody:${partnerId}:${w.wallet}`, address: normalize(network, w.address) });
      }
    }
    const tank = await this.deps.addresses.gasTank(network);
    if (tank) links.push({ path: GAS_TANK_CUSTODY_PATH, address: normalize(network, tank) });
    const groups = custodyGroups(links, paths);
    const addresses = [...new Set(links.map((l) => l.address))];
    const balances = addresses.length > 0 ? await reader.balances(addresses) : new Map();
    const holdings: CustodyHolding[] = [];
    for (const asset of [...ASSETS.values()].filter((a) => a.network === network)) {
      for (const g of groups) {
        let onChain = 0n;
        for (const a of g.addresses) onChain += balances.get(a)?.get(asset.code) ?? 0n;
        holdings.push({
          asset: asset.code,
          accounts: g.paths.map((p) => `${p}/${asset.code}`),
          addresses: g.addresses,
          onChain,
        });
      }
    }
    return holdings;
  }
}

function firstAsset(network: NetworkCode): string {
  const asset = [...ASSETS.values()].find((a) => a.network === network);
  if (!asset) throw new Error(`No asset on ${network}`);
  return asset.code;
}

/** EVM addresses compare case-insensitively; TRON base58 is case-sensitive. */
function normalize(network: NetworkCode, address: string): string {
  return network === 'TRON' ? address : address.toLowerCase();
}
