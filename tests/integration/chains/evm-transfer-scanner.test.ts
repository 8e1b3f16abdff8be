import { getAddress } from 'ethers';
import { mineBlocks } from '../../../scripts/local/evm/local-chains';
import { EvmTransferScanner } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { freshAddress } from '../evm/evm-test-support';
import { RecordingIntake } from '../../unit/chains/recording-intake';
import {
  blockHashAt,
  deployLookAlikeToken,
  latestBlock,
  sendTokenTransfer,
  startTokenChain,
} from './chain-support';
import type { TokenChain } from './chain-support';

const FAUCET = 0;
const LOOK_ALIKE_DEPLOYER = 5;

describe('EvmTransferScanner on a local chain', () => {
  let chain: TokenChain;
  let lookAlike: string;
  const scanners: EvmTransferScanner[] = [];
  const connect = (options: Parameters<typeof EvmTransferScanner.connect>[1] = {}) => {
    const scanner = EvmTransferScanner.connect(chain.config, options);
    scanners.push(scanner);
    return scanner;
  };

  beforeAll(async () => {
    chain = await startTokenChain();
    lookAlike = await deployLookAlikeToken(chain.node.rpcUrl, LOOK_ALIKE_DEPLOYER);
  });
  afterAll(async () => {
    for (const s of scanners) s.close();
    await chain?.stop();
  });

  describe('what it reports', () => {
    it('finds USDT and USDC transfers with their amount, parties, block and log position', async () => {
      const { USDT, USDC } = chain.network.tokens;
      const alice = freshAddress();
      const from = (await latestBlock(chain.node.rpcUrl)) + 1;
      const t1 = await sendTokenTransfer(chain.node.rpcUrl, USDT.address, FAUCET, alice, 1_500n * 10n ** 18n);
      const t2 = await sendTokenTransfer(chain.node.rpcUrl, USDC.address, FAUCET, alice, 7n);

      const found = await connect().scan(from, t2.blockNumber);

      const faucet = getAddress('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
      expect(found).toEqual([
        {
          network: 'BSC',
          token: 'USDT',
          tokenAddress: USDT.address,
          txHash: t1.hash,
          logIndex: 0,
          blockNumber: t1.blockNumber,
          blockHash: await blockHashAt(chain.node.rpcUrl, t1.blockNumber),
          blockTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          from: faucet,
          to: alice,
          amount: 1_500n * 10n ** 18n,
        },
        expect.objectContaining({
          token: 'USDC',
          tokenAddress: USDC.address,
          txHash: t2.hash,
          amount: 7n,
          to: alice,
        }),
      ]);
    });

    it('ignores a look-alike token, zero-value transfers and reverted transactions', async () => {
      const { USDT } = chain.network.tokens;
      const bob = freshAddress();
      const from = (await latestBlock(chain.node.rpcUrl)) + 1;
      const fake = await sendTokenTransfer(
        chain.node.rpcUrl,
        lookAlike,
        LOOK_ALIKE_DEPLOYER,
        bob,
        1_000n * 10n ** 18n,
      );
      const zero = await sendTokenTransfer(chain.node.rpcUrl, USDT.address, FAUCET, bob, 0n);
      // Account 6 holds no USDT: the transfer reverts, mined with status 0.
      const reverted = await sendTokenTransfer(chain.node.rpcUrl, USDT.address, 6, bob, 5n, {
        gasLimit: 100_000n,
      });
      const real = await sendTokenTransfer(chain.node.rpcUrl, USDT.address, FAUCET, bob, 3n);
      expect([fake.status, zero.status, reverted.status, real.status]).toEqual([1, 1, 0, 1]);

      const scanner = connect();
      const found = await scanner.scan(from, real.blockNumber);

      expect(found.map((t) => [t.txHash, t.amount])).toEqual([[real.hash, 3n]]);
      expect(await scanner.transfersInTransaction(fake.hash)).toEqual([]);
      expect(await scanner.transfersInTransaction(zero.hash)).toEqual([]);
      expect(await scanner.transfersInTransaction(reverted.hash)).toEqual([]);
      expect(
        (await scanner.transfersInTransaction(real.hash.toUpperCase().replace('0X', '0x'))).map(
          (t) => t.amount,
        ),
      ).toEqual([3n]);
      expect(await scanner.transfersInTransaction(`0x${'ab'.repeat(32)}`)).toEqual([]);
    });

    it('reads head, finality by depth and canonical hashes', async () => {
      const scanner = connect();
      const head = await scanner.head();
      expect(head.latest).toBe(await latestBlock(chain.node.rpcUrl));
      // Local policy: 3 confirmations, the block itself included.
      expect(head.finalized).toBe(head.latest - 2);
      expect(await scanner.canonicalBlockHash(head.latest)).toBe(
        await blockHashAt(chain.node.rpcUrl, head.latest),
      );
      expect(await scanner.canonicalBlockHash(head.latest + 10)).toBeUndefined();
    });
  });

  describe('cost', () => {
    it('makes the same RPC calls for a 1,000-block range whether 10 or 10,000 addresses are known', async () => {
      const { USDT } = chain.network.tokens;
      const recipients = Array.from({ length: 10 }, () => freshAddress());
      const from = (await latestBlock(chain.node.rpcUrl)) + 1;
      for (const [i, to] of recipients.entries()) {
        await sendTokenTransfer(chain.node.rpcUrl, USDT.address, FAUCET, to, BigInt(i + 1));
        await mineBlocks(chain.node.rpcUrl, 97);
      }
      const to = from + 999;
      await mineBlocks(chain.node.rpcUrl, Math.max(0, to - (await latestBlock(chain.node.rpcUrl))));

      const runWith = async (known: number, maxBlockRange: number) => {
        const index = new Set(recipients.slice(0, Math.min(known, 10)));
        while (index.size < known) index.add(freshAddress());
        const intake = new RecordingIntake({ matches: (t) => index.has(t.to) });
        const scanner = connect({ maxBlockRange });
        const found = await scanner.scan(from, to);
        const { detected } = await intake.ingest('BSC', found, await scanner.head());
        return { usage: scanner.meter!.snapshot(), detected };
      };

      const few = await runWith(10, 2_000);
      const many = await runWith(10_000, 2_000);
      expect(few.detected).toBe(10);
      expect(many.detected).toBe(10);
      expect(many.usage).toEqual(few.usage);
      expect(few.usage.byMethod).toEqual({ eth_getLogs: 1, eth_blockNumber: 1 });

      // Smaller ranges cost more calls, still a function of the range alone.
      const fewSmall = await runWith(10, 100);
      const manySmall = await runWith(10_000, 100);
      expect(manySmall.usage).toEqual(fewSmall.usage);
      expect(fewSmall.usage.byMethod['eth_getLogs']).toBe(10);
    });

    it('returns the same transfers through block receipts, at one call per block', async () => {
      const { USDC } = chain.network.tokens;
      const from = (await latestBlock(chain.node.rpcUrl)) + 1;
      for (let i = 0; i < 3; i++)
        await sendTokenTransfer(chain.node.rpcUrl, USDC.address, FAUCET, freshAddress(), BigInt(100 + i));
      const to = await mineBlocks(chain.node.rpcUrl, 20);

      const viaLogs = await connect().scan(from, to);
      const receipts = connect({ logsMode: 'blockReceipts', receiptsBatchSize: 8 });
      const viaReceipts = await receipts.scan(from, to);

      expect(viaReceipts).toEqual(viaLogs);
      expect(viaLogs).toHaveLength(3);
      const usage = receipts.meter!.snapshot();
      expect(usage.byMethod).toEqual({ eth_getBlockReceipts: to - from + 1 });
      // Batched: 8 blocks per HTTP request.
      expect(usage.httpRequests).toBe(Math.ceil((to - from + 1) / 8));
    });
  });
});
