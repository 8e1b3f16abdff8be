import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Wallet, getAddress, hexlify, randomBytes } from 'ethers';
import { buildDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { custodyAddressSource } from '../../../shared/composition/reconcile';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import {
  DEFAULT_MULTICALL_ADDRESSES_PER_CALL,
  MulticallBalanceReader,
} from '../../../shared/adapters/evm/multicall-balance-reader';
import { walletItem } from '../../../shared/adapters/dynamodb/wallet-repository';
import { RpcMeter } from '../../../shared/adapters/evm/metered-json-rpc-provider';
import { WalletCustodyReader } from '../../../shared/app/ledger/chain-custody';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { WalletAddress } from '../../../shared/ports/wallets';
import { createTestTable } from '../../support/test-env';

jest.setTimeout(300_000);

/**
 * The RPC cost of reading custody on chain does not grow per address: one `aggregate3` per
 * DEFAULT_MULTICALL_ADDRESSES_PER_CALL addresses plus a constant (the finalized block). Counted on the
 * wire by the metered provider against the global BSC stand-in, for a partner with 10 HOT addresses
 * and one with 10,000 (synthetic wallet rows in DynamoDB Local), each read with the gas tank.
 */
describe('reconciliation RPC budget', () => {
  let dropTable: () => Promise<void>;
  let deposits: DepositDeps;
  let rpcUrl = '';
  const small: string[] = [];
  const large: string[] = [];

  async function addHotWallets(partnerId: string, count: number, into: string[]): Promise<void> {
    const rows: WalletAddress[] = Array.from({ length: count }, (_, i) => ({
      network: 'BSC',
      address: getAddress(hexlify(randomBytes(20))),
      partnerId,
      kind: 'HOT',
      purpose: 'USER',
      userId: `u${i}`,
      hdAccount: 0,
      hdIndex: i,
      status: 'ACTIVE',
      createdAt: '2026-11-20T10:00:00.000Z',
    }));
    // The repository's own item layout, written 25 to a request (10,000 single writes would load the
    // shared DynamoDB Local for a minute).
    const { db, config } = deposits.base;
    for (let i = 0; i < rows.length; i += 25) {
      let items: Record<string, unknown>[] | undefined = rows
        .slice(i, i + 25)
        .map((w) => ({ PutRequest: { Item: walletItem(w) } }));
      while (items && items.length > 0) {
        const out = await db.send(
          new BatchWriteCommand({ RequestItems: { [config.tableName]: items as never } }),
        );
        items = out.UnprocessedItems?.[config.tableName] as Record<string, unknown>[] | undefined;
      }
    }
    into.push(...rows.map((r) => r.address));
  }

  beforeAll(async () => {
    const table = await createTestTable('recon-budget');
    dropTable = table.dropTable;
    rpcUrl = table.config.networks.BSC.rpcUrls[0] as string;
    deposits = buildDepositDeps(buildDeps(table.config));
    await addHotWallets('p10', 10, small);
    await addHotWallets('p10k', 10_000, large);
    // One of the 10,000 holds native coin, in a final block: the read must reach the last batch too.
    await jsonRpc(rpcUrl, 'anvil_setBalance', [large.at(-1), '0x1bc16d674ec80000']);
    await jsonRpc(rpcUrl, 'anvil_mine', ['0x4']);
  });
  afterAll(() => dropTable());

  async function read(partnerId: string) {
    const meter = new RpcMeter();
    const balances = MulticallBalanceReader.connect(deposits.base.config.networks.BSC, { meter });
    try {
      const reader = new WalletCustodyReader({
        addresses: custodyAddressSource(deposits),
        balances: { BSC: balances },
      });
      const holdings = await reader.readCustody('BSC', [accounts.custody(partnerId, 'HOT', 'USDT@BSC')]);
      return { holdings: holdings ?? [], usage: meter.snapshot() };
    } finally {
      balances.close();
    }
  }

  const budget = (addresses: number) => Math.ceil(addresses / DEFAULT_MULTICALL_ADDRESSES_PER_CALL) + 1;

  it('reads 10 HOT addresses and the gas tank in one aggregate3 plus the finalized block', async () => {
    const { holdings, usage } = await read('p10');
    const hot = holdings.find(
      (h) => h.asset === 'USDT@BSC' && h.accounts.includes(accounts.custody('p10', 'HOT', 'USDT@BSC')),
    );
    expect(hot?.addresses).toHaveLength(10);
    expect(usage.byMethod['eth_call']).toBe(1);
    expect(usage.calls).toBeLessThanOrEqual(budget(11));
  });

  it('reads 10,000 HOT addresses and the gas tank in ceil(10,001 / 300) aggregate3 calls plus the finalized block', async () => {
    const { holdings, usage } = await read('p10k');
    const native = holdings.find(
      (h) => h.asset === 'BNB@BSC' && h.accounts.includes(accounts.custody('p10k', 'HOT', 'BNB@BSC')),
    );
    expect(native?.addresses).toHaveLength(10_000);
    expect(native?.onChain).toBe(2n * 10n ** 18n);
    expect(usage.byMethod['eth_call']).toBe(Math.ceil(10_001 / DEFAULT_MULTICALL_ADDRESSES_PER_CALL));
    expect(usage.calls).toBeLessThanOrEqual(budget(10_001));
    expect(usage.calls).toBeLessThan(10_001 / 100);
    // A fresh address no wallet row names is not read (the chain is read for the gateway's wallets only).
    expect(native?.addresses).not.toContain(Wallet.createRandom().address.toLowerCase());
  });
});
