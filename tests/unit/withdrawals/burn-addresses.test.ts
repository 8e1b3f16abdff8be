import fc from 'fast-check';
import { getAddress, Wallet } from 'ethers';
import { tronBase58 } from '../../../shared/adapters/tron/tron-address';
import { networkRegistry, NETWORK_CODES } from '../../../shared/config/networks';
import type { Environment, NetworkConfig } from '../../../shared/config/networks';
import {
  assertNotBurnable,
  burnableDestinations,
  burnReason,
  RESERVED_ADDRESS_LIMIT,
  TRON_ZERO_ADDRESS,
} from '../../../shared/domain/withdrawal/burn-addresses';
import { normalizeAddress } from '../../../shared/domain/withdrawal/policy';

const ENVIRONMENTS: Environment[] = ['local', 'testnet', 'mainnet'];
const NETWORKS: NetworkConfig[] = ENVIRONMENTS.flatMap((env) =>
  NETWORK_CODES.map((code) => networkRegistry(env)[code]),
);
const EVM = NETWORKS.filter((n) => n.family === 'EVM');
const TRON = NETWORKS.filter((n) => n.family === 'TRON');

/** The address whose 20 account bytes are `value`, in the network's canonical form. */
function addressOf(network: NetworkConfig, value: bigint): string {
  const hex = value.toString(16).padStart(40, '0');
  return network.family === 'TRON' ? tronBase58(hex) : getAddress(`0x${hex}`);
}
const randomAccount = () => Wallet.createRandom().address;

describe('burnable destinations', () => {
  describe('zero addresses', () => {
    it('are burnable on every EVM network, whatever the case of the input', () => {
      for (const n of EVM) {
        for (const input of ['0x0000000000000000000000000000000000000000', `0x${'0'.repeat(40)}`]) {
          expect(burnReason(n, normalizeAddress(n.code, input))?.reason).toBe('ZERO_ADDRESS');
        }
      }
    });
    it("are burnable on TRON in base58 (T9yD14…), and TRON's hex form is not an address at all", () => {
      for (const n of TRON) {
        expect(normalizeAddress('TRON', TRON_ZERO_ADDRESS)).toBe(TRON_ZERO_ADDRESS);
        expect(burnReason(n, TRON_ZERO_ADDRESS)?.reason).toBe('ZERO_ADDRESS');
        expect(() => normalizeAddress('TRON', `41${'0'.repeat(40)}`)).toThrow(
          expect.objectContaining({ code: 'VALIDATION_FAILED' }),
        );
      }
    });
  });

  it("refuses every network's own token contracts, in any accepted spelling", () => {
    for (const n of NETWORKS) {
      for (const token of Object.values(n.tokens)) {
        if (!token) continue;
        const spelled = n.family === 'TRON' ? token.address : token.address.toLowerCase();
        expect(burnReason(n, normalizeAddress(n.code, spelled))).toMatchObject({
          reason: 'TOKEN_CONTRACT',
          name: `the ${token.symbol} token contract`,
        });
      }
    }
  });

  it('refuses Multicall3 where configured, Permit2, the CREATE2 deployer and the wrapped native coins', () => {
    const mainnet = networkRegistry('mainnet');
    for (const n of EVM) {
      expect(burnReason(n, '0xcA11bde05977b3631167028862bE2a173976CA11')?.reason).toBe('SYSTEM_CONTRACT');
      expect(burnReason(n, '0x000000000022D473030F116dDEE9F6B43aC78BA3')?.reason).toBe('SYSTEM_CONTRACT');
    }
    expect(burnReason(mainnet.BSC, '0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c')?.name).toBe('WBNB');
    expect(burnReason(mainnet.POLYGON, '0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270')?.name).toBe('WPOL');
    expect(burnReason(mainnet.TRON, 'TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR')?.name).toBe('WTRX');
  });

  it('refuses the burn addresses: 0x…dEaD and TRON’s black hole', () => {
    for (const n of EVM)
      expect(burnReason(n, '0x000000000000000000000000000000000000dEaD')?.reason).toBe('BURN_ADDRESS');
    for (const n of TRON)
      expect(burnReason(n, 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy')?.reason).toBe('BURN_ADDRESS');
  });

  it('refuses every address below 2^32 (precompiles, BSC/Polygon system contracts, TRON precompiles)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NETWORKS),
        fc.bigInt({ min: 1n, max: RESERVED_ADDRESS_LIMIT - 1n }),
        (n, value) => {
          expect(burnReason(n, addressOf(n, value))?.reason).toMatch(/^(RESERVED_ADDRESS|BURN_ADDRESS)$/);
        },
      ),
      { numRuns: 300 },
    );
    // The ones people meet: ecrecover, KZG point evaluation, P256VERIFY, Polygon's POL token, a TRON precompile.
    for (const value of [0x01n, 0x0an, 0x100n, 0x1010n, 0x01000001n]) {
      for (const n of NETWORKS) expect(burnReason(n, addressOf(n, value))).toBeDefined();
    }
  });

  it('lets ordinary accounts through, and refuses a gas tank only when it is given', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NETWORKS), fc.boolean(), (n, asTank) => {
        const evm = randomAccount();
        const address = n.family === 'TRON' ? tronBase58(evm) : evm;
        expect(burnReason(n, address)).toBeUndefined();
        expect(burnReason(n, address, { gasTanks: asTank ? [address] : [] })?.reason).toBe(
          asTank ? 'GAS_TANK' : undefined,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('lists only canonical addresses (a typo in the list would never match anything)', () => {
    for (const n of NETWORKS) {
      for (const d of burnableDestinations(n)) expect(normalizeAddress(n.code, d.address)).toBe(d.address);
    }
  });

  it('fails with VALIDATION_FAILED at the given field, naming the reason', () => {
    const n = networkRegistry('mainnet').TRON;
    expect(() =>
      assertNotBurnable(n, 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', { field: 'whitelistEntryId' }),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [
          {
            path: 'whitelistEntryId',
            message: expect.stringContaining('USDT token contract') as unknown as string,
          },
        ],
      }),
    );
    expect(() => assertNotBurnable(n, tronBase58(randomAccount()))).not.toThrow();
  });
});
