import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../scripts/local/dynamodb-local';
import { parseConfig } from '../../shared/config/config';
import type { AppConfig } from '../../shared/config/config';

/**
 * A fresh table on the shared DynamoDB Local for one test file, so files never see each other's data.
 * Sets TABLE_NAME too, for code that reads the configuration from the environment (handlers).
 *
 * `streams: true` for a test that reads the table's stream (the outbox relay's LocalStreamPoller);
 * otherwise the table has none. DynamoDB Local keeps the stream records of every table, deleted ones
 * included, and looks through them on every write: with a stream on every table, writes late in the
 * integration run were several times slower than alone (a file of 10,000 writes took 97 s in the run,
 * 14 s alone). Nothing else differs from the deployed table.
 */
export async function createTestTable(
  prefix = 'it',
  options: { streams?: boolean } = {},
): Promise<{ config: AppConfig; dropTable(): Promise<void> }> {
  const endpoint = process.env['DYNAMODB_ENDPOINT'];
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run through the integration jest project');
  const tableName = `${prefix}-${randomBytes(6).toString('hex')}`;
  await ensureTable(endpoint, tableName, { streams: options.streams ?? false });
  process.env['TABLE_NAME'] = tableName;
  const config = parseConfig(process.env);
  return {
    config,
    dropTable: async () => {
      const client = new DynamoDBClient({
        region: 'us-east-1',
        endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-11-20T12:00:00.000Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (d: Date) => (now = d.getTime()),
    advance: (ms: number) => (now += ms),
  };
}
