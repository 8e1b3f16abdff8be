import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { LIST_INDEXES_MARKER_KEY } from '../../shared/adapters/dynamodb/list-index-marker';
import { createTableInput, TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/table-schema';
import { freePort } from './ports';

/**
 * DynamoDB Local, the official emulator, from the jar the npm package amplify-dynamodb-simulator ships.
 * In memory for tests; with `dbPath` the data survives restarts.
 */
export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

const EMULATOR_DIR = resolve(process.cwd(), 'node_modules/amplify-dynamodb-simulator/emulator');

export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string; logFile?: string } = {},
): Promise<DynamoDbLocal> {
  if (!existsSync(join(EMULATOR_DIR, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDB Local jar not found under ${EMULATOR_DIR}; run npm ci`);
  }
  const port = options.port || (await freePort());
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(EMULATOR_DIR, 'DynamoDBLocal_lib')}`,
      '-Xms64m',
      '-Xmx512m',
      '-jar',
      join(EMULATOR_DIR, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    { cwd: EMULATOR_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  let output = '';
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    if (output.length < 10_000) output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let exited = false;
  child.once('exit', () => (exited = true));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited during start-up:\n${output}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();

  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((res) => {
        process.removeListener('exit', killOnExit);
        if (exited) return res();
        child.once('exit', () => {
          log?.end();
          res();
        });
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/**
 * Creates the gateway table (same schema as the CDK data stack) unless it exists; a table that exists
 * (the local stack's data survives restarts) gets the GSIs it lacks, and its items need
 * `npm run cli -- migrate list-indexes` for the list indexes (ADR 0030). A new table has nothing to
 * backfill, so it is created with the list indexes marked complete. `streams: false`
 * leaves out the table's stream (tests that never read it): DynamoDB Local keeps every stream record
 * of every table, deleted ones included, and checks them on every write, so with streams each write
 * of a long test run gets slower than the one before (see tests/support/test-env.ts).
 */
export async function ensureTable(
  endpoint: string,
  tableName: string,
  options: { streams?: boolean } = {},
): Promise<void> {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      await addMissingIndexes(
        client,
        tableName,
        new Set(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)),
      );
      return;
    } catch (e) {
      if (!(e instanceof Error && e.name === 'ResourceNotFoundException')) throw e;
    }
    const { StreamSpecification, ...withoutStream } = createTableInput(tableName);
    await client.send(
      new CreateTableCommand(
        options.streams === false ? withoutStream : { ...withoutStream, StreamSpecification },
      ),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          PK: { S: LIST_INDEXES_MARKER_KEY.PK },
          SK: { S: LIST_INDEXES_MARKER_KEY.SK },
          completedAt: { S: new Date().toISOString() },
          createdWithTable: { BOOL: true },
        },
      }),
    );
  } finally {
    client.destroy();
  }
}

/** Adds the schema's GSIs an existing table lacks, one update each (as CloudFormation must). */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  existing: Set<string | undefined>,
) {
  const input = createTableInput(tableName);
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    const attrs = new Set(index.KeySchema?.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: input.AttributeDefinitions?.filter((a) => attrs.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}
