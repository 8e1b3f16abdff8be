import { networkRegistry } from '../../../shared/config/networks';
import { ScanError } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { tronHex } from '../../../shared/adapters/tron/tron-address';
import {
  TRC20_TRANSFER_TOPIC,
  TronTransferScanner,
} from '../../../shared/adapters/tron/tron-transfer-scanner';
import type { TronBlockJson, TronTxInfoJson } from '../../../shared/adapters/tron/tron-transfer-scanner';
import type { TronNode } from '../../../shared/adapters/tron/tron-node-client';

const config = networkRegistry('local').TRON;
const USDT = config.tokens.USDT!.address;
const FAKE = 'TPDxwAs7HfPKZveQ7UCyjUiitBcfudRJ8Y';
const ALICE = 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC';
const BOB = 'TWer2Ygk5TEheHp3TPuYeqxmB6SsGZmaL6';

const word = (hex41: string) => hex41.slice(2).padStart(64, '0');
const amount = (n: bigint) => n.toString(16).padStart(64, '0');

function log(token: string, from: string, to: string, value: bigint) {
  return {
    address: tronHex(token).slice(2),
    topics: [TRC20_TRANSFER_TOPIC, word(tronHex(from)), word(tronHex(to))],
    data: amount(value),
  };
}

interface FakeTx {
  id: string;
  contractRet?: string;
  type?: string;
  info?: Partial<TronTxInfoJson>;
}

/** A node serving blocks made of the given transactions (a TronNode fake that counts requests). */
class FakeNode implements TronNode {
  calls: string[] = [];
  constructor(
    private readonly blocks: Map<number, FakeTx[]>,
    private readonly head = 1_000,
    private readonly solid = 981,
  ) {}

  private block(n: number): TronBlockJson {
    const txs = this.blocks.get(n) ?? [];
    return {
      blockID: `${n.toString(16).padStart(16, '0')}${'ab'.repeat(24)}`,
      block_header: { raw_data: { number: n, timestamp: 1_700_000_000_000 + n * 3_000 } },
      ...(txs.length
        ? {
            transactions: txs.map((t) => ({
              txID: t.id,
              ret: [{ contractRet: t.contractRet ?? 'SUCCESS' }],
              raw_data: { contract: [{ type: t.type ?? 'TriggerSmartContract' }] },
            })),
          }
        : {}),
    };
  }

  async post<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
    this.calls.push(path);
    if (path === '/wallet/getblockbylimitnext') {
      const out: TronBlockJson[] = [];
      for (let n = Number(body['startNum']); n < Number(body['endNum']) && n <= this.head; n++)
        out.push(this.block(n));
      return { block: out } as T;
    }
    if (path === '/wallet/gettransactioninfobyblocknum') {
      const n = Number(body['num']);
      return (this.blocks.get(n) ?? []).map((t) => ({
        id: t.id,
        blockNumber: n,
        receipt: { result: 'SUCCESS' },
        ...t.info,
      })) as T;
    }
    if (path === '/wallet/getblock')
      return (body['id_or_num'] ? this.block(Number(body['id_or_num'])) : this.block(this.head)) as T;
    if (path === '/walletsolidity/getnowblock') return this.block(this.solid) as T;
    throw new Error(`unexpected ${path}`);
  }
}

const id = (n: number) => n.toString(16).padStart(64, '0');

describe('TronTransferScanner', () => {
  describe('what counts as a deposit', () => {
    it('keeps non-zero USDT transfers of successful transactions and drops every fake', async () => {
      const node = new FakeNode(
        new Map([
          [
            10,
            [
              { id: id(1), info: { log: [log(USDT, ALICE, BOB, 5_000_000n)] } },
              { id: id(2), info: { log: [log(FAKE, ALICE, BOB, 9_000_000n)] } }, // look-alike USDT
              { id: id(3), contractRet: 'REVERT', info: { log: [log(USDT, ALICE, BOB, 1n)] } },
              { id: id(4), info: { receipt: { result: 'OUT_OF_ENERGY' }, log: [log(USDT, ALICE, BOB, 2n)] } },
              { id: id(5), info: { result: 'FAILED', log: [log(USDT, ALICE, BOB, 3n)] } },
              {
                id: id(6),
                info: { internal_transactions: [{ rejected: true }], log: [log(USDT, ALICE, BOB, 4n)] },
              },
              { id: id(7), info: { log: [log(USDT, ALICE, BOB, 0n)] } }, // zero value
              {
                id: id(8),
                info: { log: [{ ...log(USDT, ALICE, BOB, 6n), topics: [TRC20_TRANSFER_TOPIC] }] },
              },
              { id: id(9), type: 'TransferAssetContract' }, // TRC-10: no logs at all
            ],
          ],
        ]),
      );
      const found = await new TronTransferScanner(config, node).scan(10, 10);
      expect(found).toEqual([
        {
          network: 'TRON',
          token: 'USDT',
          tokenAddress: USDT,
          txHash: id(1),
          logIndex: 0,
          blockNumber: 10,
          blockHash: `${(10).toString(16).padStart(16, '0')}${'ab'.repeat(24)}`,
          blockTime: new Date(1_700_000_000_000 + 30_000).toISOString(),
          from: ALICE,
          to: BOB,
          amount: 5_000_000n,
        },
      ]);
    });

    it('numbers logs within their transaction, so a re-included transaction keeps its deposit id', async () => {
      const node = new FakeNode(
        new Map([
          [3, [{ id: id(1), info: { log: [log(FAKE, ALICE, BOB, 1n), log(USDT, ALICE, BOB, 2n)] } }]],
        ]),
      );
      const [t] = await new TronTransferScanner(config, node).scan(3, 3);
      expect(t).toMatchObject({ logIndex: 1, amount: 2n });
    });
  });

  describe('cost', () => {
    it('costs one block request per 100 blocks plus one per block with contract calls, whatever the recipients', async () => {
      const few = new Map<number, FakeTx[]>([
        [5, [{ id: id(1), info: { log: [log(USDT, ALICE, BOB, 1n)] } }]],
        [150, [{ id: id(2), info: { log: [log(USDT, ALICE, BOB, 1n)] } }]],
        [151, [{ id: id(3), type: 'TransferContract' }]],
      ]);
      const many = new Map<number, FakeTx[]>([
        [
          5,
          Array.from({ length: 300 }, (_, i) => ({
            id: id(1_000 + i),
            info: { log: [log(USDT, ALICE, i % 2 ? BOB : ALICE, 1n)] },
          })),
        ],
        [
          150,
          Array.from({ length: 300 }, (_, i) => ({
            id: id(2_000 + i),
            info: { log: [log(USDT, BOB, ALICE, 1n)] },
          })),
        ],
        [151, [{ id: id(3), type: 'TransferContract' }]],
      ]);
      const a = new FakeNode(few);
      const b = new FakeNode(many);
      expect(await new TronTransferScanner(config, a).scan(0, 249)).toHaveLength(2);
      expect(await new TronTransferScanner(config, b).scan(0, 249)).toHaveLength(600);
      expect(a.calls).toEqual(b.calls);
      expect(a.calls.filter((c) => c === '/wallet/getblockbylimitnext')).toHaveLength(3);
      expect(a.calls.filter((c) => c === '/wallet/gettransactioninfobyblocknum')).toHaveLength(2);
    });

    it('never reads a missing block as empty', async () => {
      const node = new FakeNode(new Map(), 50);
      await expect(new TronTransferScanner(config, node).scan(40, 60)).rejects.toBeInstanceOf(ScanError);
    });
  });

  describe('head and finality', () => {
    it('counts the solidified block as final, capped at the head', async () => {
      expect(await new TronTransferScanner(config, new FakeNode(new Map(), 1_000, 981)).head()).toEqual({
        latest: 1_000,
        finalized: 981,
      });
      expect(await new TronTransferScanner(config, new FakeNode(new Map(), 500, 900)).head()).toEqual({
        latest: 500,
        finalized: 500,
      });
    });
  });
});
