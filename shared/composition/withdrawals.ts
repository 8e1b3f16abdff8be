import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricWithdrawalAlerts } from '../adapters/lambda/withdrawal-alerts';
import { DynamoGasRecordStore } from '../adapters/dynamodb/gas-record-store';
import { DynamoSweepStore } from '../adapters/dynamodb/sweep-store';
import { DynamoWithdrawalRepository } from '../adapters/dynamodb/withdrawal-repository';
import { DynamoWithdrawalSettingsRepository } from '../adapters/dynamodb/withdrawal-settings-repository';
import { EvmSweepChain } from '../adapters/evm/sweep-chain';
import { LambdaSweepTrigger } from '../adapters/lambda/lambda-sweep-trigger';
import { LocalSweepTrigger } from '../adapters/local/local-sweep-trigger';
import { gasTankAddresses } from './gas-tanks';
import { LocalWithdrawalWorkflow } from '../adapters/local/local-withdrawal-workflow';
import { SfnWithdrawalWorkflow } from '../adapters/stepfunctions/sfn-withdrawal-workflow';
import type { WithdrawalTimingsInput } from '../adapters/stepfunctions/sfn-withdrawal-workflow';
import type { WithdrawalDeps } from '../app/withdrawals/deps';
import { runWithdrawalTask } from '../app/withdrawals/withdrawal-lifecycle';
import { minimumWithdrawalFrom } from '../app/withdrawals/withdrawal-settings';
import type { TaskInput } from '../app/withdrawals/withdrawal-lifecycle';
import type { AppConfig } from '../config/config';
import type { NetworkCode } from '../config/networks';
import { parseAmount } from '../domain/ledger/amount';
import type { SweepTrigger } from '../ports/sweeps';
import type { WebhookPublisher } from '../ports/webhooks';
import { DynamoOutboxStore } from '../adapters/dynamodb/outbox-store';
import { OutboxWebhookPublisher } from '../app/outbox/outbox-webhook-publisher';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import type {
  TronWithdrawalChain,
  WithdrawalAlerts,
  WithdrawalChain,
  WithdrawalWorkflow,
} from '../ports/withdrawals';
import { TronChainGateway } from '../adapters/tron/tron-chain-gateway';
import { DynamoTronSweepStore } from '../adapters/tron/tron-sweep-store';
import type { DepositDeps } from './deposits';
import { buildMasterWallets, masterWalletsFor } from './master-wallets';
import { getDepositDeps } from './deposits';

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
  /**
   * false: TRON MASTER burns its own TRX for energy instead of asking the sweep process for it
   * (TronMasterEnergyRequest, ADR 0023); on by default.
   */
  readonly tronMasterEnergy?: boolean;
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
  // A KMS client given by a test gets its own resolution; otherwise the process's one.
  const gasTankOf = gasTankAddresses(depositDeps);
  const master = options.kms
    ? buildMasterWallets(depositDeps, config, options.kms)
    : masterWalletsFor(depositDeps);
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
    idempotency: new DynamoIdempotencyStore(db, config.tableName),
    // Withdrawal events go through the outbox (relayed to the webhook queue), so a queue outage delays them.
    webhooks:
      options.webhooks ?? new OutboxWebhookPublisher(new DynamoOutboxStore(db, config.tableName), base.clock),
    partnerSecurity: base.partnerSecurity,
    ...(depositDeps.destinations.gasTanks ? { gasTanks: depositDeps.destinations.gasTanks } : {}),
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
      // MASTER short of energy: a request the TRON sweep process serves with the cheapest energy.
      ...(options.tronMasterEnergy === false
        ? {}
        : {
            masterEnergy: {
              requests: new DynamoTronSweepStore(db, config.tableName),
              gasTank: () => gasTankOf('TRON'),
              energyMarginPercent: config.sweeps.gasMarginPercent,
            },
          }),
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
    // MASTER short of gas: a request the sweep process serves from the gas tank (its one nonce writer).
    masterGas: {
      requests: new DynamoSweepStore(db, config.tableName),
      gasTank: gasTankOf,
    },
    minimumWithdrawal: minimumWithdrawalFrom(config.withdrawals.minimumAmounts),
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
      options.sfn ??
        (async () => new (await import('@aws-sdk/client-sfn')).SFNClient({ region: config.region })),
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
      sweepTrigger: new LambdaSweepTrigger(
        async () => new (await import('@aws-sdk/client-lambda')).LambdaClient({ region: config.region }),
        trigger.functionName,
      ),
    };
  if (trigger.kind === 'local')
    return {
      sweepTrigger: new LocalSweepTrigger(async (partnerId, network) => {
        const { runSweepJob } = await import('./sweep-job');
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
