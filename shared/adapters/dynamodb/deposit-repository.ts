import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { depositActivity } from '../../domain/activity/daily-activity';
import { activityUpdates } from './activity-counters';
import { depositSubtreeDeltas } from '../../domain/activity/subtree-activity';
import { subtreeActivityUpdates } from './subtree-activity';
import type { BatchGetCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../config/networks';
import { transitionDeposit } from '../../domain/deposit/deposit';
import type { DepositStatus } from '../../domain/deposit/deposit';
import { GatewayError, NotFoundError } from '../../domain/errors';
import type {
  DepositPatch,
  DepositQuery,
  DepositRepository,
  DepositWriteOptions,
  StoredDeposit,
} from '../../ports/deposits';
import { cancellationReasons, isConditionalCheckFailed } from './client';
import { listIndexesReady } from './list-index-marker';
import {
  decodeListCursor,
  encodeListCursor,
  invalidListCursor,
  partnerListPlan,
  pageOfRefs,
  readListPage,
} from './list-pages';
import type { ListKey } from './list-pages';
import { outboxPutItem } from './outbox-store';
import { patchExpression, updateExpression } from './patch-update';

/**
 * Deposits. Item `DEPOSIT#<id>`; GSI1 lists a partner's deposits by detection time; GSI2 is a sparse
 * queue per network: `DEPOSITS_OPEN#` while a deposit waits for finality (DETECTED, CONFIRMING), then
 * `DEPOSITS_SWEEP#` while it waits for or is in a sweep (CONFIRMED, COLLECTING), then nothing (COLLECTED,
 * SETTLED, FAILED); GSI3 finds deposits by transaction hash; GSI4 lists them by status (`DEPOSITS_STATUS#`,
 * sorted by partner and detection time; the status change moves it) and a ref item per deposit lists a
 * user's (`DEPOSITS_USER#`), ADR 0030. Codes are unique per deposit and looked up through GSI1's sort
 * key range on the partner partition is not possible, so a small code item points at the deposit.
 */
const depositKey = (id: string) => ({ PK: `DEPOSIT#${id}`, SK: 'DEPOSIT' });
const codeKey = (code: string) => ({ PK: `DEPOSITCODE#${code}`, SK: 'DEPOSITCODE' });
const OPEN: readonly DepositStatus[] = ['DETECTED', 'CONFIRMING'];
const TO_SWEEP: readonly DepositStatus[] = ['CONFIRMED', 'COLLECTING'];
/** Deposit ids are `<network>:<txHash>:<logIndex>`. */
const sweepQueuePk = (idOrNetwork: string) => `DEPOSITS_SWEEP#${idOrNetwork.split(':')[0]}`;

/** GSI4 (ADR 0030): deposits of one status; the sort key (partner, time, id) never changes. */
export const depositStatusPk = (status: DepositStatus) => `DEPOSITS_STATUS#${status}`;
export const depositStatusSk = (d: Pick<StoredDeposit, 'partnerId' | 'detectedAt' | 'id'>) =>
  `${d.partnerId}#${d.detectedAt}#${d.id}`;
const userRefPk = (partnerId: string, userId: string) => `DEPOSITS_USER#${partnerId}#${userId}`;
const userRefKey = (d: Pick<StoredDeposit, 'partnerId' | 'userId' | 'detectedAt' | 'id'>) =>
  d.userId ? { PK: userRefPk(d.partnerId, d.userId), SK: `${d.detectedAt}#${d.id}` } : undefined;

/** The item listing a deposit under its user (a deposit's user never changes), if it has one. */
export function depositUserRef(d: StoredDeposit): Record<string, unknown> | undefined {
  const key = userRefKey(d);
  return key ? { ...key, entity: 'DepositUserRef', depositId: d.id } : undefined;
}

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const STATUS_IS = 'attribute_exists(PK) AND #status = :from';
/** Only an uncredited deposit the intake flagged may be removed for reprocessing. */
const IS_FLAGGED_UNCREDITED =
  '#status = :failed AND failureReason = :intakeError AND attribute_not_exists(ledgerEntryId)';

const AMOUNT_FIELDS = ['amount', 'fee', 'netAmount'] as const;

function toItem(d: StoredDeposit): Record<string, unknown> {
  const open = OPEN.includes(d.status);
  return {
    ...depositKey(d.id),
    entity: 'Deposit',
    GSI1PK: `DEPOSITS#${d.partnerId}`,
    GSI1SK: `${d.detectedAt}#${d.id}`,
    ...(open
      ? { GSI2PK: `DEPOSITS_OPEN#${d.network}`, GSI2SK: `${String(d.blockNumber).padStart(12, '0')}#${d.id}` }
      : {}),
    ...(TO_SWEEP.includes(d.status)
      ? { GSI2PK: sweepQueuePk(d.network), GSI2SK: `${d.confirmedAt ?? d.updatedAt}#${d.id}` }
      : {}),
    GSI3PK: `DEPOSITTX#${d.txHash.toLowerCase()}`,
    GSI3SK: d.id,
    GSI4PK: depositStatusPk(d.status),
    GSI4SK: depositStatusSk(d),
    ...d,
    amount: d.amount.toString(),
    fee: d.fee.toString(),
    netAmount: d.netAmount.toString(),
    feeShares: d.feeShares.map((s) => ({ ...s, amount: s.amount.toString() })),
    ...(d.feeRates
      ? {
          feeRates: {
            depositFeeRate: d.feeRates.depositFeeRate.toString(),
            chain: d.feeRates.chain.map((l) => ({ partnerId: l.partnerId, rate: l.rate.toString() })),
          },
        }
      : {}),
  };
}

/** A deposit's item as `create` writes it (its index keys included), for seeding in bulk (`npm run bench -- dashboard`). */
export const depositItem = toItem;

function fromItem(item: Record<string, unknown>): StoredDeposit {
  const {
    PK: _a,
    SK: _b,
    GSI1PK: _c,
    GSI1SK: _d,
    GSI2PK: _e,
    GSI2SK: _f,
    GSI3PK: _g,
    GSI3SK: _h,
    GSI4PK: _j,
    GSI4SK: _k,
    entity: _i,
    ...rest
  } = item;
  const out: Record<string, unknown> = { ...rest };
  for (const f of AMOUNT_FIELDS) out[f] = BigInt(String(rest[f]));
  out['feeShares'] = ((rest['feeShares'] as { partnerId: string; role: string; amount: string }[]) ?? []).map(
    (s) => ({ ...s, amount: BigInt(s.amount) }),
  );
  const rates = rest['feeRates'] as
    { depositFeeRate: string; chain: { partnerId: string; rate: string }[] } | undefined;
  if (rates)
    out['feeRates'] = {
      depositFeeRate: BigInt(rates.depositFeeRate),
      chain: rates.chain.map((l) => ({ partnerId: l.partnerId, rate: BigInt(l.rate) })),
    };
  return out as unknown as StoredDeposit;
}

export function depositMoved(id: string, from: DepositStatus, status?: DepositStatus): GatewayError {
  const message = status ? `Deposit ${id} is ${status}, not ${from}` : `Deposit ${id} is no longer ${from}`;
  return new GatewayError('ILLEGAL_TRANSITION', message, { details: status ? { status } : {} });
}

/**
 * The conditional update of a status change (only if the deposit is still `from`), keeping the GSI2
 * queues and the GSI4 status list right; used alone or as an item of a transaction (the ledger store's `DEPOSIT_TRANSITION`).
 */
export function depositTransitionUpdate(
  tableName: string,
  id: string,
  from: DepositStatus,
  patch: DepositPatch,
) {
  const expr = patchExpression(patch, (v) => (typeof v === 'bigint' ? v.toString() : v));
  const names: Record<string, string> = { '#status': 'status', ...expr.names };
  const values: Record<string, unknown> = { ':from': from, ...expr.values };
  const sets = expr.sets;
  const removes: string[] = [];
  const to = patch.status ?? from;
  if (to !== from) {
    names['#gsi4pk'] = 'GSI4PK';
    values[':gsi4pk'] = depositStatusPk(to);
    sets.push('#gsi4pk = :gsi4pk');
  }
  if (TO_SWEEP.includes(to)) {
    // Entering the sweep queue (at CONFIRMED); moves within it (COLLECTING and back) keep their place.
    if (!TO_SWEEP.includes(from)) {
      names['#gsi2pk'] = 'GSI2PK';
      names['#gsi2sk'] = 'GSI2SK';
      values[':gsi2pk'] = sweepQueuePk(id);
      values[':gsi2sk'] = `${patch.confirmedAt ?? patch.updatedAt ?? ''}#${id}`;
      sets.push('#gsi2pk = :gsi2pk', '#gsi2sk = :gsi2sk');
    }
  } else if (!OPEN.includes(to)) removes.push('GSI2PK', 'GSI2SK');
  else if (patch.blockNumber !== undefined) {
    names['#gsi2sk'] = 'GSI2SK';
    values[':gsi2sk'] = `${String(patch.blockNumber).padStart(12, '0')}#${id}`;
    sets.push('#gsi2sk = :gsi2sk');
  }
  return {
    TableName: tableName,
    Key: depositKey(id),
    UpdateExpression: updateExpression(sets, removes),
    ConditionExpression: STATUS_IS,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * A sweep's claim on a deposit (CONFIRMED → COLLECTING, `sweepTxId` = the sweep record's id), as an item
 * of the transaction that records the sweep: the record and its claims are one write, so no deposit is
 * ever COLLECTING for a sweep that was not recorded, and two sweeps never hold the same deposit.
 */
export function depositClaimUpdate(tableName: string, id: string, sweepId: string, at: string) {
  return depositTransitionUpdate(tableName, id, 'CONFIRMED', {
    status: transitionDeposit('CONFIRMED', 'SWEEP_STARTED'),
    sweepTxId: sweepId,
    updatedAt: at,
  });
}

/** Reads one list page may spend when filters leave items out (a short page then carries a cursor). */
export const MAX_READS_PER_PAGE = 10;
/** Items a filtered read examines at a time. */
const FILTERED_READ = 100;

export class DynamoDepositRepository implements DepositRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(deposit: StoredDeposit, options: DepositWriteOptions = {}) {
    const codeItem = {
      ...codeKey(deposit.code),
      entity: 'DepositCode',
      depositId: deposit.id,
      partnerId: deposit.partnerId,
    };
    const userRef = depositUserRef(deposit);
    try {
      // The deposit, its code, its user's ref, the dashboard's counters (ADR 0027) and the events announcing it
      // (DEPOSIT_DETECTED, LARGE_DEPOSIT): one transaction.
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: toItem(deposit), ConditionExpression: ITEM_IS_NEW } },
            { Put: { TableName: this.tableName, Item: codeItem } },
            ...(userRef ? [{ Put: { TableName: this.tableName, Item: userRef } }] : []),
            ...activityUpdates(this.tableName, depositActivity(undefined, deposit)),
            ...subtreeActivityUpdates(this.tableName, depositSubtreeDeltas(undefined, deposit)),
            ...(options.events ?? []).map((e) => outboxPutItem(this.tableName, e)),
          ] as never,
        }),
      );
      return { created: true, deposit };
    } catch (e) {
      if (!isConditionalCheckFailed(e) && cancellationReasons(e)?.[0] !== 'ConditionalCheckFailed') throw e;
      const existing = await this.get(deposit.id);
      if (!existing) throw e;
      return { created: false, deposit: existing };
    }
  }

  async get(id: string): Promise<StoredDeposit | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: depositKey(id), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async getByCode(partnerId: string, code: string): Promise<StoredDeposit | undefined> {
    const ref = await this.db.send(new GetCommand({ TableName: this.tableName, Key: codeKey(code) }));
    if (!ref.Item || ref.Item['partnerId'] !== partnerId) return undefined;
    return this.get(String(ref.Item['depositId']));
  }

  async findByTxHash(partnerId: string, txHash: string): Promise<StoredDeposit[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `DEPOSITTX#${txHash.toLowerCase()}` },
      }),
    );
    return (out.Items ?? []).map(fromItem).filter((d) => d.partnerId === partnerId);
  }

  async listOpen(network: NetworkCode, limit: number): Promise<StoredDeposit[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `DEPOSITS_OPEN#${network}` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(fromItem);
  }

  async listToSweep(network: NetworkCode, options: { limit: number; cursor?: string }) {
    const pk = sweepQueuePk(network);
    let startKey: Record<string, unknown> | undefined;
    if (options.cursor) {
      startKey = decodeCursor(options.cursor);
      if (startKey['GSI2PK'] !== pk) throw invalidCursor();
    }
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: options.limit,
        ExclusiveStartKey: startKey,
      }),
    );
    const nextCursor = out.LastEvaluatedKey
      ? Buffer.from(JSON.stringify(out.LastEvaluatedKey), 'utf8').toString('base64url')
      : undefined;
    return { items: (out.Items ?? []).map(fromItem), ...(nextCursor ? { nextCursor } : {}) };
  }

  async update(
    id: string,
    from: DepositStatus,
    patch: DepositPatch,
    options: DepositWriteOptions = {},
  ): Promise<StoredDeposit> {
    const update = depositTransitionUpdate(this.tableName, id, from, patch);
    // A deposit that fails leaves the dashboard's counters (ADR 0027): its amount and day are read
    // first (they never change), and the counter moves in the status change's transaction.
    const failing = patch.status === 'FAILED' && from !== 'FAILED' ? await this.get(id) : undefined;
    const counters = failing
      ? [
          ...activityUpdates(
            this.tableName,
            depositActivity({ status: from }, { ...failing, status: 'FAILED' }),
          ),
          ...subtreeActivityUpdates(
            this.tableName,
            depositSubtreeDeltas({ status: from }, { ...failing, status: 'FAILED' }),
          ),
        ]
      : [];
    // An unattributed deposit given its user (once, `deposits assign`) gets its user's ref in the same
    // transaction (ADR 0030).
    const assigned = patch.userId ? await this.get(id) : undefined;
    const userRef =
      assigned && patch.userId ? depositUserRef({ ...assigned, userId: patch.userId }) : undefined;
    try {
      if (options.events?.length || counters.length || userRef) {
        // The status change, its counters and the events it announces: one transaction (the
        // transactional outbox).
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: update },
              ...counters,
              ...(userRef ? [{ Put: { TableName: this.tableName, Item: userRef } }] : []),
              ...(options.events ?? []).map((e) => outboxPutItem(this.tableName, e)),
            ] as never,
          }),
        );
        return (await this.get(id)) as StoredDeposit;
      }
      const out = await this.db.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
      return fromItem(out.Attributes ?? {});
    } catch (e) {
      if (!isConditionalCheckFailed(e) && cancellationReasons(e)?.[0] !== 'ConditionalCheckFailed') throw e;
      throw await this.illegalTransition(id, from);
    }
  }

  /** The error for a status change whose condition failed: the deposit is missing or has moved on. */
  async illegalTransition(id: string, from: DepositStatus): Promise<GatewayError> {
    const current = await this.get(id);
    if (!current) return new NotFoundError(`Deposit ${id} not found`);
    return depositMoved(id, from, current.status);
  }

  async deleteFlagged(id: string): Promise<boolean> {
    try {
      const out = await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: depositKey(id),
          ConditionExpression: IS_FLAGGED_UNCREDITED,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'FAILED', ':intakeError': 'INTAKE_ERROR' },
          ReturnValues: 'ALL_OLD',
        }),
      );
      // Its user's ref goes too (a ref left behind would only be skipped by the list).
      const ref = out.Attributes ? userRefKey(fromItem(out.Attributes)) : undefined;
      if (ref) await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: ref }));
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }

  /**
   * A partner's deposits, newest first. Status and user are served by an index once the table's list
   * indexes are complete (ADR 0030): status by GSI4 (1 request a page), user by its refs and one
   * BatchGet of the deposits (2 requests); the date range is a key condition. The other filter of a
   * combination, the `match` filter, and every filter before the backfill completed, are applied after
   * the read, within a bounded number of reads a page.
   */
  async list(partnerId: string, query: DepositQuery) {
    const startKey = query.cursor ? decodeCursor(query.cursor) : undefined;
    // A cursor of a page read before the indexes were complete keeps its path.
    const indexed =
      (query.status !== undefined || query.userId !== undefined) &&
      !(startKey && 'GSI1PK' in startKey) &&
      (await listIndexesReady(this.db, this.tableName));
    if (indexed && query.userId && !query.status)
      return this.listByUser(partnerId, query.userId, query, startKey);

    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    const plan = partnerListPlan({
      partnerId,
      statusPk: indexed && query.status ? depositStatusPk(query.status) : undefined,
      partitionPk: `DEPOSITS#${partnerId}`,
      query,
      values,
      toSuffix: DEPOSIT_TO_SUFFIX,
    });
    if (query.status && plan.index === 'GSI1') {
      names['#status'] = 'status';
      values[':status'] = query.status;
    }
    if (startKey && !plan.owns(startKey)) throw invalidCursor();
    const filters: string[] = [];
    if (query.status && plan.index === 'GSI1') filters.push('#status = :status');
    if (query.userId) {
      filters.push('userId = :userId');
      values[':userId'] = query.userId;
    }
    const filtered = filters.length > 0 || query.match !== undefined;
    const maxReads = Math.max(1, Math.min(query.maxReads ?? MAX_READS_PER_PAGE, MAX_READS_PER_PAGE));
    const items: StoredDeposit[] = [];
    let last: Key | undefined = startKey;
    // Filters apply after Limit, so keep reading until the page is full, the partition ends, or
    // MAX_READS_PER_PAGE reads are spent — then the page may be short, and its cursor says there is more
    // (never a short page that looks like the end, never an unbounded read). A filtered read examines
    // FILTERED_READ items at a time, so a rare status or user costs few requests per page.
    let reads = 0;
    do {
      reads += 1;
      const out = await readListPage(
        this.db,
        new QueryCommand({
          TableName: this.tableName,
          IndexName: plan.index,
          KeyConditionExpression: plan.keyCondition,
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: filtered ? Math.max(query.limit, FILTERED_READ) : query.limit,
          ExclusiveStartKey: last,
        }),
        last === startKey,
      );
      for (const item of out.Items ?? []) {
        if (items.length >= query.limit) break;
        const deposit = fromItem(item);
        if (query.match && !query.match(deposit)) continue;
        items.push(deposit);
        last = { PK: item['PK'], SK: item['SK'], [plan.pk]: item[plan.pk], [plan.sk]: item[plan.sk] };
      }
      if (items.length >= query.limit) break;
      last = out.LastEvaluatedKey;
    } while (last && reads < maxReads);
    return { items, ...(last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  /** One user's deposits: a page of their refs (newest first), then the deposits in one BatchGet. */
  private listByUser(partnerId: string, userId: string, query: DepositQuery, startKey?: Key) {
    // With a `match` filter (or refs whose deposit was removed for reprocessing, deleteFlagged, which
    // are skipped) it reads on, bounded like the other filtered paths.
    return pageOfRefs<StoredDeposit>({
      db: this.db,
      tableName: this.tableName,
      refPk: userRefPk(partnerId, userId),
      startKey,
      range: query,
      toSuffix: DEPOSIT_TO_SUFFIX,
      limit: query.limit,
      maxReads: Math.max(1, Math.min(query.maxReads ?? MAX_READS_PER_PAGE, MAX_READS_PER_PAGE)),
      readLimit: query.match ? Math.max(query.limit, FILTERED_READ) : query.limit,
      load: (ids) => this.getMany(ids),
      idOf: (ref) => String(ref['depositId']),
      keep: (d) => !query.match || query.match(d),
    });
  }

  /** Deposits by id in BatchGets of 100 (one for a list page), retrying what DynamoDB left unprocessed. */
  private async getMany(ids: readonly string[]): Promise<Map<string, StoredDeposit>> {
    const found = new Map<string, StoredDeposit>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Key[] | undefined = ids.slice(i, i + 100).map(depositKey);
      while (keys?.length) {
        const out: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
          }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const deposit = fromItem(item);
          found.set(deposit.id, deposit);
        }
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }
}

type Key = ListKey;
/** Deposit sort keys are `<ISO time>#<id>`: after every id at `to`. */
const DEPOSIT_TO_SUFFIX = '#\uffff';
const invalidCursor = invalidListCursor;
const decodeCursor = decodeListCursor;
const encodeCursor = encodeListCursor;
