import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single table's key schema, shared by the CDK data stack and the local stack so both build the
 * same table. Items overload PK/SK; the GSIs serve list screens (GSI1: by owner and time, GSI2: by
 * lookup key, GSI3: spare for status queues, GSI4: list filters by status, overloaded by entity — ADR 0030).
 * CloudFormation adds at most one GSI per table update: add new ones one deploy at a time. Items with
 * `expiresAt` (epoch seconds) are removed by TTL.
 */
export const PARTITION_KEY = 'PK';
export const SORT_KEY = 'SK';
export const TTL_ATTRIBUTE = 'expiresAt';

export interface IndexSpec {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export const GLOBAL_SECONDARY_INDEXES: readonly IndexSpec[] = [
  { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  { indexName: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
];

/** CreateTable input for DynamoDB Local (on AWS the data stack creates the table). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttrs = [
    PARTITION_KEY,
    SORT_KEY,
    ...GLOBAL_SECONDARY_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttrs.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: SORT_KEY, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}
