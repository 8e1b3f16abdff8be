import { randomBytes } from 'node:crypto';
import { Wallet } from 'ethers';
import { TronWeb } from 'tronweb';
import { mineBlocks } from '../../../scripts/local/evm/local-chains';
import { EvmTransferScanner } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { TronTransferScanner } from '../../../shared/adapters/tron/tron-transfer-scanner';
import { LOCAL_FAUCET_INDEX } from '../../../shared/config/networks';
import type { TransferScanner } from '../../../shared/ports/evm-transfers';
import { sendTokenTransfer, startTokenChain } from '../chains/chain-support';
import { privateTronChain } from './tron-test-chain';

/**
 * The TransferScanner contract, the same cases for every chain adapter (EVM on an anvil, TRON on the node
 * stand-in): what the deposit poller and intake rely on, whatever the chain.
 */
interface Harness {
  readonly scanner: () => TransferScanner;
  readonly newAddress: () => string;
  /** A USDT transfer from the faucet; resolves once mined, with its hash and block. */
  readonly send: (to: string, amount: bigint) => Promise<{ hash: string; block: number }>;
  readonly mine: (blocks: number) => Promise<void>;
  /** Blocks needed behind a block for it to be final. */
  readonly finalityDepth: number;
  readonly stop: () => Promise<void>;
}

/** An anvil of its own (tests/integration/chains), so no other test file mines between a send and the checks. */
async function evm(): Promise<Harness> {
  const chain = await startTokenChain();
  return {
    scanner: () => EvmTransferScanner.connect(chain.config, { timeoutMs: 5_000 }),
    newAddress: () => Wallet.createRandom().address,
    send: async (to, amount) => {
      const tx = await sendTokenTransfer(
        chain.node.rpcUrl,
        chain.network.tokens.USDT.address,
        LOCAL_FAUCET_INDEX,
        to,
        amount,
      );
      return { hash: tx.hash, block: tx.blockNumber };
    },
    mine: async (blocks) => void (await mineBlocks(chain.node.rpcUrl, blocks)),
    finalityDepth: chain.config.finality.confirmations,
    stop: () => chain.stop(),
  };
}

/** A stand-in of its own, so no other test file moves its head between a send and the checks. */
async function tron(): Promise<Harness> {
  const chain = await privateTronChain();
  return {
    scanner: () => TronTransferScanner.connect(chain.config, { timeoutMs: 5_000 }),
    newAddress: () => TronWeb.address.fromHex(`41${randomBytes(20).toString('hex')}`) as string,
    send: async (to, amount) => {
      const hash = await chain.sendToken('USDT', to, amount);
      const { head } = await chain.mine(1);
      return { hash, block: head };
    },
    mine: async (blocks) => void (await chain.mine(blocks)),
    finalityDepth: 20,
    stop: () => chain.stop(),
  };
}

describe.each([
  ['EVM (anvil)', evm],
  ['TRON (node stand-in)', tron],
])('TransferScanner contract: %s', (_name, make) => {
  let h: Harness;
  beforeAll(async () => {
    h = await make();
  });
  afterAll(() => h.stop());

  it('reports a transfer with its block, and the same transfer for its transaction', async () => {
    const to = h.newAddress();
    const sent = await h.send(to, 1_234_567n);
    const scanner = h.scanner();
    const found = (await scanner.scan(sent.block, sent.block)).filter((t) => t.to === to);
    expect(found).toEqual([
      expect.objectContaining({
        token: 'USDT',
        to,
        amount: 1_234_567n,
        txHash: sent.hash,
        blockNumber: sent.block,
      }),
    ]);
    expect(found[0]?.blockHash).toBe(await scanner.canonicalBlockHash(sent.block));
    expect(await scanner.transfersInTransaction(sent.hash)).toEqual(found);
  });

  it('counts a block final only behind the head, and reaches it once the chain moves on', async () => {
    const sent = await h.send(h.newAddress(), 1n);
    const scanner = h.scanner();
    const before = await scanner.head();
    expect(before.finalized).toBeLessThanOrEqual(before.latest);
    expect(before.finalized).toBeLessThan(sent.block);
    await h.mine(h.finalityDepth);
    expect((await scanner.head()).finalized).toBeGreaterThanOrEqual(sent.block);
  });

  it('answers nothing for an empty range, an unknown transaction or a height above the head', async () => {
    const scanner = h.scanner();
    const { latest } = await scanner.head();
    expect(await scanner.scan(latest + 1, latest)).toEqual([]);
    expect(await scanner.transfersInTransaction(`0x${'ab'.repeat(32)}`)).toEqual([]);
    expect(await scanner.canonicalBlockHash(latest + 1_000)).toBeUndefined();
  });
});
