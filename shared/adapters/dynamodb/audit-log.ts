import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { AuditEntry, AuditLog, StoredAuditEntry } from '../../ports/audit-log';

const auditPartition = (partnerId: string | null) => `AUDIT#${partnerId ?? 'PLATFORM'}`;
const nextId = monotonicFactory();

/** Append-only audit trail per tenant, newest first when listed. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AuditEntry): Promise<StoredAuditEntry> {
    const id = nextId(Date.parse(entry.at));
    const stored: StoredAuditEntry = { id, ...entry };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { PK: auditPartition(entry.partnerId), SK: `AUDIT#${id}`, entity: 'AuditEntry', ...stored },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return stored;
  }

  async list(partnerId: string | null, options?: { limit?: number }): Promise<StoredAuditEntry[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': auditPartition(partnerId), ':prefix': 'AUDIT#' },
        ScanIndexForward: false,
        Limit: options?.limit ?? 50,
      }),
    );
    return (out.Items ?? []).map((item) => {
      const { PK: _pk, SK: _sk, entity: _e, ...rest } = item;
      return rest as StoredAuditEntry;
    });
  }
}
