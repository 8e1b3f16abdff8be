import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { startLocalEvmChains } from '../../scripts/local/evm/local-chains';
import { startLocalTron } from '../../scripts/local/tron/local-tron';
import { startLocalS3 } from '../../scripts/local/s3/local-s3';

/**
 * Once per integration run: DynamoDB Local in memory, the two local EVM chains on free ports, the TRON
 * stand-in and the S3 twin (s3rver, its one documents bucket under the run's work dir). Test
 * files create their own tables (tests/support/test-env.ts), so they can run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'gateway-it-'));
  const [dynamo, chains, tron, s3] = await Promise.all([
    startDynamoDbLocal({ logFile: join(workDir, 'dynamodb.log') }),
    startLocalEvmChains({
      ports: { BSC: 0, POLYGON: 0 },
      mining: 'auto',
      cacheDir: join(process.cwd(), '.local/cache'),
      logDir: workDir,
    }),
    // The TRON stand-in, in memory; blocks only on demand (POST /admin/mine), so tests control heights.
    startLocalTron({ blockTimeMs: 0 }),
    // The documents bucket's twin: tests write under their own key prefixes.
    startLocalS3({ port: 0, directory: join(workDir, 's3') }),
  ]);
  (globalThis as Record<string, unknown>)['__GATEWAY_STACK__'] = { dynamo, chains, tron, s3 };
  process.env['IT_WORK_DIR'] = workDir;
  process.env['DYNAMODB_ENDPOINT'] = dynamo.endpoint;
  process.env['RPC_URL_BSC'] = chains.networks.BSC.rpcUrl;
  process.env['RPC_URL_POLYGON'] = chains.networks.POLYGON.rpcUrl;
  process.env['RPC_URL_TRON'] = tron.url;
  process.env['S3_ENDPOINT'] = s3.endpoint;
  process.env['S3_FORCE_PATH_STYLE'] = 'true';
  process.env['DOCUMENTS_BUCKET'] = s3.bucket;
  writeFileSync(
    join(workDir, 'chains.json'),
    JSON.stringify({
      networks: chains.networks,
      faucet: chains.faucet,
      tron: { url: tron.url, faucet: tron.faucet, tokens: tron.tokens },
    }),
  );
}
