import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../domain/chains/networks';
import { ValidationError } from '../../domain/errors';
import type {
  GasRecord,
  GasRecordFilter,
  GasRecordStore,
  GasRecordType,
  GasTotal,
} from '../../ports/gas-records';
import { batchGetAll, cancellationReasons } from './client';
import { decodeListCursor, encodeListCursor, invalidListCursor, readListPage } from './list-pages';

/**
 * Gas records: `GASREC#<network>#<txHash>` (one per transaction, written once); GSI1
 * `GASRECORDS#<partnerId>` sorted by mining time, so a month is a `begins_with` range on the partner.
 * Daily totals: `GASDAY#<partnerId>` / `<yyyy-mm-dd>`, one ADD per record in the transaction that
 * writes it (`n_`, `native_`, `usd_` and `nousd_` per network and type), so totals over a month or a
 * date range are one BatchGet of its days, however many records it has.
 */
const recordKey = (network: string, txHash: string) => ({
  PK: `GASREC#${network}#${txHash.toLowerCase()}`,
  SK: 'GASREC',
});
const partnerPk = (partnerId: string) => `GASRECORDS#${partnerId}`;

const dayKey = (partnerId: string, day: string) => ({ PK: `GASDAY#${partnerId}`, SK: day });
const ITEM_IS_NEW = 'attribute_not_exists(PK)';

/** micro-dollars of a `usdValue` ("12.345678"); undefined when there is no price. */
function usdMicros(usd: string | null): bigint | undefined {
  if (usd === null) return undefined;
  const [whole = '0', frac = ''] = usd.split('.');
  return BigInt(whole) * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
}

type Num = number | bigint | string | { value: string } | undefined;
const big = (n: Num): bigint => (n === undefined ? 0n : typeof n === 'object' ? BigInt(n.value) : BigInt(n));
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

/** The GSI1 key of a record, where a page that filled mid-read resumes. */
function lastKey(pk: string, r: GasRecord): Record<string, unknown> {
  return {
    ...recordKey(r.network, r.txHash),
    GSI1PK: pk,
    GSI1SK: `${r.at}#${r.network}#${r.txHash.toLowerCase()}`,
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
    const slot = `${record.network}_${record.type}`;
    const usd = usdMicros(record.usdValue);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: toItem(record), ConditionExpression: ITEM_IS_NEW } },
            {
              Update: {
                TableName: this.tableName,
                Key: dayKey(record.partnerId, record.at.slice(0, 10)),
                UpdateExpression: `SET entity = :e ADD #n :one, #native :native, ${usd === undefined ? '#nousd :one' : '#usd :usd'}`,
                ExpressionAttributeNames: {
                  '#n': `n_${slot}`,
                  '#native': `native_${slot}`,
                  ...(usd === undefined ? { '#nousd': `nousd_${slot}` } : { '#usd': `usd_${slot}` }),
                },
                ExpressionAttributeValues: {
                  ':e': 'GasDay',
                  ':one': 1,
                  ':native': record.nativeAmount,
                  ...(usd === undefined ? {} : { ':usd': usd }),
                },
              },
            },
          ],
        }),
      );
      return { created: true };
    } catch (e) {
      if (cancellationReasons(e)?.[0] === 'ConditionalCheckFailed') return { created: false };
      throw e;
    }
  }

  async list(
    partnerId: string,
    filter: GasRecordFilter,
    options: { limit: number; cursor?: string | undefined; maxReads: number },
  ): Promise<{ items: GasRecord[]; nextCursor?: string }> {
    const pk = partnerPk(partnerId);
    let startKey = options.cursor ? decodeListCursor(options.cursor) : undefined;
    if (startKey && startKey['GSI1PK'] !== pk) throw invalidListCursor();
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': pk, ':from': filter.from, ':to': `${filter.to}#\uffff` };
    const filters: string[] = [];
    if (filter.network) {
      names['#network'] = 'network';
      values[':network'] = filter.network;
      filters.push('#network = :network');
    }
    if (filter.type) {
      names['#type'] = 'type';
      values[':type'] = filter.type;
      filters.push('#type = :type');
    }
    const items: GasRecord[] = [];
    for (let reads = 0; reads < options.maxReads && items.length < options.limit; reads++) {
      const out = await readListPage(
        this.db,
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
          ...(filters.length > 0
            ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names }
            : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: filters.length > 0 ? Math.max(options.limit, 50) : options.limit - items.length,
          ExclusiveStartKey: startKey,
        }),
        reads === 0 && options.cursor !== undefined,
      );
      for (const item of out.Items ?? []) {
        if (items.length === options.limit) {
          // The page filled inside this read: the next page starts after the last record returned.
          const last = items[items.length - 1]!;
          startKey = lastKey(pk, last);
          return { items, nextCursor: encodeListCursor(startKey) };
        }
        items.push(fromItem(item));
      }
      startKey = out.LastEvaluatedKey;
      if (!startKey) return { items };
    }
    return startKey ? { items, nextCursor: encodeListCursor(startKey) } : { items };
  }

  async totals(
    partnerId: string,
    days: readonly string[],
    options: { network?: NetworkCode | undefined; type?: GasRecordType | undefined } = {},
  ): Promise<GasTotal[]> {
    if (days.length > 366)
      throw new ValidationError('Date range too long', [{ path: 'to', message: 'At most 366 days' }]);
    const items = await batchGetAll(
      this.db,
      this.tableName,
      days.map((d) => dayKey(partnerId, d)),
    );
    const sums = new Map<string, { count: bigint; native: bigint; usd: bigint; nousd: bigint }>();
    for (const item of items)
      for (const [attr, value] of Object.entries(item)) {
        const m = /^(n|native|usd|nousd)_([A-Z]+)_([A-Z]+)$/.exec(attr);
        if (!m) continue;
        const [, field, network, type] = m as unknown as [string, string, NetworkCode, GasRecordType];
        if ((options.network && network !== options.network) || (options.type && type !== options.type))
          continue;
        const sum = sums.get(network) ?? { count: 0n, native: 0n, usd: 0n, nousd: 0n };
        const n = big(value as Num);
        if (field === 'n') sum.count += n;
        else if (field === 'native') sum.native += n;
        else if (field === 'usd') sum.usd += n;
        else sum.nousd += n;
        sums.set(network, sum);
      }
    return [...sums]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([network, s]) => ({
        network: network as NetworkCode,
        count: Number(s.count),
        nativeAmount: s.native,
        usdMicros: s.usd,
        withoutPrice: Number(s.nousd),
      }));
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

/** A record's item as `record` writes it (without its daily totals): benchmarks seed months with it. */
export const gasRecordItem = toItem;
