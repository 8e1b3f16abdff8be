import { Interface, getAddress, hexlify, randomBytes } from 'ethers';
import { decodeAggregate3, encodeAggregate3 } from '../../../shared/adapters/evm/multicall-balance-reader';
import { LEDGER_DRIFT_METRIC, MetricAlertPublisher } from '../../../shared/adapters/lambda/metric-alerts';
import { ownedSun } from '../../../shared/adapters/tron/tron-custody-balance-reader';
import { WalletCustodyReader } from '../../../shared/app/ledger/chain-custody';
import { compareCustody } from '../../../shared/app/ledger/reconcile-ledger';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { custodyGroups } from '../../../shared/domain/ledger/custody';
import type { AccountBalance } from '../../../shared/ports/ledger';
import type { CustodyAddressSource, CustodyBalanceReader } from '../../../shared/ports/reconciliation';

const MULTICALL3 = new Interface([
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)',
]);
const address = () => getAddress(hexlify(randomBytes(20)));

function balance(account: string, posted: bigint): AccountBalance {
  return {
    account,
    asset: account.split('/')[1] as string,
    posted,
    available: posted,
    postedDebits: posted,
    postedCredits: 0n,
    pendingDebits: 0n,
    pendingCredits: 0n,
  };
}

describe('custody on chain', () => {
  describe('Multicall3 calldata', () => {
    it('encodes aggregate3 exactly as the ABI coder does', () => {
      const calls = [
        { target: address(), callData: '0x70a08231' + '00'.repeat(32) },
        { target: address(), callData: '0x4d2301cc' + 'ab'.repeat(32) },
        { target: address(), callData: '0x12' },
      ];
      expect(encodeAggregate3(calls)).toBe(
        MULTICALL3.encodeFunctionData('aggregate3', [calls.map((c) => ({ ...c, allowFailure: true }))]),
      );
    });

    it('decodes aggregate3 results exactly as the ABI coder does, failures and odd lengths included', () => {
      const results = [
        { success: true, returnData: '0x' + '00'.repeat(31) + '07' },
        { success: false, returnData: '0x08c379a0' + '11'.repeat(40) },
        { success: true, returnData: '0x' },
      ];
      const raw = MULTICALL3.encodeFunctionResult('aggregate3', [results]);
      expect(decodeAggregate3(raw)).toEqual(
        results.map((r) => ({ success: r.success, returnData: r.returnData.slice(2) })),
      );
    });
  });

  describe('grouping addresses with the accounts they stand for', () => {
    it('compares one KMS MASTER address with every partner’s MASTER custody together', () => {
      const kms = '0xkms';
      const groups = custodyGroups(
        [
          { path: 'custody:p1:MASTER', address: kms },
          { path: 'custody:p2:MASTER', address: kms },
          { path: 'custody:p1:HOT', address: '0xh1' },
          { path: 'custody:p1:HOT', address: '0xh2' },
        ],
        ['custody:p3:POOL'],
      );
      expect(groups).toEqual(
        expect.arrayContaining([
          { paths: ['custody:p1:MASTER', 'custody:p2:MASTER'], addresses: [kms] },
          { paths: ['custody:p1:HOT'], addresses: ['0xh1', '0xh2'] },
          { paths: ['custody:p3:POOL'], addresses: [] },
        ]),
      );
      expect(groups).toHaveLength(3);
    });

    it('reads each address once and sums a shared MASTER over the partners (KMS mode)', async () => {
      const kms = address();
      const source: CustodyAddressSource = {
        partnerAddresses: async (pid) => [
          { wallet: 'MASTER', address: kms },
          { wallet: 'HOT', address: `0x${pid === 'p1' ? '1' : '2'}`.padEnd(42, '0') },
        ],
        gasTank: async () => undefined,
      };
      const seen: string[][] = [];
      const chain: CustodyBalanceReader = {
        balances: async (addresses) => {
          seen.push([...addresses]);
          return new Map(
            addresses.map((a) => [a, new Map([['USDT@BSC', a === kms.toLowerCase() ? 150n : 0n]])]),
          );
        },
      };
      const holdings = await new WalletCustodyReader({
        addresses: source,
        balances: { BSC: chain },
      }).readCustody('BSC', [
        accounts.custody('p1', 'MASTER', 'USDT@BSC'),
        accounts.custody('p2', 'MASTER', 'USDT@BSC'),
      ]);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toHaveLength(3);
      const drifts = compareCustody(
        'USDT@BSC',
        [
          balance(accounts.custody('p1', 'MASTER', 'USDT@BSC'), 100n),
          balance(accounts.custody('p2', 'MASTER', 'USDT@BSC'), 60n),
        ],
        holdings ?? [],
      );
      expect(drifts).toEqual([
        {
          account: accounts.custody('p1', 'MASTER', 'USDT@BSC'),
          accounts: [
            accounts.custody('p1', 'MASTER', 'USDT@BSC'),
            accounts.custody('p2', 'MASTER', 'USDT@BSC'),
          ],
          addresses: [kms.toLowerCase()],
          ledger: 160n,
          onChain: 150n,
        },
      ]);
    });

    it('reports custody with a balance that no address stands for', () => {
      const orphan = accounts.custody('p9', 'POOL', 'USDT@BSC');
      expect(compareCustody('USDT@BSC', [balance(orphan, 5n)], [])).toEqual([
        { account: orphan, accounts: [orphan], addresses: [], ledger: 5n, onChain: 0n },
      ]);
    });
  });

  it('counts a TRON account’s staked, delegated-away and unstaking TRX as its own', () => {
    expect(
      ownedSun({
        balance: 10,
        frozenV2: [{ amount: 1 }, { type: 'ENERGY', amount: 100 }, { type: 'TRON_POWER' }],
        unfrozenV2: [{ unfreeze_amount: 1_000 }],
        delegated_frozenV2_balance_for_bandwidth: 10_000,
        account_resource: { delegated_frozenV2_balance_for_energy: 100_000 },
      }),
    ).toBe(111_111n);
  });

  it('publishes LedgerDrift on every reconciliation run: 0 when clean, so the alarm clears', async () => {
    const published: [string, number][] = [];
    const metrics = {
      addMetric: (name: string, _unit: string, value: number) => void published.push([name, value]),
    };
    const logger = { error: () => undefined };
    const alerts = new MetricAlertPublisher(metrics as never, logger as never);
    await alerts.reconciled({ assets: 8, drifting: 0 });
    await alerts.reconciled({ assets: 8, drifting: 2 });
    expect(published).toEqual([
      [LEDGER_DRIFT_METRIC, 0],
      [LEDGER_DRIFT_METRIC, 2],
    ]);
  });
});
