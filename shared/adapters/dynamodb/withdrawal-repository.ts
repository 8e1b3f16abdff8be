import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { withdrawalActivity } from '../../domain/activity/daily-activity';
import { activityUpdates } from './activity-counters';
import { withdrawalSubtreeDeltas } from '../../domain/activity/subtree-activity';
import { subtreeActivityUpdates } from './subtree-activity';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../config/networks';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type {
  StatusChange,
  Withdrawal,
  WithdrawalStatus,
  WithdrawalTx,
  WithdrawalTxAttempt,
} from '../../domain/withdrawal/withdrawal';
import { isTerminal, withdrawalEntryIds } from '../../domain/withdrawal/withdrawal';
import type { WithdrawalListQuery, WithdrawalRepository } from '../../ports/withdrawals';
import { batchGetAll, cancellationReasons, isConditionalCheckFailed, queryAll } from './client';
import { ledgerEntryKey } from './ledger-store';
import { listIndexesReady } from './list-index-marker';
import {
  decodeListCursor,
  encodeListCursor,
  invalidListCursor,
  partnerListPlan,
  pageOfRefs,
  readListPage,
} from './list-pages';

/**
 * Withdrawals. Item `WITHDRAWAL#<partner>#<code>`, written whole with an optimistic `version`: every
 * change is read → checked against the transition table → put on the condition that version and
 * status are unchanged, so two writers can never both win. GSI1 lists a partner's withdrawals by
 * request time; GSI2 is the sparse in-flight set of a MASTER address (a nonce allocated, not final);
 * GSI3 is the sparse set of unfinished withdrawals by last change, for the stall sweeper; GSI4 lists them
 * by status (`WITHDRAWALS_STATUS#`, sorted by partner and request time; every write puts the whole
 * item, so a status change moves it) and a ref item per withdrawal lists a user's, ADR 0030.
 * The nonce sequencer of a (network, MASTER address) is its own item, moved in the same transaction
 * that gives the nonce to a withdrawal, so nonces are gapless and never reused.
 */
const withdrawalKey = (partnerId: string, code: string) => ({
  PK: `WITHDRAWAL#${partnerId}#${code}`,
  SK: 'WITHDRAWAL',
});
const nonceKey = (network: NetworkCode, from: string) => ({
  PK: `NONCE#${network}#${from.toLowerCase()}`,
  SK: 'NONCE',
});
/** EVM hex addresses compare case-insensitively; TRON base58 is case-sensitive. */
const addressKey = (from: string) => (from.startsWith('0x') ? from.toLowerCase() : from);
const inFlightPk = (network: NetworkCode, from: string) => `WD_INFLIGHT#${network}#${addressKey(from)}`;
const OPEN_PK = 'WD_OPEN';
/** GSI4 (ADR 0030): withdrawals of one status; the sort key (partner, time, code) never changes. */
export const withdrawalStatusPk = (status: WithdrawalStatus) => `WITHDRAWALS_STATUS#${status}`;
export const withdrawalStatusSk = (w: Pick<Withdrawal, 'partnerId' | 'createdAt' | 'code'>) =>
  `${w.partnerId}#${w.createdAt}#${w.code}`;
const userRefPk = (partnerId: string, userId: string) => `WITHDRAWALS_USER#${partnerId}#${userId}`;

/** The item listing a withdrawal under its user (set at the request, never changed), if it has one. */
export function withdrawalUserRef(
  w: Pick<Withdrawal, 'partnerId' | 'userId' | 'createdAt' | 'code'>,
): Record<string, unknown> | undefined {
  if (!w.userId) return undefined;
  return {
    PK: userRefPk(w.partnerId, w.userId),
    SK: `${w.createdAt}#${w.code}`,
    entity: 'WithdrawalUserRef',
    code: w.code,
  };
}
/**
 * GSI3 sort key: the withdrawal's last sign of life — its last status change, a live execution's
 * `markActive` while it waits for funds, or the end of the approval wait it is in.
 */
const openSk = (at: string, partnerId: string, code: string) => `${at}#${partnerId}#${code}`;

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const VERSION_AND_STATUS = '#version = :version AND #status = :status';
const NEXT_IS = '#next = :expected';
const STILL_REQUESTED = '#status = :status';
/** deleteUnheld: the withdrawal's hold entry must not exist (a held withdrawal is never removed). */
const HOLD_IS_ABSENT = 'attribute_not_exists(PK)';
const STILL_OPEN_IN = '#status = :status AND attribute_exists(GSI3PK)';
const MAX_LIMIT = 100;
/** Reads one list page may spend when filters leave items out (then the page carries a cursor). */
export const MAX_READS_PER_PAGE = 20;
/** Items a filtered read examines at a time. */
const FILTERED_READ = 100;

interface Stored {
  readonly withdrawal: Withdrawal;
  readonly version: number;
  readonly taskToken?: string;
}

function encodeTx(tx: WithdrawalTx): Record<string, unknown> {
  return {
    ...tx,
    gasLimit: tx.gasLimit.toString(),
    attempts: tx.attempts.map((a) => ({ ...a, gasPrice: a.gasPrice.toString() })),
    ...(tx.gasUsed !== undefined ? { gasUsed: tx.gasUsed.toString() } : {}),
    ...(tx.effectiveGasPrice !== undefined ? { effectiveGasPrice: tx.effectiveGasPrice.toString() } : {}),
  };
}

function decodeTx(raw: Record<string, unknown>): WithdrawalTx {
  const attempts = (raw['attempts'] as Record<string, unknown>[]).map(
    (a) => ({ ...a, gasPrice: BigInt(String(a['gasPrice'])) }) as unknown as WithdrawalTxAttempt,
  );
  return {
    ...(raw as unknown as WithdrawalTx),
    nonce: Number(raw['nonce']),
    gasLimit: BigInt(String(raw['gasLimit'])),
    attempts,
    ...(raw['blockNumber'] !== undefined ? { blockNumber: Number(raw['blockNumber']) } : {}),
    ...(raw['gasUsed'] !== undefined ? { gasUsed: BigInt(String(raw['gasUsed'])) } : {}),
    ...(raw['effectiveGasPrice'] !== undefined
      ? { effectiveGasPrice: BigInt(String(raw['effectiveGasPrice'])) }
      : {}),
  };
}

function toItem(w: Withdrawal, version: number, taskToken?: string): Record<string, unknown> {
  const inFlight = w.tx && (w.status === 'PROCESSING' || w.status === 'BROADCASTING');
  const open = !isTerminal(w.status) && w.status !== 'FAILED';
  return {
    ...withdrawalKey(w.partnerId, w.code),
    entity: 'Withdrawal',
    GSI1PK: `WITHDRAWALS#${w.partnerId}`,
    GSI1SK: `${w.createdAt}#${w.code}`,
    ...(inFlight && w.tx
      ? {
          GSI2PK: inFlightPk(w.network, w.tx.from),
          GSI2SK: `${String(w.tx.nonce).padStart(12, '0')}#${w.code}`,
        }
      : {}),
    ...(open ? { GSI3PK: OPEN_PK, GSI3SK: openSk(w.updatedAt, w.partnerId, w.code) } : {}),
    GSI4PK: withdrawalStatusPk(w.status),
    GSI4SK: withdrawalStatusSk(w),
    ...w,
    amount: w.amount.toString(),
    fee: w.fee.toString(),
    ...(w.tx ? { tx: encodeTx(w.tx) } : {}),
    txHashes: w.tx ? w.tx.attempts.map((a) => a.hash) : [],
    version,
    ...(taskToken ? { taskToken } : {}),
  };
}

function fromItem(item: Record<string, unknown>): Stored {
  const {
    PK: _a,
    SK: _b,
    GSI1PK: _c,
    GSI1SK: _d,
    GSI2PK: _e,
    GSI2SK: _f,
    GSI3PK: _g,
    GSI3SK: _h,
    GSI4PK: _k,
    GSI4SK: _l,
    entity: _i,
    txHashes: _j,
    version,
    taskToken,
    ...rest
  } = item;
  const withdrawal = {
    ...rest,
    amount: BigInt(String(rest['amount'])),
    fee: BigInt(String(rest['fee'])),
    ...(rest['tx'] ? { tx: decodeTx(rest['tx'] as Record<string, unknown>) } : {}),
  } as unknown as Withdrawal;
  return { withdrawal, version: Number(version), ...(typeof taskToken === 'string' ? { taskToken } : {}) };
}

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? encodeListCursor(key) : undefined;
}

/** Withdrawal sort keys are `<ISO time>#<code>`: `~` sorts after every code at `to`. */
const WITHDRAWAL_TO_SUFFIX = '~';
const invalidCursor = invalidListCursor;
const decodeCursor = decodeListCursor;

export class DynamoWithdrawalRepository implements WithdrawalRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(withdrawal: Withdrawal) {
    const put = { TableName: this.tableName, Item: toItem(withdrawal, 1), ConditionExpression: ITEM_IS_NEW };
    // Recorded past REQUESTED (imports, tests), it counts on the dashboard at once (ADR 0027).
    const counters = [
      ...activityUpdates(this.tableName, withdrawalActivity(undefined, withdrawal)),
      ...subtreeActivityUpdates(this.tableName, withdrawalSubtreeDeltas(undefined, withdrawal)),
    ];
    try {
      // The withdrawal, its user's ref (ADR 0030) and its counters: one write.
      const ref = withdrawalUserRef(withdrawal);
      const refPut = ref ? [{ Put: { TableName: this.tableName, Item: ref } }] : [];
      if (counters.length || refPut.length)
        await this.db.send(
          new TransactWriteCommand({ TransactItems: [{ Put: put }, ...refPut, ...counters] }),
        );
      else await this.db.send(new PutCommand(put));
      return { created: true, withdrawal };
    } catch (e) {
      if (!isConditionalCheckFailed(e) && cancellationReasons(e)?.[0] !== 'ConditionalCheckFailed') throw e;
      const existing = await this.get(withdrawal.partnerId, withdrawal.code);
      if (!existing) throw e;
      return { created: false, withdrawal: existing };
    }
  }

  private async load(partnerId: string, code: string): Promise<Stored | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: withdrawalKey(partnerId, code),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async get(partnerId: string, code: string): Promise<Withdrawal | undefined> {
    return (await this.load(partnerId, code))?.withdrawal;
  }

  /** Puts `next` if the stored item still has `current`'s version and status. */
  private async replace(
    current: Stored,
    next: Withdrawal,
    options: { taskToken?: string | null } = {},
  ): Promise<Withdrawal> {
    const token = options.taskToken === null ? undefined : (options.taskToken ?? current.taskToken);
    const put = {
      TableName: this.tableName,
      Item: toItem(next, current.version + 1, token),
      ConditionExpression: VERSION_AND_STATUS,
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
      ExpressionAttributeValues: { ':version': current.version, ':status': current.withdrawal.status },
    };
    // A status change that moves the dashboard's counters moves them in the same transaction (ADR 0027).
    const counters = [
      ...activityUpdates(this.tableName, withdrawalActivity(current.withdrawal, next)),
      ...subtreeActivityUpdates(this.tableName, withdrawalSubtreeDeltas(current.withdrawal, next)),
    ];
    try {
      if (counters.length)
        await this.db.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...counters] }));
      else await this.db.send(new PutCommand(put));
      return next;
    } catch (e) {
      if (!isConditionalCheckFailed(e) && cancellationReasons(e)?.[0] !== 'ConditionalCheckFailed') throw e;
      const now = await this.get(next.partnerId, next.code);
      throw new ConflictError(`Withdrawal ${next.code} changed meanwhile`, { status: now?.status });
    }
  }

  private async mustLoad(partnerId: string, code: string): Promise<Stored> {
    const stored = await this.load(partnerId, code);
    if (!stored) throw new NotFoundError(`Withdrawal ${code} not found`);
    return stored;
  }

  async transition(
    partnerId: string,
    code: string,
    from: WithdrawalStatus,
    change: StatusChange,
    patch: Partial<
      Pick<Withdrawal, 'decidedBy' | 'rejectReason' | 'failureReason' | 'confirmedAt' | 'tx'>
    > = {},
  ): Promise<Withdrawal> {
    const stored = await this.mustLoad(partnerId, code);
    const w = stored.withdrawal;
    if (w.status !== from)
      throw new ConflictError(`Withdrawal ${code} is ${w.status}, not ${from}`, { status: w.status });
    const next: Withdrawal = {
      ...w,
      ...patch,
      status: change.status,
      updatedAt: change.at,
      history: [...w.history, change],
    };
    // The approval token is only meaningful while waiting for a decision.
    return this.replace(stored, next, { taskToken: change.status === 'PENDING_APPROVAL' ? undefined : null });
  }

  async deleteUnheld(partnerId: string, code: string): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: withdrawalKey(partnerId, code),
                ConditionExpression: STILL_REQUESTED,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': 'REQUESTED' },
              },
            },
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: ledgerEntryKey(withdrawalEntryIds(code).hold),
                ConditionExpression: HOLD_IS_ABSENT,
              },
            },
          ],
        }),
      );
      return true;
    } catch (e) {
      if (cancellationReasons(e)?.includes('ConditionalCheckFailed')) return false;
      throw e;
    }
  }

  async nextNonce(network: NetworkCode, from: string): Promise<number | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: nonceKey(network, from), ConsistentRead: true }),
    );
    return out.Item ? Number(out.Item['next']) : undefined;
  }

  async allocateNonce(
    withdrawal: Withdrawal,
    input: {
      readonly from: string;
      readonly expectedNext: number;
      readonly initial: boolean;
      readonly gasLimit: bigint;
    },
  ): Promise<Withdrawal> {
    const stored = await this.mustLoad(withdrawal.partnerId, withdrawal.code);
    const w = stored.withdrawal;
    if (w.status !== 'PROCESSING' || w.tx) {
      throw new ConflictError(
        `Withdrawal ${w.code} is ${w.status}${w.tx ? ` with nonce ${w.tx.nonce}` : ''}`,
        { status: w.status },
      );
    }
    const next: Withdrawal = {
      ...w,
      tx: { from: input.from, nonce: input.expectedNext, gasLimit: input.gasLimit, attempts: [] },
    };
    const sequencer = input.initial
      ? {
          Put: {
            TableName: this.tableName,
            Item: {
              ...nonceKey(w.network, input.from),
              entity: 'NonceSequencer',
              network: w.network,
              address: input.from,
              next: input.expectedNext + 1,
            },
            ConditionExpression: ITEM_IS_NEW,
          },
        }
      : {
          Update: {
            TableName: this.tableName,
            Key: nonceKey(w.network, input.from),
            UpdateExpression: 'SET #next = :next',
            ConditionExpression: NEXT_IS,
            ExpressionAttributeNames: { '#next': 'next' },
            ExpressionAttributeValues: { ':expected': input.expectedNext, ':next': input.expectedNext + 1 },
          },
        };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            sequencer,
            {
              Put: {
                TableName: this.tableName,
                Item: toItem(next, stored.version + 1, stored.taskToken),
                ConditionExpression: VERSION_AND_STATUS,
                ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
                ExpressionAttributeValues: { ':version': stored.version, ':status': 'PROCESSING' },
              },
            },
          ],
        }),
      );
      return next;
    } catch (e) {
      const reasons = cancellationReasons(e);
      if (reasons) throw new ConflictError('Nonce allocation lost a race', { reasons });
      throw e;
    }
  }

  async addAttempt(
    withdrawal: Withdrawal,
    attempt: WithdrawalTxAttempt,
    expected: { readonly status: WithdrawalStatus; readonly attempts: number },
    options: { readonly fill?: WithdrawalTx['fill'] } = {},
  ): Promise<Withdrawal> {
    const stored = await this.mustLoad(withdrawal.partnerId, withdrawal.code);
    const w = stored.withdrawal;
    if (!w.tx || w.status !== expected.status || w.tx.attempts.length !== expected.attempts) {
      throw new ConflictError(`Withdrawal ${w.code} moved on before the attempt was stored`, {
        status: w.status,
      });
    }
    const fill = options.fill ?? w.tx.fill;
    return this.replace(stored, {
      ...w,
      tx: { ...w.tx, ...(fill ? { fill } : {}), attempts: [...w.tx.attempts, attempt] },
    });
  }

  async updateTx(withdrawal: Withdrawal, tx: WithdrawalTx): Promise<Withdrawal> {
    const stored = await this.mustLoad(withdrawal.partnerId, withdrawal.code);
    // Only over the transaction the caller saw: a stale execution must not wipe attempts another one
    // stored (and sent) meanwhile — the withdrawal would forget a transfer paid on chain.
    const hashes = (w: Withdrawal) => (w.tx ? w.tx.attempts.map((a) => a.hash).join() : undefined);
    if (hashes(stored.withdrawal) !== hashes(withdrawal))
      throw new ConflictError(`Withdrawal ${withdrawal.code} changed meanwhile`, {
        status: stored.withdrawal.status,
      });
    return this.replace(stored, { ...stored.withdrawal, tx });
  }

  async saveTaskToken(
    partnerId: string,
    code: string,
    token: string,
    waitingUntil?: string,
  ): Promise<'SAVED' | 'NOT_PENDING'> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: withdrawalKey(partnerId, code),
          UpdateExpression: waitingUntil
            ? 'SET taskToken = :token, GSI3SK = :open'
            : 'SET taskToken = :token',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':token': token,
            ':pending': 'PENDING_APPROVAL',
            ...(waitingUntil ? { ':open': openSk(waitingUntil, partnerId, code) } : {}),
          },
        }),
      );
      return 'SAVED';
    } catch (e) {
      if (isConditionalCheckFailed(e)) return 'NOT_PENDING';
      throw e;
    }
  }

  async markActive(partnerId: string, code: string, status: WithdrawalStatus, at: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: withdrawalKey(partnerId, code),
          UpdateExpression: 'SET GSI3SK = :open',
          ConditionExpression: STILL_OPEN_IN,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': openSk(at, partnerId, code), ':status': status },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionalCheckFailed(e)) throw e;
      });
  }

  async taskToken(partnerId: string, code: string): Promise<string | undefined> {
    return (await this.load(partnerId, code))?.taskToken;
  }

  async list(partnerId: string, query: WithdrawalListQuery) {
    if (query.code) {
      const one = await this.get(partnerId, query.code);
      return { items: one && matches(one, query) ? [one] : [] };
    }
    const limit = Math.min(query.limit, MAX_LIMIT);
    const startKey0 = query.cursor ? decodeCursor(query.cursor) : undefined;
    // Status and user are index-served once the table's list indexes are complete (ADR 0030); a
    // cursor of a page read before keeps its path.
    const indexed =
      (query.status !== undefined || query.userId !== undefined) &&
      !(startKey0 && 'GSI1PK' in startKey0) &&
      (await listIndexesReady(this.db, this.tableName));
    if (indexed && query.userId && !query.status)
      return this.listByUser(partnerId, query.userId, { ...query, limit }, startKey0);
    const values: Record<string, unknown> = {};
    const plan = partnerListPlan({
      partnerId,
      statusPk: indexed && query.status ? withdrawalStatusPk(query.status) : undefined,
      partitionPk: `WITHDRAWALS#${partnerId}`,
      query,
      values,
      toSuffix: WITHDRAWAL_TO_SUFFIX,
    });
    if (startKey0 && !plan.owns(startKey0)) throw invalidCursor();
    let startKey = startKey0;
    const items: Withdrawal[] = [];
    let last: Record<string, unknown> | undefined;
    const filtered = Boolean(
      (query.status && plan.index === 'GSI1') || query.type || query.userId || query.txHash || query.address,
    );
    const maxReads = Math.max(1, Math.min(query.maxReads ?? MAX_READS_PER_PAGE, MAX_READS_PER_PAGE));
    // Filters the index does not serve (type, user, tx hash, address; status before the backfill) are
    // applied while paging, so a page may need several reads: a filtered read examines FILTERED_READ
    // items, and after maxReads the page stops with a cursor (never a short page that looks like the end).
    for (let reads = 0; reads < maxReads && items.length < limit; reads++) {
      const out = await readListPage(
        this.db,
        new QueryCommand({
          TableName: this.tableName,
          IndexName: plan.index,
          KeyConditionExpression: plan.keyCondition,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: filtered ? Math.max(limit, FILTERED_READ) : limit * 2,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
        reads === 0,
      );
      for (const item of out.Items ?? []) {
        const w = fromItem(item).withdrawal;
        last = { PK: item['PK'], SK: item['SK'], [plan.pk]: item[plan.pk], [plan.sk]: item[plan.sk] };
        if (matches(w, query)) items.push(w);
        if (items.length === limit) break;
      }
      if (items.length === limit) break;
      if (!out.LastEvaluatedKey) {
        last = undefined;
        break;
      }
      startKey = out.LastEvaluatedKey;
      last = startKey;
    }
    const nextCursor = encodeCursor(last);
    return nextCursor ? { items, nextCursor } : { items };
  }

  /** One user's withdrawals: a page of their refs (newest first), then the withdrawals in one BatchGet. */
  private listByUser(
    partnerId: string,
    userId: string,
    query: WithdrawalListQuery,
    startKey?: Record<string, unknown>,
  ) {
    // Type, tx hash and address (and refs whose withdrawal was removed, deleteUnheld, which are
    // skipped) are filtered here, reading on within the bound.
    const filtered = Boolean(query.type || query.txHash || query.address);
    return pageOfRefs<Withdrawal>({
      db: this.db,
      tableName: this.tableName,
      refPk: userRefPk(partnerId, userId),
      startKey,
      range: query,
      toSuffix: WITHDRAWAL_TO_SUFFIX,
      limit: query.limit,
      maxReads: Math.max(1, Math.min(query.maxReads ?? MAX_READS_PER_PAGE, MAX_READS_PER_PAGE)),
      readLimit: filtered ? Math.max(query.limit, FILTERED_READ) : query.limit,
      load: async (codes) => {
        const found = new Map<string, Withdrawal>();
        const items = await batchGetAll(
          this.db,
          this.tableName,
          codes.map((c) => withdrawalKey(partnerId, c)),
        );
        for (const item of items) {
          const w = fromItem(item).withdrawal;
          found.set(w.code, w);
        }
        return found;
      },
      idOf: (ref) => String(ref['code']),
      keep: (w) => matches(w, query),
    });
  }

  async inFlightFrom(network: NetworkCode, from: string): Promise<Withdrawal[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': inFlightPk(network, from) },
    });
    return items.map((item) => fromItem(item).withdrawal);
  }

  async listStalled(before: string, page: { readonly limit: number; readonly cursor?: string }) {
    let startKey: Record<string, unknown> | undefined;
    if (page.cursor) {
      startKey = decodeCursor(page.cursor);
      if (startKey['GSI3PK'] !== OPEN_PK) throw invalidCursor();
    }
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :before',
        ExpressionAttributeValues: { ':pk': OPEN_PK, ':before': before },
        Limit: Math.min(page.limit, MAX_LIMIT),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const items = (out.Items ?? []).map((item) => fromItem(item).withdrawal);
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return nextCursor ? { items, nextCursor } : { items };
  }
}

function matches(w: Withdrawal, q: WithdrawalListQuery): boolean {
  if (q.status && w.status !== q.status) return false;
  if (q.type && w.type !== q.type) return false;
  if (q.userId && w.userId !== q.userId) return false;
  if (q.txHash && !w.tx?.attempts.some((a) => a.hash === q.txHash?.toLowerCase())) return false;
  if (q.address) {
    const address = q.address.toLowerCase();
    if (w.address.toLowerCase() !== address && w.tx?.from?.toLowerCase() !== address) return false;
  }
  if (q.from && w.createdAt < q.from) return false;
  if (q.to && w.createdAt > `${q.to}~`) return false;
  return true;
}
