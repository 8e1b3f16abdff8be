import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, GatewayError } from '../../domain/errors';
import type { Partner } from '../../domain/partner/partner';
import type {
  ChainActivation,
  SubPartnerListQuery,
  SubPartnerStore,
  VersionedFees,
} from '../../ports/sub-partners';
import { batchGetAll, cancellationReasons } from './client';
import { FEE_FIELDS, feeSettingsKey, toFeeSettings } from './fee-settings-repository';
import { decodeListCursor, encodeListCursor, invalidListCursor, readListPage } from './list-pages';
import { partnerKey, toPartner } from './partner-repository';
import { subPartnerCountUpdate } from './activity-counters';

const childrenIndexKey = (parentId: string) => `PARTNER_CHILDREN#${parentId}`;
const partnerCodeKey = (code: string) => ({ PK: `PARTNERCODE#${code}`, SK: 'PARTNERCODE' });
const chainsKey = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'CHAINS' });

/** One TransactWriteItems holds at most 100 items (ADR 0031: a larger fee edit is refused). */
export const TRANSACTION_MAX_ITEMS = 100;
/** Reads a filtered list page may spend before it answers with what it has and a cursor. */
const LIST_MAX_READS = 5;

const VERSION_IS = (v: VersionedFees) =>
  v.versioned
    ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': v.version } }
    : { ConditionExpression: 'attribute_not_exists(version)' };

/** DynamoDB storage of the sub-partner screens: partner items (GSI1 children index), fee and chain items. */
export class DynamoSubPartnerStore implements SubPartnerStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listChildren(
    parentId: string,
    query: SubPartnerListQuery,
  ): Promise<{ items: Partner[]; nextCursor?: string }> {
    const pk = childrenIndexKey(parentId);
    const startKey = query.cursor ? decodeListCursor(query.cursor) : undefined;
    if (startKey && startKey['GSI1PK'] !== pk) throw invalidListCursor();
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': pk };
    if (query.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = query.status;
    }
    if (query.type) {
      filters.push('#type = :type');
      names['#type'] = 'type';
      values[':type'] = query.type;
    }
    if (query.q) {
      filters.push('(contains(#code, :qCode) OR contains(#name, :q))');
      names['#code'] = 'code';
      names['#name'] = 'name';
      values[':qCode'] = query.q.toUpperCase();
      values[':q'] = query.q;
    }
    const items: Partner[] = [];
    let last: Record<string, unknown> | undefined = startKey;
    let reads = 0;
    do {
      reads += 1;
      const out = await readListPage(
        this.db,
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: query.limit - items.length + (filters.length ? 25 : 0),
          ...(last ? { ExclusiveStartKey: last } : {}),
        }),
        last === startKey,
      );
      for (const item of out.Items ?? []) {
        if (items.length >= query.limit) break;
        items.push(toPartner(item));
        last = { PK: item['PK'], SK: item['SK'], GSI1PK: item['GSI1PK'], GSI1SK: item['GSI1SK'] };
      }
      if (items.length >= query.limit) break;
      last = out.LastEvaluatedKey;
    } while (last && reads < LIST_MAX_READS);
    return { items, ...(last ? { nextCursor: encodeListCursor(last) } : {}) };
  }

  async childCounts(partnerIds: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const counts = await Promise.all(
      partnerIds.map(async (id) => {
        let count = 0;
        let start: Record<string, unknown> | undefined;
        do {
          const out = await this.db.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :pk',
              ExpressionAttributeValues: { ':pk': childrenIndexKey(id) },
              Select: 'COUNT',
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          count += out.Count ?? 0;
          start = out.LastEvaluatedKey;
        } while (start);
        return [id, count] as const;
      }),
    );
    return new Map(counts);
  }

  async subtree(rootId: string, maxNodes: number): Promise<{ nodes: Partner[]; truncated: boolean }> {
    const nodes: Partner[] = [];
    let level = [rootId];
    while (level.length) {
      const next: string[] = [];
      const children = await Promise.all(
        level.map((parentId) =>
          this.db.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :pk',
              ExpressionAttributeValues: { ':pk': childrenIndexKey(parentId) },
              Limit: maxNodes - nodes.length + 1,
            }),
          ),
        ),
      );
      for (const out of children) {
        for (const item of out.Items ?? []) {
          if (nodes.length >= maxNodes) return { nodes, truncated: true };
          const p = toPartner(item);
          nodes.push(p);
          if (p.type !== 'MERCHANT') next.push(p.id);
        }
        if (out.LastEvaluatedKey) return { nodes, truncated: true };
      }
      level = next;
    }
    return { nodes, truncated: false };
  }

  async fees(partnerIds: readonly string[]): Promise<ReadonlyMap<string, VersionedFees>> {
    const items = await batchGetAll(this.db, this.tableName, [...new Set(partnerIds)].map(feeSettingsKey));
    const byId = new Map<string, VersionedFees>();
    for (const id of partnerIds) byId.set(id, { partnerId: id, fees: {}, version: 0, versioned: false });
    for (const item of items) {
      const id = String(item['PK']).slice('PARTNER#'.length);
      byId.set(id, {
        partnerId: id,
        fees: toFeeSettings(item),
        version: Number(item['version'] ?? 0),
        versioned: item['version'] !== undefined,
      });
    }
    return byId;
  }

  async writeFees(write: VersionedFees, unchanged: readonly VersionedFees[], at: string): Promise<void> {
    if (1 + unchanged.length > TRANSACTION_MAX_ITEMS) {
      throw new GatewayError(
        'VALIDATION_FAILED',
        `This change affects ${unchanged.length + 1} partners; one consistent write covers at most ${TRANSACTION_MAX_ITEMS}. Ask the platform operator.`,
        { details: { affected: unchanged.length + 1, limit: TRANSACTION_MAX_ITEMS } },
      );
    }
    const item: Record<string, unknown> = {
      ...feeSettingsKey(write.partnerId),
      entity: 'FeeSettings',
      updatedAt: at,
      version: write.version + 1,
    };
    for (const f of FEE_FIELDS) {
      const v = write.fees[f];
      if (v !== undefined) item[f] = v.toString();
    }
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: item, ...VERSION_IS(write) } },
            ...unchanged.map((v) => ({
              ConditionCheck: {
                TableName: this.tableName,
                Key: feeSettingsKey(v.partnerId),
                ...VERSION_IS(v),
              },
            })),
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.includes('ConditionalCheckFailed'))
        throw new ConflictError('The fee settings changed meanwhile; reload and try again');
      throw e;
    }
  }

  async chains(partnerId: string): Promise<ChainActivation[]> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: chainsKey(partnerId), ConsistentRead: true }),
    );
    return (out.Item?.['chains'] as ChainActivation[] | undefined) ?? [];
  }

  async setChains(partnerId: string, chains: readonly ChainActivation[], at: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...chainsKey(partnerId), entity: 'PartnerChains', chains, updatedAt: at },
      }),
    );
  }

  async hasTransactions(partnerId: string): Promise<boolean> {
    const any = async (pk: string) =>
      (
        await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            Limit: 1,
            Select: 'COUNT',
          }),
        )
      ).Count ?? 0;
    const [deposits, withdrawals] = await Promise.all([
      any(`DEPOSITS#${partnerId}`),
      any(`WITHDRAWALS#${partnerId}`),
    ]);
    return deposits + withdrawals > 0;
  }

  async deletePartner(expected: Partner): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: partnerKey(expected.id),
                ConditionExpression: 'attribute_exists(PK) AND #status = :status',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': expected.status },
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: partnerCodeKey(expected.code),
                ConditionExpression: 'partnerId = :id',
                ExpressionAttributeValues: { ':id': expected.id },
              },
            },
            { Delete: { TableName: this.tableName, Key: feeSettingsKey(expected.id) } },
            { Delete: { TableName: this.tableName, Key: chainsKey(expected.id) } },
            // The parent's sub-partner counts (its dashboard, ADR 0032) lose the child in the same write.
            ...(expected.parentId
              ? [
                  subPartnerCountUpdate(this.tableName, expected.parentId, {
                    total: -1,
                    [expected.status === 'ACTIVE' ? 'active' : 'suspended']: -1,
                    [expected.type === 'DISTRIBUTOR' ? 'distributors' : 'merchants']: -1,
                  }),
                ]
              : []),
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.includes('ConditionalCheckFailed'))
        throw new ConflictError('The partner changed meanwhile; reload and try again');
      throw e;
    }
  }
}
