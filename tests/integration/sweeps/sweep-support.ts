import { Interface, id as topicOf } from 'ethers';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { buildSweepWiring } from '../../../shared/composition/sweeps';
import type { SweepWiring } from '../../../shared/composition/sweeps';
import { startAnvil } from '../../../scripts/local/evm/anvil';
import type { AnvilNode } from '../../../scripts/local/evm/anvil';
import { compileTestStablecoin } from '../../../scripts/local/evm/compile-contracts';
import { deployLocalTokens } from '../../../scripts/local/evm/deploy-tokens';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { fundFromFaucet, mineBlocks, sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import type { LocalEvmNetwork } from '../../../scripts/local/evm/local-chains';
import { EvmTransferScanner } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { EvmSweepChain } from '../../../shared/adapters/evm/sweep-chain';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { setFeeSettings } from '../../../shared/app/deposits/fee-chain';
import { reconcileAsset } from '../../../shared/app/ledger/reconcile-ledger';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import type { SweepDeps, SweepSettings } from '../../../shared/app/sweeps/deps';
import { recordGasTankFunding } from '../../../shared/app/sweeps/gas-tank-funding';
import { runSweeps } from '../../../shared/app/sweeps/run-sweeps';
import type { SweepRunReport } from '../../../shared/app/sweeps/run-sweeps';
import { LOCAL_CHAIN_IDS, networkRegistry } from '../../../shared/config/networks';
import type { NetworkConfig } from '../../../shared/config/networks';
import { percentToPpm } from '../../../shared/domain/deposit/fees';
import { parseAmount } from '../../../shared/domain/ledger/amount';
import type { ReconciliationReport } from '../../../shared/ports/reconciliation';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import type { GasTankAlerts, SweepChain } from '../../../shared/ports/sweeps';
import { TEST_CACHE_DIR } from '../evm/evm-test-support';
import { createTestTable, manualClock } from '../../support/test-env';

/**
 * A sweep test bench: an anvil chain of the test file's own (automine, so it can be paused, mined and
 * misbehave without touching other files), a fresh table, a platform and a merchant with fees, the
 * real deposit intake fed from the real chain, and a funded, recorded gas tank.
 */
export interface SweepChainNode {
  readonly node: AnvilNode;
  readonly network: LocalEvmNetwork;
  readonly config: NetworkConfig;
}

export async function startSweepChain(code: 'BSC' | 'POLYGON'): Promise<SweepChainNode> {
  const [artifact, node] = await Promise.all([
    compileTestStablecoin(TEST_CACHE_DIR),
    startAnvil({ port: 0, chainId: LOCAL_CHAIN_IDS[code], name: `sweep-${code.toLowerCase()}` }),
  ]);
  try {
    const deployed = await deployLocalTokens({ rpcUrl: node.rpcUrl, network: code, artifact });
    const network: LocalEvmNetwork = {
      code,
      rpcUrl: node.rpcUrl,
      chainId: node.chainId,
      tokens: {
        USDT: { address: deployed.USDT.address, decimals: deployed.USDT.decimals },
        USDC: { address: deployed.USDC.address, decimals: deployed.USDC.decimals },
      },
    };
    return { node, network, config: { ...networkRegistry('local')[code], rpcUrls: [node.rpcUrl] } };
  } catch (e) {
    await node.stop();
    throw e;
  }
}

export const TRANSFER_TOPIC = topicOf('Transfer(address,address,uint256)');
const ERC20 = new Interface(['event Transfer(address indexed from, address indexed to, uint256 value)']);

export class SweepBench {
  readonly clock = manualClock();
  readonly alerts: { type: 'LOW' | 'OK'; network: string; balance?: bigint; minimum?: bigint }[] = [];
  base!: GatewayDeps;
  deposits!: DepositDeps;
  wiring!: SweepWiring;
  scanner!: EvmTransferScanner;
  chainAdapter!: EvmSweepChain;
  merchantId = '';
  distributorId = '';
  gasTank = '';
  private dropTable: () => Promise<void> = async () => undefined;
  private users = 0;

  constructor(readonly chain: SweepChainNode) {}

  get code(): 'BSC' | 'POLYGON' {
    return this.chain.network.code;
  }

  get decimals(): number {
    return this.chain.network.tokens.USDT.decimals;
  }

  units(amount: string): bigint {
    return parseAmount(amount, this.decimals);
  }

  /**
   * A fresh table and wiring of the bench's own; or, with `wiring`, the process's wiring (the handler's),
   * whose table and chain the caller set up through the environment.
   */
  async setUp(
    options: { fundGasTank?: bigint; wiring?: SweepWiring; streams?: boolean } = {},
  ): Promise<void> {
    if (options.wiring) {
      this.wiring = options.wiring;
      this.deposits = options.wiring.depositDeps;
      this.base = options.wiring.depositDeps.base;
      this.chainAdapter = options.wiring.chain(this.code) as EvmSweepChain;
    } else {
      const table = await createTestTable('sweep', { streams: options.streams });
      this.dropTable = table.dropTable;
      const config = {
        ...table.config,
        networks: { ...table.config.networks, [this.code]: this.chain.config },
      };
      this.base = buildDeps(config, { clock: this.clock });
      this.deposits = buildDepositDeps(this.base);
      this.chainAdapter = EvmSweepChain.connect(this.chain.config);
      this.wiring = buildSweepWiring(this.deposits, { chains: { [this.code]: this.chainAdapter } });
    }
    this.scanner = EvmTransferScanner.connect(this.chain.config);
    const operator = { type: 'OPERATOR' as const, id: 'op' };
    const platform = await createPlatform(this.base, operator, { code: 'PLATFORM', name: 'Platform' });
    const dist = await createPartner(this.base, operator, {
      code: 'DIST',
      name: 'Distributor',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    const merchant = await createPartner(this.base, operator, {
      code: 'SHOP',
      name: 'Shop',
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
    this.merchantId = merchant.id;
    this.distributorId = dist.id;
    const at = this.clock.now().toISOString();
    const feeDeps = { partners: this.base.partners, fees: this.deposits.fees };
    await setFeeSettings(feeDeps, platform, { minFeeRate: percentToPpm('0.5') }, at);
    await setFeeSettings(
      feeDeps,
      dist,
      { parentFeeRate: percentToPpm('0.3'), maxFeeCap: percentToPpm('3') },
      at,
    );
    await setFeeSettings(feeDeps, merchant, { depositFeeRate: percentToPpm('1.2') }, at);
    this.gasTank = (await this.wiring.gasTank.gasTank(this.code)).address;
    if (options.fundGasTank !== 0n) await this.fundGasTank(options.fundGasTank ?? 10n ** 19n);
  }

  async tearDown(): Promise<void> {
    this.scanner?.close();
    this.chainAdapter?.close();
    await this.dropTable();
  }

  /** Sends native coin from the faucet to the gas tank and records it once final. */
  async fundGasTank(amount: bigint): Promise<string> {
    const { hash } = await sendNativeFromFaucet(this.chain.network, this.gasTank, amount);
    await this.mine(3);
    await recordGasTankFunding(this.wiring.funding(this.code), hash);
    return hash;
  }

  async mine(blocks: number): Promise<void> {
    await mineBlocks(this.chain.network.rpcUrl, blocks);
  }

  async hotAddress(userId = `user-${++this.users}`): Promise<string> {
    return (await getDepositAddress(this.deposits, this.merchantId, { userId, network: this.code })).address;
  }

  /** A real token transfer from the faucet, detected and credited (CONFIRMED) by the deposit intake. */
  async credit(to: string, amount: bigint, token: 'USDT' | 'USDC' = 'USDT'): Promise<StoredDeposit[]> {
    const { hash } = await fundFromFaucet(this.chain.network, token, to, amount);
    const transfers = await this.scanner.transfersInTransaction(hash);
    await this.deposits.intake.ingest(this.code, transfers, await this.scanner.head());
    await this.mine(3);
    await this.deposits.intake.confirm(this.code, await this.scanner.head(), this.scanner);
    const ids = transfers.map((t) => `${this.code}:${t.txHash.toLowerCase()}:${t.logIndex}`);
    const stored = await Promise.all(ids.map((id) => this.deposits.deposits.get(id)));
    return stored.filter((d): d is StoredDeposit => !!d);
  }

  settings(overrides: Partial<SweepSettings> = {}): SweepSettings {
    return {
      minimumAmount: () => this.units('10'),
      gasMarginPercent: 20,
      stuckAfterMs: 60_000,
      maxAttempts: 5,
      maxGroupsPerRun: 50,
      followForMs: 0,
      pollIntervalMs: 10,
      gasTankMinimum: 10n ** 17n,
      nativeUsdPrice: '600',
      ...overrides,
    };
  }

  readonly recordingAlerts: GasTankAlerts = {
    gasTankLow: async (a) =>
      void this.alerts.push({ type: 'LOW', network: a.network, balance: a.balance, minimum: a.minimum }),
    gasTankOk: async (network) => void this.alerts.push({ type: 'OK', network }),
  };

  sweepDeps(
    overrides: Partial<SweepDeps> & { settings?: SweepSettings; chain?: SweepChain } = {},
  ): SweepDeps {
    return this.wiring.forNetwork(this.code, {
      alerts: this.recordingAlerts,
      sleep: async () => undefined,
      settings: this.settings(),
      ...overrides,
    });
  }

  run(overrides: Parameters<SweepBench['sweepDeps']>[0] = {}): Promise<SweepRunReport> {
    return runSweeps(this.sweepDeps(overrides));
  }

  async tokenBalance(address: string, token: 'USDT' | 'USDC' = 'USDT'): Promise<bigint> {
    return this.chainAdapter.tokenBalance(token, address);
  }

  /** Token Transfer logs from `from` to `to` on the whole chain: how many transfers really happened. */
  async transfersBetween(from: string, to: string, token: 'USDT' | 'USDC' = 'USDT'): Promise<bigint[]> {
    const logs = await jsonRpc<{ data: string; topics: string[] }[]>(
      this.chain.network.rpcUrl,
      'eth_getLogs',
      [
        {
          fromBlock: '0x0',
          toBlock: 'latest',
          address: this.chain.network.tokens[token].address,
          topics: [
            TRANSFER_TOPIC,
            `0x${from.slice(2).toLowerCase().padStart(64, '0')}`,
            `0x${to.slice(2).toLowerCase().padStart(64, '0')}`,
          ],
        },
      ],
    );
    return logs.map((l) => ERC20.parseLog(l)?.args[2] as bigint);
  }

  /**
   * Waits until the node has mined `hash` (anvil's automine answers eth_sendRawTransaction before the
   * block is in, so a read right after a broadcast can miss it on a loaded machine). Bounded: 20 s.
   */
  async minedReceipt(hash: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const receipt = await jsonRpc<unknown>(this.chain.network.rpcUrl, 'eth_getTransactionReceipt', [hash]);
      if (receipt) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${hash} was not mined within 20 s`);
  }

  async reconcile(asset: string): Promise<ReconciliationReport> {
    const reports = { save: async () => undefined, latest: async () => undefined };
    const alerts = { raise: async () => undefined };
    return reconcileAsset(
      { ledger: this.base.ledger, reports, alerts, clock: this.clock, recheckDelayMs: 0 },
      asset,
    );
  }

  async setAutomine(on: boolean): Promise<void> {
    await jsonRpc(this.chain.network.rpcUrl, 'evm_setAutomine', [on]);
  }
}

/**
 * Wraps a port so chosen methods can fail (a crash or an RPC error at that exact step); `when` sees
 * the call and decides. Everything else passes through to the real adapter.
 */
export function withFaults<T extends object>(
  target: T,
  faults: { [K in keyof T]?: (...args: never[]) => boolean },
): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const when = faults[prop as keyof T] as ((...args: unknown[]) => boolean) | undefined;
      return (...args: unknown[]) => {
        if (when?.(...args)) return Promise.reject(new Error(`injected fault in ${String(prop)}`));
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

/** True the first `n` times it is asked (for faults that strike once, then let the retry through). */
export function times(n: number): () => boolean {
  let left = n;
  return () => left-- > 0;
}

/**
 * The process dies at one call: that call and every later call to the port fail, as if nothing after
 * that point ran (the rest of the run only finds errors).
 */
export function crashAt<T extends object>(
  target: T,
  method: keyof T,
  when: (...args: never[]) => boolean = () => true,
): T {
  let crashed = false;
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!crashed && prop === method && (when as (...a: unknown[]) => boolean)(...args)) crashed = true;
        if (crashed) return Promise.reject(new Error(`process crashed at ${String(method)}`));
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}
