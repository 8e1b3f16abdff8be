import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The list indexes (GSI4 by status, the by-user refs; ADR 0030) are complete once every item written
 * before them was backfilled (`npm run cli -- migrate list-indexes`), which then writes this marker; a
 * table created with them (the local stack, tests) gets the marker at creation. Until it exists, list
 * filters take the bounded filter-after-read path, which is correct on any item.
 */
export const LIST_INDEXES_MARKER_KEY = { PK: 'MIGRATION#list-indexes', SK: 'MIGRATION' } as const;

/** Tables known complete in this process (the marker never goes away, so it is read until seen once). */
const ready = new Set<string>();

export async function listIndexesReady(db: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  if (ready.has(tableName)) return true;
  const out = await db.send(new GetCommand({ TableName: tableName, Key: LIST_INDEXES_MARKER_KEY }));
  if (typeof out.Item?.['completedAt'] !== 'string') return false;
  ready.add(tableName);
  return true;
}
