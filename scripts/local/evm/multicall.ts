import { MULTICALL3_ADDRESS } from '../../../shared/config/networks';
import { compileContract } from './compile-contracts';
import { jsonRpc } from './json-rpc';

/** More than the local chains' finality depth (3 confirmations). */
const FINALITY_BLOCKS = 4;

const compiling = new Map<string, ReturnType<typeof compileContract>>();

/** One compile per cache folder and process (chains installed side by side share it). */
function compiled(cacheDir: string): ReturnType<typeof compileContract> {
  let c = compiling.get(cacheDir);
  if (!c) {
    c = compileContract({ cacheDir, sourceFile: 'Multicall3.sol' });
    c.catch(() => compiling.delete(cacheDir));
    compiling.set(cacheDir, c);
  }
  return c;
}

/**
 * Puts Multicall3 on a local anvil chain at its canonical address (where it lives on BSC and Polygon),
 * idempotently: the contract (contracts/Multicall3.sol) is compiled with solc-js, its runtime code is
 * what an `eth_call` of the creation code returns, and `anvil_setCode` installs it without a
 * transaction, so no dev account's nonce moves.
 */
export async function installMulticall3(rpcUrl: string, cacheDir: string): Promise<string> {
  const existing = await jsonRpc<string>(rpcUrl, 'eth_getCode', [MULTICALL3_ADDRESS, 'latest']);
  if (existing && existing !== '0x') return MULTICALL3_ADDRESS;
  const { artifact } = await compiled(cacheDir);
  const runtime = await jsonRpc<string>(rpcUrl, 'eth_call', [{ data: artifact.bytecode }, 'latest']);
  if (!runtime || runtime === '0x') throw new Error('Multicall3 creation code returned no runtime code');
  await jsonRpc(rpcUrl, 'anvil_setCode', [MULTICALL3_ADDRESS, runtime]);
  // The reconciliation reads at the finalized block: the code must be in blocks that are final (local
  // finality is a few blocks behind head), not only in the pending state.
  await jsonRpc(rpcUrl, 'anvil_mine', [`0x${FINALITY_BLOCKS.toString(16)}`]);
  return MULTICALL3_ADDRESS;
}
