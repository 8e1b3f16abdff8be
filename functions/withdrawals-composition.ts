import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricWithdrawalAlerts } from '../shared/adapters/lambda/withdrawal-alerts';
import { DynamoGasRecordStore } from '../shared/adapters/dynamodb/gas-record-store';
import { DynamoWithdrawalRepository } from '../shared/adapters/dynamodb/withdrawal-repository';
import { DynamoWithdrawalSettingsRepository } from '../shared/adapters/dynamodb/withdrawal-settings-repository';
import { EvmSweepChain } from '../shared/adapters/evm/sweep-chain';
import { LambdaSweepTrigger } from '../shared/adapters/lambda/lambda-sweep-trigger';
import { LocalSweepTrigger } from '../shared/adapters/local/local-sweep-trigger';
import { LocalWithdrawalWorkflow } from '../shared/adapters/local/local-withdrawal-workflow';
import { SfnWithdrawalWorkflow } from '../shared/adapters/stepfunctions/sfn-withdrawal-workflow';
import type { WithdrawalTimingsInput } from '../shared/adapters/stepfunctions/sfn-withdrawal-workflow';
import type { WithdrawalDeps } from '../shared/app/withdrawals/deps';
import { runWithdrawalTask } from '../shared/app/withdrawals/withdrawal-lifecycle';
import type { TaskInput } from '../shared/app/withdrawals/withdrawal-lifecycle';
import type { AppConfig } from '../shared/config/config';
import type { NetworkCode } from '../shared/config/networks';
import { parseAmount } from '../shared/domain/ledger/amount';
import type { SweepTrigger } from '../shared/ports/sweeps';
import type { WebhookPublisher } from '../shared/ports/webhooks';
import type {
  TronWithdrawalChain,
  WithdrawalAlerts,
  WithdrawalChain,
  WithdrawalWorkflow,
} from '../shared/ports/withdrawals';
import { TronChainGateway } from '../shared/adapters/tron/tron-chain-gateway';
import type { DepositDeps } from './deposits-composition';
import { buildMasterWallets } from './master-wallets';
import { getDepositDeps } from './deposits-composition';

/** The withdrawal state machine definition, shared with the workflows stack. */
export const WITHDRAWAL_ASL_PATH = 'infra/workflows/withdrawal.asl.json';

export function loadWithdrawalDefinition(
  substitutions: Readonly<Record<string, string>>,
): Record<string, unknown> {
  let text = readFileSync(join(process.cwd(), WITHDRAWAL_ASL_PATH), 'utf8');
  for (const [name, value] of Object.entries(substitutions)) text = text.split(`\${${name}}`).join(value);
  return JSON.parse(text) as Record<string, unknown>;
}

export function workflowTimings(config: AppConfig): WithdrawalTimingsInput {
  const w = config.withdrawals;
  return {
    approvalTimeoutSeconds: w.approvalTimeoutSeconds,
    fundsRetrySeconds: w.fundsRetrySeconds,
    pollSeconds: w.pollSeconds,
  };
}

export interface WithdrawalWiring {
  readonly deps: WithdrawalDeps;
  readonly depositDeps: DepositDeps;
  readonly workflow: WithdrawalWorkflow;
  /** Digest signatures made so far (KMS Sign calls on AWS), for the benchmark. */
  signCalls(): Promise<number>;
}

export interface WithdrawalWiringOptions {
  readonly chains?: Partial<Record<NetworkCode, WithdrawalChain>>;
  readonly workflow?:
    | WithdrawalWorkflow
    | ((runTask: (payload: Record<string, unknown>) => Promise<unknown>) => WithdrawalWorkflow);
  readonly alerts?: WithdrawalAlerts;
  readonly kms?: KMSClient;
  readonly sfn?: SFNClient;
  readonly webhooks?: WebhookPublisher;
  readonly tronChain?: TronWithdrawalChain;
  readonly sweepTrigger?: SweepTrigger;
}

export function buildWithdrawalWiring(
  depositDeps: DepositDeps,
  options: WithdrawalWiringOptions = {},
): WithdrawalWiring {
  const { base } = depositDeps;
  const { db, config } = base;
  const chains = new Map<NetworkCode, WithdrawalChain>(
    Object.entries(options.chains ?? {}) as [NetworkCode, WithdrawalChain][],
  );
  const chain = (network: NetworkCode): WithdrawalChain => {
    let c = chains.get(network);
    if (!c) {
      if (config.networks[network].family !== 'EVM')
        throw new Error(`Withdrawals on ${network} are not wired yet`);
      c = EvmSweepChain.connect(config.networks[network], { timeoutMs: config.poller.rpcTimeoutMs });
      chains.set(network, c);
    }
    return c;
  };
  const master = buildMasterWallets(depositDeps, config, options.kms);
  const fees = config.withdrawals.fees;
  let workflow: WithdrawalWorkflow | undefined;
  let tronChain: TronWithdrawalChain | undefined;
  const deps: WithdrawalDeps = {
    withdrawals: new DynamoWithdrawalRepository(db, config.tableName),
    settings: new DynamoWithdrawalSettingsRepository(db, config.tableName),
    ledger: base.ledger,
    clock: base.clock,
    networks: config.networks,
    get workflow(): WithdrawalWorkflow {
      if (!workflow) throw new Error('workflow not wired');
      return workflow;
    },
    ...((options.webhooks ?? base.webhooks) ? { webhooks: options.webhooks ?? base.webhooks } : {}),
    partnerSecurity: base.partnerSecurity,
    isOwnAddress: async (partnerId, network, address) =>
      (await depositDeps.wallets.lookup(network, [address])).get(address.toLowerCase())?.partnerId ===
      partnerId,
    masterWallet: master.masterWallet,
    chain,
    tron: {
      get chain() {
        tronChain ??=
          options.tronChain ??
          TronChainGateway.connect(config.networks.TRON, {
            timeoutMs: config.poller.rpcTimeoutMs,
            ...(config.tron.apiKey ? { apiKey: config.tron.apiKey } : {}),
          });
        return tronChain;
      },
      signer: master.tronSigner,
      feeLimitSun: config.withdrawals.tronFeeLimitSun,
    },
    signers: master.masterSigners,
    alerts:
      options.alerts ??
      new MetricWithdrawalAlerts(
        new Metrics({ namespace: 'Gateway', serviceName: config.serviceName }),
        base.logger,
        config.environment !== 'local',
      ),
    gasRecords: new DynamoGasRecordStore(db, config.tableName),
    ...sweepTriggerOption(config, options.sweepTrigger),
    feeFor: async (_partnerId, asset) => {
      const fee = fees[asset.code];
      return fee ? parseAmount(fee, asset.decimals, { field: 'WITHDRAWAL_FEES', allowZero: true }) : 0n;
    },
    timings: {
      stuckAfterMs: config.withdrawals.stuckAfterMs,
      whitelistCoolingMs: config.withdrawals.whitelistCoolingMs,
      maxAttempts: config.withdrawals.maxAttempts,
      gasMarginPercent: config.withdrawals.gasMarginPercent,
    },
    nativeUsdPrice: (network) => config.sweeps.nativeUsdPrice[network],
    onError: (message, e) => base.logger.error(message, { error: e as Error }),
  };
  const runTask = (payload: Record<string, unknown>) =>
    runWithdrawalTask(deps, payload as unknown as TaskInput);
  if (typeof options.workflow === 'function') workflow = options.workflow(runTask);
  else if (options.workflow) workflow = options.workflow;
  else if (config.withdrawals.stateMachineArn) {
    workflow = new SfnWithdrawalWorkflow(
      options.sfn ?? new SFNClient({ region: config.region }),
      config.withdrawals.stateMachineArn,
      workflowTimings(config),
    );
  } else {
    workflow = new LocalWithdrawalWorkflow({
      definition: loadWithdrawalDefinition({
        WithdrawalTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local-withdrawal-task',
      }),
      runTask,
      timings: workflowTimings(config),
      onExecutionError: (name, e) =>
        base.logger.error('withdrawal execution failed', { execution: name, error: e as Error }),
    });
  }
  const wired = workflow;
  return {
    deps,
    depositDeps,
    workflow: wired,
    signCalls: async () => {
      let n = 0;
      for (const s of master.signers.values()) n += (await s).signCalls;
      return n;
    },
  };
}

/** SWEEP_TRIGGER: an async invoke of the sweep function on AWS, the same function in-process locally. */
function sweepTriggerOption(
  config: AppConfig,
  given: SweepTrigger | undefined,
): { sweepTrigger?: SweepTrigger } {
  if (given) return { sweepTrigger: given };
  const trigger = config.sweeps.trigger;
  if (trigger.kind === 'lambda')
    return {
      sweepTrigger: new LambdaSweepTrigger(new LambdaClient({ region: config.region }), trigger.functionName),
    };
  if (trigger.kind === 'local')
    return {
      sweepTrigger: new LocalSweepTrigger(async (partnerId, network) => {
        const { runSweepJob } = await import('./schedules/sweep-deposits');
        return runSweepJob(network, { partnerId, deadline: Date.now() + 60_000 });
      }),
    };
  return {};
}

let cached: WithdrawalWiring | undefined;

export function getWithdrawalWiring(): WithdrawalWiring {
  cached ??= buildWithdrawalWiring(getDepositDeps());
  return cached;
}

export function getWithdrawalDeps(): WithdrawalDeps {
  return getWithdrawalWiring().deps;
}
