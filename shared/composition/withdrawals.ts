import type { KMSClient } from '@aws-sdk/client-kms';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricWithdrawalAlerts } from '../adapters/lambda/withdrawal-alerts';
import { pricedGasRecordStore } from './gas-records';
import { DynamoSweepStore } from '../adapters/dynamodb/sweep-store';
import { EvmSweepChain } from '../adapters/evm/sweep-chain';
import { LambdaSweepTrigger } from '../adapters/lambda/lambda-sweep-trigger';
import { gasTankAddresses } from './gas-tanks';
import type { WithdrawalDeps } from '../app/withdrawals/deps';
import { runWithdrawalTask } from '../app/withdrawals/withdrawal-lifecycle';
import type { TaskInput } from '../app/withdrawals/withdrawal-lifecycle';
import { ConfigError } from '../config/config';
import type { AppConfig } from '../config/config';
import type { NetworkCode } from '../config/networks';
import type { SweepTrigger } from '../ports/sweeps';
import type { WebhookPublisher } from '../ports/webhooks';
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
import { buildWithdrawalRequestDeps } from './withdrawal-requests';
import { resolveWithdrawalWorkflow } from './withdrawal-workflow';

export { workflowTimings } from './withdrawal-workflow';

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
  let tronChain: TronWithdrawalChain | undefined;
  // Runs one task state against these deps (declared below; called only once an execution runs).
  const runTask = (payload: Record<string, unknown>) =>
    runWithdrawalTask(deps, payload as unknown as TaskInput);
  const workflow =
    typeof options.workflow === 'function'
      ? options.workflow(runTask)
      : resolveWithdrawalWorkflow(config, {
          ...(options.workflow ? { workflow: options.workflow } : {}),
          ...(options.sfn ? { sfn: options.sfn } : {}),
        });
  const deps: WithdrawalDeps = {
    ...buildWithdrawalRequestDeps(depositDeps, {
      workflow,
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    }),
    // The task's own chain adapter answers eth_getCode too.
    hasCode: (network, address) => chain(network).hasCode(address),
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
    gasRecords: pricedGasRecordStore(base),
    ...sweepTriggerOption(config, options.sweepTrigger),
    // MASTER short of gas: a request the sweep process serves from the gas tank (its one nonce writer).
    masterGas: {
      requests: new DynamoSweepStore(db, config.tableName),
      gasTank: gasTankOf,
    },
    timings: {
      stuckAfterMs: config.withdrawals.stuckAfterMs,
      whitelistCoolingMs: config.withdrawals.whitelistCoolingMs,
      maxAttempts: config.withdrawals.maxAttempts,
      gasMarginPercent: config.withdrawals.gasMarginPercent,
    },
    nativeUsdPrice: (network) => config.sweeps.nativeUsdPrice[network],
  };
  return {
    deps,
    depositDeps,
    workflow,
    signCalls: async () => {
      let n = 0;
      for (const s of master.signers.values()) n += (await s).signCalls;
      return n;
    },
  };
}

let providedTrigger: SweepTrigger | undefined;

/**
 * SWEEP_TRIGGER=local: the trigger the local stack gives (scripts/local/local-withdrawal-runner.ts: the
 * sweep function invoked in-process with the same event), so the product composition carries no local
 * stand-in and no sweep job of its own.
 */
export function provideSweepTrigger(trigger: SweepTrigger | undefined): void {
  providedTrigger = trigger;
}

/** SWEEP_TRIGGER: an async invoke of the sweep function on AWS, the local stack's trigger locally. */
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
  if (trigger.kind === 'local') {
    if (!providedTrigger)
      throw new ConfigError(['SWEEP_TRIGGER: local needs the local stack, which gives the trigger']);
    return { sweepTrigger: providedTrigger };
  }
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
