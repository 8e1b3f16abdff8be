import type { KMSClient } from '@aws-sdk/client-kms';
import { Interface, Wallet } from 'ethers';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { buildWithdrawalWiring, workflowTimings } from '../../../shared/composition/withdrawals';
import type { WithdrawalWiring } from '../../../shared/composition/withdrawals';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { fundFromFaucet, mineBlocks, sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import { EvmSweepChain } from '../../../shared/adapters/evm/sweep-chain';
import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../../shared/adapters/local/local-withdrawal-workflow';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import type { WithdrawalRequestInput } from '../../../shared/app/withdrawals/request-withdrawal';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { formatAmount, parseAmount } from '../../../shared/domain/ledger/amount';
import type { WithdrawalSettings } from '../../../shared/domain/withdrawal/policy';
import type { Withdrawal, WithdrawalStatus } from '../../../shared/domain/withdrawal/withdrawal';
import type { WebhookEvent } from '../../../shared/ports/webhooks';
import { createTestTable } from '../../support/test-env';
import type { SweepChainNode } from '../sweeps/sweep-support';

const ERC20 = new Interface(['function balanceOf(address) view returns (uint256)']);

/**
 * A withdrawal test bench: its own anvil chain (so mining can be paused), a fresh table, a merchant
 * with ledger funds, a funded MASTER wallet, and the real state machine definition run in-process by
 * aws-local-stepfunctions with short waits.
 */
export class WithdrawalBench {
  base!: GatewayDeps;
  deposits!: DepositDeps;
  wiring!: WithdrawalWiring;
  workflow!: LocalWithdrawalWorkflow;
  chainAdapter!: EvmSweepChain;
  partnerId = '';
  master = '';
  readonly webhooks: WebhookEvent[] = [];
  readonly alerts: { type: string; code: string }[] = [];
  readonly executionErrors: string[] = [];
  /** The task function the state machine calls (for driving tasks by hand). */
  runTask!: (payload: Record<string, unknown>) => Promise<unknown>;
  private dropTable: () => Promise<void> = async () => undefined;
  private miner: NodeJS.Timeout | undefined;
  private fundings = 0;
  private keys = 0;

  constructor(readonly chain: SweepChainNode) {}

  get code(): 'BSC' | 'POLYGON' {
    return this.chain.network.code;
  }

  get decimals(): number {
    return this.chain.network.tokens.USDT.decimals;
  }

  get asset(): string {
    return `USDT@${this.code}`;
  }

  units(amount: string): bigint {
    return parseAmount(amount, this.decimals);
  }

  async setUp(
    overrides: {
      stuckAfterMs?: number;
      approvalTimeoutSeconds?: number;
      settings?: WithdrawalSettings;
      /** No executions: the test runs the task states by hand (crash scenarios). */
      manualWorkflow?: boolean;
      /** Fixed withdrawal fees per asset (WITHDRAWAL_FEES). */
      fees?: Record<string, string>;
      /** MASTER_SIGNER=kms with this client (a KMS fake) holding the EVM MASTER key `kms.keyId`. */
      kms?: { readonly client: KMSClient; readonly keyId: string };
      /** Webhook events go to the outbox, as deployed (default: collected in `webhooks`). */
      outbox?: boolean;
    } = {},
  ) {
    const table = await createTestTable('wd');
    this.dropTable = table.dropTable;
    const config = {
      ...table.config,
      networks: { ...table.config.networks, [this.code]: this.chain.config },
      withdrawals: {
        ...table.config.withdrawals,
        stuckAfterMs: overrides.stuckAfterMs ?? 60_000,
        approvalTimeoutSeconds: overrides.approvalTimeoutSeconds ?? 3_600,
        whitelistCoolingMs: 0,
        fees: overrides.fees ?? {},
        ...(overrides.kms
          ? { masterSigner: { kind: 'kms' as const, keys: { EVM: overrides.kms.keyId } } }
          : {}),
      },
    };
    this.base = buildDeps(config);
    this.deposits = buildDepositDeps(this.base);
    this.chainAdapter = EvmSweepChain.connect(this.chain.config);
    this.wiring = buildWithdrawalWiring(this.deposits, {
      chains: { [this.code]: this.chainAdapter },
      ...(overrides.kms ? { kms: overrides.kms.client } : {}),
      ...(overrides.outbox
        ? {}
        : { webhooks: { publish: async (e: WebhookEvent) => void this.webhooks.push(e) } }),
      alerts: {
        insufficientMasterBalance: async (a) =>
          void this.alerts.push({ type: 'INSUFFICIENT_MASTER_BALANCE', code: a.code }),
        masterGasLow: async (a) => void this.alerts.push({ type: 'MASTER_GAS_LOW', code: a.code }),
      },
      workflow: (runTask) => {
        this.runTask = runTask;
        this.workflow = new LocalWithdrawalWorkflow({
          definition: loadWithdrawalDefinition({
            WithdrawalTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
          }),
          runTask,
          timings: workflowTimings(config),
          waitMs: 50,
          retryIntervalMs: 10,
          onExecutionError: (name, e) => void this.executionErrors.push(`${name}: ${String(e)}`),
        });
        if (overrides.manualWorkflow)
          return {
            start: async () => undefined,
            resume: async () => undefined,
            ensureRunning: async () => 'RUNNING' as const,
          };
        return this.workflow;
      },
    });
    const operator = { type: 'OPERATOR' as const, id: 'op' };
    await createPlatform(this.base, operator, { code: 'PLATFORM', name: 'Platform' });
    const merchant = await createPartner(this.base, operator, {
      code: 'SHOP',
      name: 'Shop',
      type: 'MERCHANT',
      parentCode: 'PLATFORM',
    });
    this.partnerId = merchant.id;
    await this.wiring.deps.settings.put(
      this.partnerId,
      overrides.settings ?? { addressMode: 'MANUAL_ADDRESS', approval: { mode: 'AUTO', thresholdUsdt: 0n } },
    );
    this.master = (await this.wiring.deps.masterWallet(this.partnerId, this.code)).address;
    await sendNativeFromFaucet(this.chain.network, this.master, 10n ** 19n);
  }

  /** Mines a block every `ms` (automine alone mines only when something is sent). */
  startMining(ms = 100): void {
    this.stopMining();
    this.miner = setInterval(() => void mineBlocks(this.chain.network.rpcUrl, 1).catch(() => undefined), ms);
  }

  stopMining(): void {
    if (this.miner) clearInterval(this.miner);
    this.miner = undefined;
  }

  async setAutomine(on: boolean): Promise<void> {
    await jsonRpc(this.chain.network.rpcUrl, 'evm_setAutomine', [on]);
  }

  async tearDown(): Promise<void> {
    this.stopMining();
    this.workflow?.stopAll();
    this.chainAdapter?.close();
    await this.dropTable();
  }

  /** Credits the partner in the ledger (as a swept deposit would) and, unless told not to, MASTER on chain. */
  async fund(amount: string, options: { chain?: boolean; ledger?: boolean } = {}): Promise<void> {
    const value = this.units(amount);
    if (options.ledger !== false) {
      await this.base.ledger.post({
        id: `test-funding:${this.partnerId}:${++this.fundings}`,
        kind: 'POSTED',
        reason: 'DEPOSIT',
        cause: { type: 'deposit', id: `funding-${this.fundings}` },
        postings: [
          {
            debit: accounts.custody(this.partnerId, 'MASTER', this.asset),
            credit: accounts.partnerAvailable(this.partnerId, this.asset),
            amount: value,
          },
        ],
        effectiveAt: new Date().toISOString(),
      });
    }
    if (options.chain !== false) await fundFromFaucet(this.chain.network, 'USDT', this.master, value);
  }

  async available(): Promise<string> {
    const b = await this.base.ledger.balance(accounts.partnerAvailable(this.partnerId, this.asset));
    return formatAmount(b.available, this.decimals);
  }

  async posted(): Promise<string> {
    const b = await this.base.ledger.balance(accounts.partnerAvailable(this.partnerId, this.asset));
    return formatAmount(b.posted, this.decimals);
  }

  async tokenBalance(address: string): Promise<bigint> {
    const out = await jsonRpc<string>(this.chain.network.rpcUrl, 'eth_call', [
      { to: this.chain.network.tokens.USDT.address, data: ERC20.encodeFunctionData('balanceOf', [address]) },
      'latest',
    ]);
    return BigInt(out);
  }

  async nonceOf(address: string): Promise<number> {
    return Number(
      await jsonRpc<string>(this.chain.network.rpcUrl, 'eth_getTransactionCount', [address, 'latest']),
    );
  }

  newAddress(): string {
    return Wallet.createRandom().address;
  }

  request(
    amount: string,
    options: Partial<WithdrawalRequestInput> & { key?: string; requester?: string } = {},
  ) {
    const { key, requester, ...input } = options;
    return requestWithdrawal(
      this.wiring.deps,
      {
        partnerId: this.partnerId,
        requester: { kind: 'user', id: requester ?? 'usr_requester' },
        type: 'MANUAL',
        idempotencyKey: key ?? `key-${++this.keys}-${Date.now()}`,
      },
      { network: this.code, token: 'USDT', amount, address: this.newAddress(), ...input },
    );
  }

  async get(code: string): Promise<Withdrawal> {
    const w = await this.wiring.deps.withdrawals.get(this.partnerId, code);
    if (!w) throw new Error(`withdrawal ${code} missing`);
    return w;
  }

  /**
   * Polls until the withdrawal reaches the status. Not a timing assertion: a hang bound, below Jest's
   * timeout, so a stuck test fails saying where the withdrawal stands and stops polling — a loop left
   * running past the timeout went on moving this bench's funds under the next test.
   */
  async waitFor(code: string, status: WithdrawalStatus | WithdrawalStatus[]): Promise<Withdrawal> {
    const wanted = Array.isArray(status) ? status : [status];
    const giveUpAt = Date.now() + 80_000;
    for (;;) {
      const w = await this.get(code);
      if (wanted.includes(w.status)) return w;
      if (this.executionErrors.length)
        throw new Error(`execution failed: ${this.executionErrors.join('; ')} (status ${w.status})`);
      if (Date.now() > giveUpAt)
        throw new Error(`withdrawal ${code} still ${w.status}, waiting for ${wanted.join(' or ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resolves when the withdrawal's execution has ended. */
  async executionEnd(code: string): Promise<unknown> {
    const e = this.workflow.execution(this.partnerId, code);
    if (!e) throw new Error(`no execution for ${code}`);
    return e.result;
  }
}

/** Runs one task state by hand, as the state machine would. */
export async function task(
  bench: WithdrawalBench,
  name: string,
  code: string,
): Promise<{ route: string; status: string }> {
  return (await bench.runTask({ task: name, partnerId: bench.partnerId, code })) as {
    route: string;
    status: string;
  };
}
