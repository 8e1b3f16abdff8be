import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { DynamoPollerStateStore } from '../../shared/adapters/dynamodb/poller-state-store';
import { EvmTransferScanner } from '../../shared/adapters/evm/evm-transfer-scanner';
import { tronNodeOptions } from '../../shared/adapters/tron/tron-node-client';
import { TronTransferScanner } from '../../shared/adapters/tron/tron-transfer-scanner';
import { runDepositPoller } from '../../shared/app/chains/run-deposit-poller';
import type { DepositPollerReport, PollerLog } from '../../shared/app/chains/run-deposit-poller';
import {
  POLLER_CONSECUTIVE_FAILURES_METRIC,
  POLLER_UNHEALTHY_METRIC,
} from '../../shared/adapters/lambda/metric-alerts';
import { isPollerUnhealthy } from '../../shared/app/chains/poller-health';
import type { NetworkCode } from '../../shared/config/networks';
import { getDeps } from '../../shared/composition/gateway';
import { getDepositDeps } from '../../shared/composition/deposits';

const deps = getDeps();
// The deposits use-case (attribution, recording, confirmation, crediting) behind the DepositIntake port.
const intake = getDepositDeps().intake;
const state = new DynamoPollerStateStore(deps.db, deps.config.tableName);
const metrics = new Metrics({ namespace: 'Gateway', serviceName: deps.config.serviceName });
const log: PollerLog = {
  info: (message, details) => deps.logger.info(message, details ?? {}),
  warn: (message, details) => deps.logger.warn(message, details ?? {}),
  error: (message, details) => deps.logger.error(message, details ?? {}),
};

// One scanner per network for the life of the container: a warm invocation keeps the block range it
// learned from the provider.
const scanners = new Map<NetworkCode, EvmTransferScanner | TronTransferScanner>();
function scannerFor(network: NetworkCode): EvmTransferScanner | TronTransferScanner {
  let scanner = scanners.get(network);
  if (!scanner && deps.config.networks[network].family === 'TRON') {
    scanner = TronTransferScanner.connect(deps.config.networks[network], tronNodeOptions(deps.config));
    scanners.set(network, scanner);
  }
  if (!scanner) {
    const { poller } = deps.config;
    scanner = EvmTransferScanner.connect(deps.config.networks[network], {
      logsMode: poller.logsMode,
      maxBlockRange: poller.maxBlockRange,
      timeoutMs: poller.rpcTimeoutMs,
      onNotice: (notice) =>
        deps.logger.warn('transfer scanner adapted to its provider', { network, ...notice }),
    });
    scanners.set(network, scanner);
  }
  return scanner;
}

/** Leave this much of the Lambda timeout for the last round, confirmation and the lease release. */
const SAFETY_MARGIN_MS = 15_000;

/**
 * Scheduled every minute per EVM network: follows the chain head for most of the minute, scanning
 * token Transfer logs into the deposit intake (see shared/app/chains/run-deposit-poller.ts).
 */
export const handler = middy<unknown, DepositPollerReport, Error, Context>()
  .use(injectLambdaContext(deps.logger, { resetKeys: true }))
  .handler(async (event, context) => {
    const job = ScheduledJobEvent.parse(event);
    const network = job.network;
    if (!network) {
      throw new Error(`Schedule ${job.scheduleId} names no network (got none)`);
    }
    const scanner = scannerFor(network);
    const { poller } = deps.config;
    const blockTimeMs = deps.config.networks[network].blockTimeMs;
    const report = await runDepositPoller(
      {
        scanner,
        state,
        intake,
        clock: deps.clock,
        sleep,
        log,
        rpcCalls: () => scanner.meter?.calls ?? 0,
        health: state,
      },
      network,
      {
        owner: context.awsRequestId,
        runForMs: Math.max(
          1_000,
          Math.min(poller.runForMs, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS),
        ),
        roundIntervalMs: blockTimeMs,
        leaseTtlMs: poller.leaseTtlMs,
        // The previous invocation may be finishing its last round; give it a few blocks to let go.
        leaseWaitMs: Math.min(10_000, Math.max(3_000, 3 * blockTimeMs)),
        chunkBlocks: poller.maxBlockRange,
        initialLookbackBlocks: poller.initialLookbackBlocks,
        nodeLagBlocks: poller.nodeLagBlocks,
        startBlock: poller.startBlocks[network],
      },
    );
    metrics.addDimension('Network', network);
    metrics.addMetric('PollerRounds', MetricUnit.Count, report.rounds);
    metrics.addMetric('PollerFailedRounds', MetricUnit.Count, report.failedRounds);
    metrics.addMetric('PollerBlocksScanned', MetricUnit.Count, report.blocksScanned);
    metrics.addMetric('PollerTransfersSeen', MetricUnit.Count, report.transfersSeen);
    metrics.addMetric('PollerRpcCalls', MetricUnit.Count, report.rpcCalls ?? 0);
    // Failed rounds in a row across invocations (none when another poller held the lease).
    if (report.consecutiveFailures !== undefined) {
      metrics.addMetric(POLLER_CONSECUTIVE_FAILURES_METRIC, MetricUnit.Count, report.consecutiveFailures);
      metrics.addMetric(
        POLLER_UNHEALTHY_METRIC,
        MetricUnit.Count,
        isPollerUnhealthy(report.consecutiveFailures, poller.alertAfterFailedRounds) ? 1 : 0,
      );
    }
    if (deps.config.environment === 'local') metrics.clearMetrics();
    else metrics.publishStoredMetrics();
    metrics.clearDimensions();
    // A run in which no round succeeded fails the invocation, so the function's Errors alarm fires.
    if (report.rounds > 0 && report.failedRounds === report.rounds) {
      throw new Error(
        `deposit poller for ${network}: all ${report.rounds} rounds failed; last error: ${report.lastError}`,
      );
    }
    return report;
  });

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
