import { zeroPadValue, toBeHex, getAddress } from 'ethers';
import { EvmTransferScanner, ScanError } from '../../../shared/adapters/evm/evm-transfer-scanner';
import type { JsonRpcSender, ScannerNotice } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { classifyRpcError, suggestedBlockRange } from '../../../shared/adapters/evm/json-rpc-errors';
import { TRANSFER_TOPIC } from '../../../shared/adapters/evm/transfer-log-decoder';
import type { RpcLog } from '../../../shared/adapters/evm/transfer-log-decoder';
import { networkRegistry } from '../../../shared/config/networks';
import type { NetworkConfig } from '../../../shared/config/networks';

const LOCAL_BSC = networkRegistry('local').BSC;
const USDT = LOCAL_BSC.tokens.USDT!.address;
const USDC = LOCAL_BSC.tokens.USDC!.address;
const OTHER_TOKEN = '0x1111111111111111111111111111111111111111';
const ALICE = getAddress('0x00000000000000000000000000000000000a11ce');
const BOB = getAddress('0x0000000000000000000000000000000000000b0b');

const hex = (n: number | bigint) => toBeHex(n);
const topicOf = (address: string) => zeroPadValue(address, 32).toLowerCase();
const blockHash = (n: number) => zeroPadValue(toBeHex(n), 32);
const txHash = (n: number) => zeroPadValue(toBeHex(0xf00000 + n), 32).replace('0x0', '0xA');

function transferLog(
  overrides: Partial<RpcLog> & { block?: number; amount?: bigint; index?: number } = {},
): RpcLog {
  const block = overrides.block ?? 10;
  return {
    address: USDT,
    topics: [TRANSFER_TOPIC, topicOf(ALICE), topicOf(BOB)],
    data: zeroPadValue(toBeHex(overrides.amount ?? 1_000n), 32),
    blockNumber: hex(block),
    blockHash: blockHash(block),
    transactionHash: txHash(block),
    logIndex: hex(overrides.index ?? 0),
    removed: false,
    ...overrides,
  };
}

/** An ethers-shaped JSON-RPC error (what JsonRpcProvider.send rejects with). */
function rpcError(code: number, message: string): Error {
  return Object.assign(new Error('could not coalesce error'), {
    code: 'UNKNOWN_ERROR',
    shortMessage: 'could not coalesce error',
    error: { code, message },
  });
}

type Handler = (params: unknown[]) => unknown;

class FakeRpc implements JsonRpcSender {
  readonly calls: [string, unknown[]][] = [];
  constructor(private readonly handlers: Record<string, Handler>) {}
  async send(method: string, params: unknown[]): Promise<unknown> {
    this.calls.push([method, params]);
    const handler = this.handlers[method];
    if (!handler) throw rpcError(-32601, 'Method not found');
    return handler(params);
  }
  ranges(): [number, number][] {
    return this.calls
      .filter(([m]) => m === 'eth_getLogs')
      .map(([, [filter]]) => {
        const f = filter as { fromBlock: string; toBlock: string };
        return [Number(f.fromBlock), Number(f.toBlock)];
      });
  }
}

/** getLogs over an empty chain that refuses ranges wider than `limit` blocks. */
const limitedGetLogs =
  (
    limit: number,
    error: () => Error = () => rpcError(-32000, 'query returned more than 10000 results'),
  ): Handler =>
  ([filter]) => {
    const f = filter as { fromBlock: string; toBlock: string };
    if (Number(f.toBlock) - Number(f.fromBlock) + 1 > limit) throw error();
    return [];
  };

function scannerOver(
  handlers: Record<string, Handler>,
  options: ConstructorParameters<typeof EvmTransferScanner>[2] = {},
  network: NetworkConfig = LOCAL_BSC,
) {
  const rpc = new FakeRpc(handlers);
  const notices: ScannerNotice[] = [];
  const scanner = new EvmTransferScanner(network, rpc, { onNotice: (n) => notices.push(n), ...options });
  return { rpc, scanner, notices };
}

describe('EvmTransferScanner', () => {
  describe('what counts as a transfer', () => {
    it('keeps non-zero ERC-20 transfers of the configured tokens and drops everything else', async () => {
      const logs = [
        transferLog({ block: 12, index: 3, amount: 7n }),
        transferLog({ block: 11, index: 0, address: USDC.toLowerCase(), amount: 5n }),
        transferLog({ block: 11, index: 1, address: OTHER_TOKEN }),
        transferLog({ block: 11, index: 2, amount: 0n }),
        transferLog({ block: 11, index: 4, removed: true }),
        // ERC-721 Transfer: same signature, token id indexed.
        transferLog({
          block: 11,
          index: 5,
          topics: [TRANSFER_TOPIC, topicOf(ALICE), topicOf(BOB), zeroPadValue('0x01', 32)],
          data: '0x',
        }),
        // A provider answering outside the asked range.
        transferLog({ block: 99, index: 0 }),
      ];
      const { scanner } = scannerOver({ eth_getLogs: () => logs });

      const found = await scanner.scan(10, 20);

      expect(found).toEqual([
        {
          network: 'BSC',
          token: 'USDC',
          tokenAddress: USDC,
          txHash: txHash(11).toLowerCase(),
          logIndex: 0,
          blockNumber: 11,
          blockHash: blockHash(11),
          from: ALICE,
          to: BOB,
          amount: 5n,
        },
        expect.objectContaining({
          token: 'USDT',
          tokenAddress: USDT,
          blockNumber: 12,
          logIndex: 3,
          amount: 7n,
        }),
      ]);
    });

    it('carries the block time when the node puts it in the log', async () => {
      const { scanner } = scannerOver({
        eth_getLogs: () => [transferLog({ blockTimestamp: hex(1_790_000_000) })],
      });
      expect((await scanner.scan(10, 10))[0]?.blockTime).toBe(new Date(1_790_000_000_000).toISOString());
    });

    it('filters by token contracts and the Transfer topic only, never by recipient', async () => {
      const { rpc, scanner } = scannerOver({ eth_getLogs: () => [] });
      await scanner.scan(0, 10);
      expect(rpc.calls).toEqual([
        [
          'eth_getLogs',
          [{ fromBlock: '0x0', toBlock: '0xa', address: [USDT, USDC], topics: [TRANSFER_TOPIC] }],
        ],
      ]);
    });
  });

  describe('block ranges', () => {
    it('splits a long range into maxBlockRange chunks: calls depend on the range only', async () => {
      const { rpc, scanner } = scannerOver({ eth_getLogs: () => [] }, { maxBlockRange: 2_000 });
      await scanner.scan(0, 4_999);
      expect(rpc.ranges()).toEqual([
        [0, 1_999],
        [2_000, 3_999],
        [4_000, 4_999],
      ]);
    });

    it('halves the range on "too many results" and retries the same start block, covering every block once', async () => {
      const { rpc, scanner, notices } = scannerOver(
        { eth_getLogs: limitedGetLogs(500) },
        { maxBlockRange: 2_000 },
      );

      await scanner.scan(100, 1_599);

      expect(rpc.ranges()).toEqual([
        [100, 1_599],
        [100, 849],
        [100, 474],
        [475, 849],
        [850, 1_224],
        [1_225, 1_599],
      ]);
      expect(scanner.blockRange).toBe(375);
      expect(notices.filter((n) => n.kind === 'range-shrunk')).toHaveLength(2);
    });

    it.each([
      ['-32005 limit exceeded', () => rpcError(-32005, 'limit exceeded')],
      ['geth query timeout', () => rpcError(-32000, 'query timeout exceeded')],
      ['BSC maximum range', () => rpcError(-32000, 'exceed maximum block range: 5000')],
      ['Polygon range too wide', () => rpcError(-32062, 'block range is too wide')],
      [
        'HTTP 413 with a JSON-RPC body',
        () =>
          Object.assign(new Error('server response 413'), {
            code: 'SERVER_ERROR',
            response: {
              statusCode: 413,
              bodyText: '{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"block range too large"}}',
            },
          }),
      ],
    ])('shrinks on %s', async (_name, error) => {
      const { rpc, scanner } = scannerOver(
        { eth_getLogs: limitedGetLogs(300, error) },
        { maxBlockRange: 1_000 },
      );
      await scanner.scan(0, 999);
      const ranges = rpc.ranges();
      expect(ranges.length).toBeGreaterThan(1);
      expect(scanner.blockRange).toBeLessThanOrEqual(300);
    });

    it('takes the range the provider suggests when its message names one', async () => {
      const alchemy = () =>
        rpcError(
          -32602,
          'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x0, 0x95]',
        );
      const { rpc, scanner } = scannerOver(
        { eth_getLogs: limitedGetLogs(150, alchemy) },
        { maxBlockRange: 2_000 },
      );
      await scanner.scan(0, 299);
      expect(rpc.ranges()).toEqual([
        [0, 299],
        [0, 149],
        [150, 299],
      ]);
    });

    it('grows back by a quarter after a run of full-size successes, up to maxBlockRange', async () => {
      let limit = 100;
      const { scanner, notices } = scannerOver(
        { eth_getLogs: (p) => limitedGetLogs(limit)(p) },
        { maxBlockRange: 400, growAfterSuccesses: 3 },
      );
      await scanner.scan(0, 199);
      expect(scanner.blockRange).toBe(100);
      limit = 10_000;
      await scanner.scan(200, 399);
      expect(scanner.blockRange).toBe(125);
      await scanner.scan(400, 100_000);
      expect(scanner.blockRange).toBe(400);
      expect(
        notices.filter((n) => n.kind === 'range-grown').map((n) => (n as { newRange: number }).newRange),
      ).toEqual([125, 156, 195, 243, 303, 378, 400]);
    });

    it('fails the range when even one block is too much, and on any other error', async () => {
      const { scanner } = scannerOver({ eth_getLogs: limitedGetLogs(0) }, { maxBlockRange: 4 });
      await expect(scanner.scan(0, 3)).rejects.toThrow(ScanError);

      const rateLimited = scannerOver({
        eth_getLogs: () => {
          throw rpcError(-32005, 'daily request count exceeded, request rate limited');
        },
      });
      await expect(rateLimited.scanner.scan(0, 3)).rejects.toMatchObject({
        name: 'ScanError',
        fromBlock: 0,
        toBlock: 3,
      });
      expect(rateLimited.rpc.calls).toHaveLength(1);
    });
  });

  describe('block receipts', () => {
    const receipts: Handler = ([n]) => {
      const block = Number(n);
      if (block > 20) return null;
      return [
        { status: '0x1', logs: [transferLog({ block, index: 0, amount: BigInt(block) })] },
        { status: '0x0', logs: [transferLog({ block, index: 1 })] },
      ];
    };

    it('falls back to eth_getBlockReceipts when eth_getLogs is disabled, with the same filters', async () => {
      const { rpc, scanner, notices } = scannerOver({ eth_getBlockReceipts: receipts });

      const found = await scanner.scan(5, 9);

      expect(found.map((t) => [t.blockNumber, t.amount])).toEqual([
        [5, 5n],
        [6, 6n],
        [7, 7n],
        [8, 8n],
        [9, 9n],
      ]);
      expect(scanner.logsMode).toBe('blockReceipts');
      expect(notices).toEqual([
        { kind: 'fallback-to-block-receipts', reason: expect.stringMatching(/Method not found/) },
      ]);
      expect(rpc.calls.map(([m]) => m)).toEqual(['eth_getLogs', ...Array(5).fill('eth_getBlockReceipts')]);
      await scanner.scan(10, 11);
      expect(rpc.calls.filter(([m]) => m === 'eth_getLogs')).toHaveLength(1);
    });

    it('costs one call per block in blockReceipts mode and never reads a missing block as empty', async () => {
      const { rpc, scanner } = scannerOver(
        { eth_getBlockReceipts: receipts },
        { logsMode: 'blockReceipts', receiptsBatchSize: 4 },
      );
      await scanner.scan(0, 9);
      expect(rpc.calls).toHaveLength(10);
      await expect(scanner.scan(19, 22)).rejects.toThrow(/block 21 is not available/);
    });
  });

  describe('head and finality', () => {
    it('counts a block final after `confirmations` blocks including itself', async () => {
      const { scanner, rpc } = scannerOver({ eth_blockNumber: () => '0x64' });
      expect(await scanner.head()).toEqual({ latest: 100, finalized: 98 });
      expect(rpc.calls).toHaveLength(1);
    });

    const tagged: NetworkConfig = { ...LOCAL_BSC, finality: { kind: 'finalized-tag', confirmations: 15 } };
    it.each([
      ['the tag when it leads the depth rule', { number: '0x62' }, { latest: 100, finalized: 98 }],
      ['depth when the tag lags beyond it', { number: '0x0a' }, { latest: 100, finalized: 86 }],
      ['depth when the node has no finalized block', null, { latest: 100, finalized: 86 }],
      ['latest when the tag claims more than the head', { number: '0x70' }, { latest: 100, finalized: 100 }],
    ])('uses %s', async (_name, tag, expected) => {
      const { scanner } = scannerOver(
        { eth_blockNumber: () => '0x64', eth_getBlockByNumber: () => tag },
        {},
        tagged,
      );
      expect(await scanner.head()).toEqual(expected);
    });

    it('falls back to depth when asking for the tag fails', async () => {
      const { scanner } = scannerOver(
        {
          eth_blockNumber: () => '0x64',
          eth_getBlockByNumber: () => {
            throw rpcError(-32602, 'invalid block tag');
          },
        },
        {},
        tagged,
      );
      expect(await scanner.head()).toEqual({ latest: 100, finalized: 86 });
    });
  });

  describe('single blocks and transactions', () => {
    it('reads the canonical hash of a height, undefined above the head', async () => {
      const { scanner } = scannerOver({
        eth_getBlockByNumber: ([n]) =>
          Number(n) <= 5 ? { hash: blockHash(Number(n)).toUpperCase().replace('0X', '0x') } : null,
      });
      expect(await scanner.canonicalBlockHash(5)).toBe(blockHash(5));
      expect(await scanner.canonicalBlockHash(6)).toBeUndefined();
    });

    it('reports the transfers of a successful transaction only', async () => {
      const ok = {
        status: '0x1',
        logs: [transferLog({ amount: 3n }), transferLog({ index: 1, address: OTHER_TOKEN })],
      };
      const reverted = { status: '0x0', logs: [transferLog()] };
      const { scanner } = scannerOver({
        eth_getTransactionReceipt: ([h]) => ({ '0xaa': ok, '0xbb': reverted })[h as string] ?? null,
      });
      expect((await scanner.transfersInTransaction('0xAA')).map((t) => t.amount)).toEqual([3n]);
      expect(await scanner.transfersInTransaction('0xbb')).toEqual([]);
      expect(await scanner.transfersInTransaction('0xcc')).toEqual([]);
    });
  });
});

describe('JSON-RPC error reading', () => {
  it.each([
    ['-32601', rpcError(-32601, 'Method not found'), 'method-unavailable'],
    [
      'a method that does not exist',
      rpcError(-32000, 'the method eth_getLogs does not exist/is not available'),
      'method-unavailable',
    ],
    ['a disabled method', rpcError(-32000, 'eth_getLogs is disabled'), 'method-unavailable'],
    ['too many results', rpcError(-32005, 'query returned more than 10000 results'), 'range-limit'],
    ['a range cap', rpcError(-32000, 'eth_getLogs is limited to a 10,000 range'), 'range-limit'],
    ['-32005 worded as a rate limit', rpcError(-32005, 'project ID request rate exceeded'), 'rate-limited'],
    [
      'HTTP 429 after retries',
      Object.assign(new Error('exceeded maximum retry limit'), {
        response: { statusCode: 429, bodyText: '' },
      }),
      'rate-limited',
    ],
    ['a missing header', rpcError(-32000, 'header not found'), 'other'],
    ['a dropped connection', new Error('socket hang up'), 'other'],
  ])('reads %s as %s', (_name, error, kind) => {
    expect(classifyRpcError(error)).toBe(kind);
  });

  it('reads the range a provider suggests', () => {
    expect(suggestedBlockRange(rpcError(-32602, 'this block range should work: [0x10, 0x1f]'))).toBe(16);
    expect(suggestedBlockRange(rpcError(-32000, 'eth_getLogs is limited to a 10,000 range'))).toBe(10_000);
    expect(suggestedBlockRange(rpcError(-32000, 'exceed maximum block range: 5000'))).toBe(5_000);
    expect(suggestedBlockRange(rpcError(-32000, 'query returned more than 10000 results'))).toBeUndefined();
  });
});
