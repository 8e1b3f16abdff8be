import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';

/** Value at the p-th percentile of an ascending list (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * Runs a benchmark against its own in-memory DynamoDB Local with the gateway table created and the
 * environment pointing the handlers at it (local key file, silent logs); everything is torn down after.
 */
export async function withBenchTable<T>(
  name: string,
  fn: (ctx: { endpoint: string; tableName: string; dir: string }) => Promise<T>,
  env: Readonly<Record<string, string>> = {},
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const dynamo = await startDynamoDbLocal({ logFile: join(dir, 'dynamodb.log') });
  try {
    const tableName = `bench-${name}`;
    await ensureTable(dynamo.endpoint, tableName);
    Object.assign(process.env, {
      APP_ENV: 'local',
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      KEY_VAULT: 'local-file',
      LOCAL_KEY_FILE: join(dir, 'master.key'),
      LOG_LEVEL: 'SILENT',
      ...env,
    });
    return await fn({ endpoint: dynamo.endpoint, tableName, dir });
  } finally {
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
