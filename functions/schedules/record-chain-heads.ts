import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { DynamoChainStatusStore } from '../../shared/adapters/dynamodb/chain-status-store';
import { EvmHeadReader } from '../../shared/adapters/evm/evm-head-reader';
import { TronHeadReader } from '../../shared/adapters/tron/tron-head-reader';
import { tronNodeOptions } from '../../shared/adapters/tron/tron-node-client';
import { recordChainHead } from '../../shared/app/chains/record-chain-head';
import type { ChainHeadObservation } from '../../shared/app/chains/record-chain-head';
import type { ChainHeadReader } from '../../shared/ports/chain-heads';
import { getDeps } from '../../shared/composition/gateway';

const deps = getDeps();
const evmReader = new EvmHeadReader(deps.config.networks);
const tronReader = new TronHeadReader(deps.config.networks, tronNodeOptions(deps.config));
const reader: ChainHeadReader = {
  readHead: (network) =>
    deps.config.networks[network].family === 'TRON'
      ? tronReader.readHead(network)
      : evmReader.readHead(network),
};
const store = new DynamoChainStatusStore(deps.db, deps.config.tableName);
const metrics = new Metrics({ namespace: 'Gateway', serviceName: deps.config.serviceName });

/** Scheduled every minute per network: head, finalized block and poller lag (metric PollerLagBlocks). */
export const handler = middy<unknown, ChainHeadObservation, Error, Context>()
  .use(injectLambdaContext(deps.logger, { resetKeys: true }))
  .handler(async (event) => {
    const job = ScheduledJobEvent.parse(event);
    if (!job.network) throw new Error(`Schedule ${job.scheduleId} names no network`);
    const observation = await recordChainHead({ reader, store, clock: deps.clock }, job.network);
    metrics.addDimension('Network', job.network);
    metrics.addMetric('ChainHeadBlock', MetricUnit.Count, observation.headBlock);
    if (observation.pollerLagBlocks !== undefined) {
      metrics.addMetric('PollerLagBlocks', MetricUnit.Count, observation.pollerLagBlocks);
    }
    // Locally there is no CloudWatch to read EMF lines; keep the terminal quiet.
    if (deps.config.environment === 'local') metrics.clearMetrics();
    else metrics.publishStoredMetrics();
    metrics.clearDimensions();
    deps.logger.info('chain head recorded', { ...observation });
    return observation;
  });
