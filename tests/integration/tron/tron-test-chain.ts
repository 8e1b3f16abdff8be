import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TronWeb } from 'tronweb';
import { LOCAL_TRON_FAUCET, startLocalTron } from '../../../scripts/local/tron/local-tron';
import type { LocalTron } from '../../../scripts/local/tron/local-tron';
import { networkRegistry } from '../../../shared/config/networks';
import type { NetworkConfig } from '../../../shared/config/networks';

/**
 * Test access to a TRON stand-in: the shared one from the integration global setup (chains.json), or
 * a private one a test file starts for itself when it needs to own block production (forks).
 * Transfers are built, signed and broadcast with tronweb against the node's HTTP API, as a wallet does.
 */
export interface TronTestChain {
  readonly url: string;
  readonly config: NetworkConfig;
  readonly tokens: { readonly USDT: string; readonly FAKE_USDT: string; readonly TRC10: string };
  readonly faucet: { readonly address: string; readonly privateKey: string };
  mine(blocks?: number): Promise<{ head: number; solidified: number }>;
  admin<T = Record<string, unknown>>(path: string, body?: Record<string, unknown>): Promise<T>;
  post<T = Record<string, unknown>>(path: string, body?: Record<string, unknown>): Promise<T>;
  /** A TRC-20 transfer (USDT or the look-alike) signed by `from` (default: the faucet). */
  sendToken(
    token: 'USDT' | 'FAKE_USDT',
    to: string,
    amount: bigint,
    from?: { address: string; privateKey: string },
  ): Promise<string>;
  sendTrx(to: string, sun: bigint, from?: { address: string; privateKey: string }): Promise<string>;
  sendTrc10(to: string, amount: bigint): Promise<string>;
  stop(): Promise<void>;
}

export function sharedTronChain(): TronTestChain {
  const chains = JSON.parse(
    readFileSync(join(process.env['IT_WORK_DIR'] as string, 'chains.json'), 'utf8'),
  ) as {
    tron: { url: string; faucet: { address: string; privateKey: string }; tokens: TronTestChain['tokens'] };
  };
  return testChain(chains.tron.url, chains.tron.tokens, async () => undefined);
}

export async function privateTronChain(): Promise<TronTestChain & { readonly node: LocalTron }> {
  const node = await startLocalTron({ blockTimeMs: 0 });
  return { ...testChain(node.url, node.tokens, () => node.stop()), node };
}

function testChain(url: string, tokens: TronTestChain['tokens'], stop: () => Promise<void>): TronTestChain {
  const post = async <T>(path: string, body: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${path}: ${JSON.stringify(json)}`);
    return json;
  };
  const tw = new TronWeb({ fullHost: url });
  const broadcast = async (unsigned: unknown, key: string): Promise<string> => {
    const signed = await tw.trx.sign(unsigned as never, key);
    const out = (await tw.trx.sendRawTransaction(signed as never)) as {
      result?: boolean;
      code?: string;
      message?: string;
    };
    if (!out.result) throw new Error(`broadcast refused: ${out.code} ${TronWeb.toUtf8(out.message ?? '')}`);
    return (signed as { txID: string }).txID;
  };
  const faucet = LOCAL_TRON_FAUCET;
  /**
   * Transactions expire 60 s after the block they reference (TaPoS). A stand-in that mines on demand
   * may have sat idle longer than that (other test files ran meanwhile); a transfer built on such a
   * head would expire before the next block and be dropped, as a node drops it. Real TRON makes a
   * block every 3 s, so give the chain a fresh head first.
   */
  const freshHead = async () => {
    const head = await post<{ block_header?: { raw_data?: { timestamp?: number } } }>('/wallet/getnowblock');
    if (Date.now() - (head.block_header?.raw_data?.timestamp ?? 0) > 20_000)
      await post('/admin/mine', { blocks: 1 });
  };
  return {
    url,
    config: { ...networkRegistry('local').TRON, rpcUrls: [url] },
    tokens,
    faucet,
    post,
    admin: post,
    mine: (blocks = 1) => post('/admin/mine', { blocks }),
    sendToken: async (token, to, amount, from = faucet) => {
      await freshHead();
      const { transaction } = await tw.transactionBuilder.triggerSmartContract(
        tokens[token],
        'transfer(address,uint256)',
        { feeLimit: 100_000_000 },
        [
          { type: 'address', value: to },
          { type: 'uint256', value: amount.toString() },
        ],
        from.address,
      );
      return broadcast(transaction, from.privateKey);
    },
    sendTrx: async (to, sun, from = faucet) => {
      await freshHead();
      return broadcast(await tw.transactionBuilder.sendTrx(to, Number(sun), from.address), from.privateKey);
    },
    sendTrc10: async (to, amount) => {
      await freshHead();
      return broadcast(
        await tw.transactionBuilder.sendToken(to, Number(amount), tokens.TRC10, faucet.address),
        faucet.privateKey,
      );
    },
    stop,
  };
}
