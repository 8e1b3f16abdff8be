import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors';
import { isDynamoValidation } from './client';

/**
 * What the deposit and withdrawal lists share (ADR 0030): their cursors, the date range as a key
 * condition, the choice between a status index (GSI4) and the partner's partition (GSI1), and the read
 * that turns DynamoDB's refusal of a forged cursor into a 400.
 */
export type ListKey = Record<string, unknown>;

export const invalidListCursor = () =>
  new ValidationError('Invalid cursor', [
    { path: 'cursor', message: 'Pass nextCursor from the previous page unchanged' },
  ]);

export function decodeListCursor(cursor: string): ListKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new Error('not a key');
    return key as ListKey;
  } catch {
    throw invalidListCursor();
  }
}

export const encodeListCursor = (key: ListKey): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/**
 * The date range as a key condition on a sort key `<prefix><ISO time>#<id>`; `to` covers the whole
 * instant (`toSuffix` sorts after every id written at it); with a prefix, the range stays within it.
 */
export function sortKeyRange(
  attr: string,
  prefix: string,
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  values: Record<string, unknown>,
  toSuffix: string,
): string {
  const to = query.to ? `${prefix}${query.to}${toSuffix}` : undefined;
  if (prefix || (query.from && query.to)) {
    values[':from'] = `${prefix}${query.from ?? ''}`;
    values[':to'] = to ?? `${prefix}\uffff`;
    return ` AND ${attr} BETWEEN :from AND :to`;
  }
  if (query.from) {
    values[':from'] = query.from;
    return ` AND ${attr} >= :from`;
  }
  if (to) {
    values[':to'] = to;
    return ` AND ${attr} <= :to`;
  }
  return '';
}

export interface ListPlan {
  readonly index: 'GSI1' | 'GSI4';
  readonly pk: string;
  readonly sk: string;
  readonly keyCondition: string;
  /** Whether a cursor's key belongs to this list (a cursor of another list or partner is refused). */
  owns(key: ListKey): boolean;
}

/**
 * A status served by GSI4 (`statusPk`, sort key `<partnerId>#<time>#…`) once the indexes are complete,
 * else the partner's newest-first GSI1 partition (`partitionPk`); sets `:pk` and the range's values.
 */
export function partnerListPlan(options: {
  readonly partnerId: string;
  readonly statusPk?: string | undefined;
  readonly partitionPk: string;
  readonly query: { readonly from?: string | undefined; readonly to?: string | undefined };
  readonly values: Record<string, unknown>;
  readonly toSuffix: string;
}): ListPlan {
  const { partnerId, statusPk, partitionPk, query, values, toSuffix } = options;
  if (statusPk) {
    values[':pk'] = statusPk;
    const range = sortKeyRange('GSI4SK', `${partnerId}#`, query, values, toSuffix);
    return {
      index: 'GSI4',
      pk: 'GSI4PK',
      sk: 'GSI4SK',
      keyCondition: `GSI4PK = :pk${range}`,
      owns: (k) => k['GSI4PK'] === statusPk && String(k['GSI4SK']).startsWith(`${partnerId}#`),
    };
  }
  values[':pk'] = partitionPk;
  return {
    index: 'GSI1',
    pk: 'GSI1PK',
    sk: 'GSI1SK',
    keyCondition: `GSI1PK = :pk${sortKeyRange('GSI1SK', '', query, values, toSuffix)}`,
    owns: (k) => k['GSI1PK'] === partitionPk,
  };
}

/** A list read; one starting at the caller's cursor turns DynamoDB's refusal of it into a 400. */
export async function readListPage(db: DynamoDBDocumentClient, command: QueryCommand, fromCursor: boolean) {
  try {
    return await db.send(command);
  } catch (e) {
    if (fromCursor && command.input.ExclusiveStartKey && isDynamoValidation(e)) throw invalidListCursor();
    throw e;
  }
}

/**
 * One user's list, served by their ref items (`PK = refPk`, `SK = <time>#<id>`, newest first): each
 * read is a page of refs and one `load` of their records (a BatchGet). Records `keep` refuses (the
 * filters no index serves) and refs whose record was removed are skipped; it reads on until the page
 * is full or `maxReads` reads are spent, then returns what it has with a cursor.
 */
export async function pageOfRefs<T>(options: {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly refPk: string;
  readonly startKey?: ListKey | undefined;
  readonly range: { readonly from?: string | undefined; readonly to?: string | undefined };
  readonly toSuffix: string;
  readonly limit: number;
  readonly maxReads: number;
  /** Refs a read examines (more than `limit` when `keep` may refuse records). */
  readonly readLimit: number;
  /** The records of these refs, by the refs' ids (`idOf`). */
  load(ids: readonly string[]): Promise<ReadonlyMap<string, T>>;
  readonly idOf: (ref: ListKey) => string;
  keep(record: T): boolean;
}): Promise<{ items: T[]; nextCursor?: string }> {
  const { db, tableName, refPk, startKey, limit } = options;
  const values: Record<string, unknown> = { ':pk': refPk };
  if (startKey && startKey['PK'] !== refPk) throw invalidListCursor();
  const keyCondition = `PK = :pk${sortKeyRange('SK', '', options.range, values, options.toSuffix)}`;
  const items: T[] = [];
  let last: ListKey | undefined = startKey;
  let reads = 0;
  do {
    reads += 1;
    const refs = await readListPage(
      db,
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: options.readLimit,
        ...(last ? { ExclusiveStartKey: last } : {}),
      }),
      last === startKey,
    );
    const found = await options.load((refs.Items ?? []).map(options.idOf));
    for (const ref of refs.Items ?? []) {
      if (items.length >= limit) break;
      last = { PK: ref['PK'], SK: ref['SK'] };
      const record = found.get(options.idOf(ref));
      if (record !== undefined && options.keep(record)) items.push(record);
    }
    if (items.length >= limit) break;
    last = refs.LastEvaluatedKey;
  } while (last && reads < options.maxReads);
  return { items, ...(last ? { nextCursor: encodeListCursor(last) } : {}) };
}
