import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors';
import type { GasRecord, GasRecordStore } from '../../ports/gas-records';
import { isConditionalCheckFailed } from './client';

/**
 * Gas records: `GASREC#<network>#<txHash>` (one per transaction, written once); GSI1
 * `GASRECORDS#<partnerId>` sorted by mining time, so a month is a `begins_with` range on the partner.
 */
const recordKey = (network: string, txHash: string) => ({
  PK: `GASREC#${network}#${txHash.toLowerCase()}`,
  SK: 'GASREC',
});
const partnerPk = (partnerId: string) => `GASRECORDS#${partnerId}`;

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const BIGINT_FIELDS = ['gasUsed', 'effectiveGasPrice', 'nativeAmount', 'transferredAmount'] as const;

function toItem(r: GasRecord): Record<string, unknown> {
  return {
    ...recordKey(r.network, r.txHash),
    entity: 'GasRecord',
    GSI1PK: partnerPk(r.partnerId),
    GSI1SK: `${r.at}#${r.network}#${r.txHash.toLowerCase()}`,
    ...r,
    ...Object.fromEntries(BIGINT_FIELDS.map((f) => [f, r[f].toString()])),
  };
}

function fromItem(item: Record<string, unknown>): GasRecord {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, entity: _e, ...rest } = item;
  const out: Record<string, unknown> = { ...rest };
  for (const f of BIGINT_FIELDS) out[f] = BigInt(String(rest[f]));
  out['usdValue'] = rest['usdValue'] ?? null;
  return out as unknown as GasRecord;
}

export class DynamoGasRecordStore implements GasRecordStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(record: GasRecord): Promise<{ created: boolean }> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: toItem(record), ConditionExpression: ITEM_IS_NEW }),
      );
      return { created: true };
    } catch (e) {
      if (isConditionalCheckFailed(e)) return { created: false };
      throw e;
    }
  }

  async listByPartnerMonth(partnerId: string, month: string, options: { limit: number; cursor?: string }) {
    if (!MONTH.test(month))
      throw new ValidationError('Invalid month', [{ path: 'month', message: 'Use YYYY-MM' }]);
    const pk = partnerPk(partnerId);
    let startKey: Record<string, unknown> | undefined;
    if (options.cursor) {
      try {
        startKey = JSON.parse(Buffer.from(options.cursor, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
        if (startKey['GSI1PK'] !== pk) throw new Error('foreign');
      } catch {
        throw new ValidationError('Invalid cursor', [
          { path: 'cursor', message: 'Use nextCursor from the previous page' },
        ]);
      }
    }
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :month)',
        ExpressionAttributeValues: { ':pk': pk, ':month': `${month}-` },
        Limit: options.limit,
        ExclusiveStartKey: startKey,
      }),
    );
    const nextCursor = out.LastEvaluatedKey
      ? Buffer.from(JSON.stringify(out.LastEvaluatedKey), 'utf8').toString('base64url')
      : undefined;
    return { items: (out.Items ?? []).map(fromItem), ...(nextCursor ? { nextCursor } : {}) };
  }
}
