import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, statSync } from 'node:fs';
import path from 'node:path';
import { id as eventTopic, zeroPadValue } from 'ethers';
import { LOCAL_CHAIN_IDS, LOCAL_DEPLOYER_ADDRESS } from '../../../shared/config/networks';
import { startAnvil } from '../../../scripts/local/evm/anvil';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { fundFromFaucet, startLocalEvmChains } from '../../../scripts/local/evm/local-chains';
import { TEST_CACHE_DIR, freshAddress, makeTempDir, sleep, tokenBalance } from './evm-test-support';

const TRANSFER_TOPIC = eventTopic('Transfer(address,address,uint256)');

async function blockNumber(rpcUrl: string): Promise<number> {
  return Number(await jsonRpc<string>(rpcUrl, 'eth_blockNumber'));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local chain persistence', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = makeTempDir(prefix);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps balances, tokens and history across a stop/start with a data dir', async () => {
    const dataDir = tempDir('gateway-evm-state-');
    const options = {
      dataDir,
      ports: { BSC: 0, POLYGON: 0 },
      mining: 'auto',
      cacheDir: TEST_CACHE_DIR,
    } as const;
    const recipient = freshAddress();

    const first = await startLocalEvmChains(options);
    let funding: Awaited<ReturnType<typeof fundFromFaucet>>;
    let headBefore: number;
    try {
      funding = await fundFromFaucet(first.networks.BSC, 'USDT', recipient, 7_000_000_000_000_000_001n);
      await fundFromFaucet(first.networks.POLYGON, 'USDC', recipient, 42_000_001n);
      headBefore = await blockNumber(first.networks.BSC.rpcUrl);
    } finally {
      await first.stop();
    }
    expect(readdirSync(path.join(dataDir, 'evm')).sort()).toEqual(['bsc-state.json', 'polygon-state.json']);

    const second = await startLocalEvmChains(options);
    try {
      const bsc = second.networks.BSC;
      expect(await tokenBalance(bsc, 'USDT', recipient)).toBe(7_000_000_000_000_000_001n);
      expect(await tokenBalance(second.networks.POLYGON, 'USDC', recipient)).toBe(42_000_001n);
      // Tokens came back from the state file: the deployer sent nothing more.
      const deployerNonce = await jsonRpc<string>(bsc.rpcUrl, 'eth_getTransactionCount', [
        LOCAL_DEPLOYER_ADDRESS,
        'latest',
      ]);
      expect(Number(deployerNonce)).toBe(2);
      expect(await blockNumber(bsc.rpcUrl)).toBe(headBefore);

      // Blocks, receipts and logs survive too, which a deposit watcher rescanning history relies on.
      const receipt = await jsonRpc<{ blockNumber: string; status: string } | null>(
        bsc.rpcUrl,
        'eth_getTransactionReceipt',
        [funding.hash],
      );
      expect(receipt).toMatchObject({ status: '0x1' });
      expect(Number(receipt?.blockNumber)).toBe(funding.blockNumber);
      const logs = await jsonRpc<{ transactionHash: string; data: string }[]>(bsc.rpcUrl, 'eth_getLogs', [
        {
          address: bsc.tokens.USDT.address,
          fromBlock: '0x0',
          toBlock: 'latest',
          topics: [TRANSFER_TOPIC, null, zeroPadValue(recipient, 32)],
        },
      ]);
      expect(logs.map((log) => log.transactionHash)).toEqual([funding.hash]);
      expect(BigInt(logs[0]?.data ?? '0x0')).toBe(7_000_000_000_000_000_001n);

      // The restarted chain keeps working: new transfers land on top of the restored state.
      await fundFromFaucet(bsc, 'USDT', recipient, 1n);
      expect(await tokenBalance(bsc, 'USDT', recipient)).toBe(7_000_000_000_000_000_002n);
    } finally {
      await second.stop();
    }
  });

  it('restores the backup when the state file was truncated by a crash mid-dump', async () => {
    const statePath = path.join(tempDir('gateway-evm-corrupt-'), 'chain.json');
    const start = (warn?: (message: string) => void) =>
      startAnvil({ port: 0, chainId: LOCAL_CHAIN_IDS.POLYGON, statePath, ...(warn ? { warn } : {}) });

    const first = await start();
    await jsonRpc(first.rpcUrl, 'anvil_mine', ['0x3']);
    await first.stop();
    const second = await start(); // takes the backup of the 3-block state
    await jsonRpc(second.rpcUrl, 'anvil_mine', ['0x2']);
    await second.stop();
    expect(JSON.parse(readFileSync(statePath, 'utf8')).best_block_number).toBe(5);
    truncateSync(statePath, Math.floor(statSync(statePath).size / 2));

    const warnings: string[] = [];
    const third = await start((message) => warnings.push(message));
    try {
      expect(await blockNumber(third.rpcUrl)).toBe(3);
      expect(warnings).toEqual([expect.stringMatching(/unreadable .* restored the previous backup/)]);
      expect(
        readdirSync(path.dirname(statePath)).some((name) => name.startsWith('chain.json.corrupt-')),
      ).toBe(true);
    } finally {
      await third.stop();
    }
  });

  it('stops anvil and saves its state when the owning process is SIGKILLed', async () => {
    const statePath = path.join(tempDir('gateway-evm-orphan-'), 'chain.json');
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(__dirname, 'fixtures', 'anvil-parent.ts'),
        statePath,
        String(LOCAL_CHAIN_IDS.BSC),
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const started = await new Promise<{ rpcUrl: string; anvilPid: number }>((resolve, reject) => {
      let buffered = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const line = buffered.split('\n').find((candidate) => candidate.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      parent.once('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
    });
    await jsonRpc(started.rpcUrl, 'anvil_mine', ['0x4']);
    expect(isAlive(started.anvilPid)).toBe(true);

    parent.kill('SIGKILL');

    const deadline = Date.now() + 5_000;
    while (isAlive(started.anvilPid) && Date.now() < deadline) await sleep(50);
    expect(isAlive(started.anvilPid)).toBe(false);
    expect(existsSync(statePath)).toBe(true);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).best_block_number).toBe(4);
  });
});
