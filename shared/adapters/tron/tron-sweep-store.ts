import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  TronLeftoverEntry,
  TronLeftoverReturn,
  TronLeftoverStore,
  TronMasterEnergyRequest,
  TronMasterEnergyRequests,
  TronSweep,
  TronSweepStore,
} from '../../ports/tron-sweeps';
import { isMasterEnergyTransition, masterEnergyRequestId } from '../../domain/sweeps/sweep-transaction';
import type { MasterEnergyStatus } from '../../domain/sweeps/sweep-transaction';
import { CLOSED_SWEEP_STATUSES, isSweepTransition } from '../../domain/sweeps/sweep-status';
import type { SweepStatus } from '../../domain/sweeps/sweep-status';
import { ConflictError, GatewayError } from '../../domain/errors';
import { cancellationReasons, isConditionalCheckFailed } from '../dynamodb/client';
import { depositClaimUpdate } from '../dynamodb/deposit-repository';

/**
 * TRON sweep records in the single table:
 * - `TRONSWEEP#<id>` / `SWEEP`: the record (JSON in `data`, bigints as strings), `status` beside it for
 *   the conditions;
 * - `TRONSWEEP#OPEN` / `<id>`: the open-sweep index the sweeper pages through (deleted on close);
 * - `TRONSWEEPLOCK#<address>` / `LOCK`: one open sweep per address.
 * - `MASTERENERGY#<id>` / `REQUEST`: a withdrawal's MASTER energy request (same JSON `data`), and
 *   `MASTERENERGY#OPEN` / `<id>` while it is open.
 * - `TRONLEFTOVER#QUEUE` / `<queued at>#<address>`: an address to check for a TRX leftover (ADR 0024),
 *   put in the write that closes a sweep which sent it TRX (ACTIVATION, TOPUP);
 * - `TRONRETURN#<id>` / `RETURN`: a leftover's return (same JSON `data`), `TRONRETURN#OPEN` / `<id>`
 *   while open; it holds the address's `TRONSWEEPLOCK` (no sweep starts there meanwhile).
 * Create and close are one transaction each, so the index and the lock never disagree with the record;
 * create also claims the sweep's deposits (CONFIRMED → COLLECTING for the record's id).
 */
const energyKey = (id: string) => ({ PK: `MASTERENERGY#${id}`, SK: 'REQUEST' });
const energyOpenKey = (id: string) => ({ PK: 'MASTERENERGY#OPEN', SK: id });
const recordKey = (id: string) => ({ PK: `TRONSWEEP#${id}`, SK: 'SWEEP' });
const openKey = (id: string) => ({ PK: 'TRONSWEEP#OPEN', SK: id });
const lockKey = (address: string) => ({ PK: `TRONSWEEPLOCK#${address}`, SK: 'LOCK' });
const returnKey = (id: string) => ({ PK: `TRONRETURN#${id}`, SK: 'RETURN' });
const returnOpenKey = (id: string) => ({ PK: 'TRONRETURN#OPEN', SK: id });
const LEFTOVER_QUEUE = 'TRONLEFTOVER#QUEUE';
const leftoverKey = (key: string) => ({ PK: LEFTOVER_QUEUE, SK: key });
const IS_NEW = 'attribute_not_exists(PK)';
const STATUS_IS = '#status = :from';
const REVISION_IS = '#revision = :revision';
const NO_REVISION = 'attribute_not_exists(#revision)';
const CLOSED: readonly SweepStatus[] = CLOSED_SWEEP_STATUSES;

function serialize(sweep: TronSweep | TronMasterEnergyRequest | TronLeftoverReturn): string {
  return JSON.stringify(sweep, (_k, v: unknown) => (typeof v === 'bigint' ? { $big: v.toString() } : v));
}

function deserialize<T = TronSweep>(data: string): T {
  return JSON.parse(data, (_k, v: unknown) =>
    v && typeof v === 'object' && '$big' in v ? BigInt((v as { $big: string }).$big) : v,
  ) as T;
}

type Key = { readonly PK: string; readonly SK: string };
type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];
type Stored = TronSweep | TronMasterEnergyRequest | TronLeftoverReturn;

const isConditionFailure = (e: unknown) =>
  cancellationReasons(e)?.includes('ConditionalCheckFailed') === true || isConditionalCheckFailed(e);

export class DynamoTronSweepStore implements TronSweepStore, TronMasterEnergyRequests, TronLeftoverStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One transaction; a failed condition is a ConflictError saying `conflict`. */
  private async write(items: TransactItem[], conflict: string): Promise<void> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      if (isConditionFailure(e)) throw new ConflictError(conflict);
      throw e;
    }
  }

  /** The record: JSON `data`, with `status` and `revision` beside it for the conditions. */
  private recordItem(key: Key, entity: string, record: Stored) {
    return {
      TableName: this.tableName,
      Item: {
        ...key,
        entity,
        status: record.status,
        ...(record.revision !== undefined ? { revision: record.revision } : {}),
        data: serialize(record),
      },
    };
  }

  /** A new record: nothing stored under `key` yet. */
  private newRecord(key: Key, entity: string, record: Stored): TransactItem {
    return { Put: { ...this.recordItem(key, entity, record), ConditionExpression: IS_NEW } };
  }

  /**
   * The record's next version, written only over the one stored in status `from` at the revision before
   * `next.revision` (a sweep recorded before revisions were kept has none).
   */
  private nextRecord(key: Key, entity: string, from: string, next: Stored): TransactItem {
    const previous = (next.revision ?? 1) - 1;
    return {
      Put: {
        ...this.recordItem(key, entity, next),
        ConditionExpression: `${STATUS_IS} AND ${previous > 0 ? REVISION_IS : NO_REVISION}`,
        ExpressionAttributeNames: { '#status': 'status', '#revision': 'revision' },
        ExpressionAttributeValues: { ':from': from, ...(previous > 0 ? { ':revision': previous } : {}) },
      },
    };
  }

  private put(key: Key, attributes: Record<string, unknown>, condition?: string): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...key, ...attributes },
        ...(condition ? { ConditionExpression: condition } : {}),
      },
    };
  }

  /** The open index entry and the address lock of a closing record go in its closing write. */
  private release(open: Key, address: string, id: string): TransactItem[] {
    return [
      { Delete: { TableName: this.tableName, Key: open } },
      {
        Delete: {
          TableName: this.tableName,
          Key: lockKey(address),
          ConditionExpression: 'attribute_not_exists(PK) OR sweepId = :id',
          ExpressionAttributeValues: { ':id': id },
        },
      },
    ];
  }

  private async read<T>(key: Key): Promise<T | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item ? deserialize<T>(String(out.Item['data'])) : undefined;
  }

  /** The records an open index lists (each read consistently), those still open. */
  private async listOpenOf<T extends Stored>(
    indexPk: string,
    keyOf: (id: string) => Key,
    limit: number,
    isOpen: (record: T) => boolean,
  ): Promise<T[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': indexPk },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const records: (T | undefined)[] = await Promise.all(
      (out.Items ?? []).map((i) => this.read<T>(keyOf(String(i['SK'])))),
    );
    return records.filter((r): r is T => r !== undefined && isOpen(r));
  }

  async create(sweep: TronSweep): Promise<void> {
    await this.write(
      [
        this.newRecord(recordKey(sweep.id), 'TronSweep', sweep),
        this.put(openKey(sweep.id), { entity: 'TronSweepOpen' }),
        this.put(lockKey(sweep.address), { entity: 'TronSweepLock', sweepId: sweep.id }, IS_NEW),
        ...sweep.depositIds.map((id) => ({
          Update: depositClaimUpdate(this.tableName, id, sweep.id, sweep.createdAt),
        })),
      ],
      `${sweep.address} has an open TRON sweep, or a deposit moved`,
    );
  }

  async update(id: string, from: SweepStatus, next: TronSweep): Promise<TronSweep> {
    if (!isSweepTransition(from, next.status))
      throw new GatewayError(
        'ILLEGAL_TRANSITION',
        `TRON sweep ${id} cannot move from ${from} to ${next.status}`,
      );
    const closing = CLOSED.includes(next.status);
    await this.write(
      [
        this.nextRecord(recordKey(id), 'TronSweep', from, next),
        ...(closing ? this.release(openKey(id), next.address, id) : []),
        // The gas tank gave the address TRX: what is left of it is looked at (ADR 0024).
        ...(closing && next.steps.some((s) => (s.kind === 'ACTIVATION' || s.kind === 'TOPUP') && s.txId)
          ? [{ Put: this.leftoverItem(next.address, id, next.updatedAt) }]
          : []),
      ],
      `TRON sweep ${id} is no longer ${from}`,
    );
    return next;
  }

  async get(id: string): Promise<TronSweep | undefined> {
    return this.read<TronSweep>(recordKey(id));
  }

  async listOpen(limit: number): Promise<TronSweep[]> {
    return this.listOpenOf<TronSweep>('TRONSWEEP#OPEN', recordKey, limit, (s) => !CLOSED.includes(s.status));
  }

  async requestMasterEnergy(request: TronMasterEnergyRequest): Promise<TronMasterEnergyRequest> {
    const id = masterEnergyRequestId(request.partnerId, request.code);
    const item: TronMasterEnergyRequest = { ...request, id, status: 'REQUESTED', revision: 1 };
    try {
      await this.write(
        [
          this.newRecord(energyKey(id), 'TronMasterEnergyRequest', item),
          this.put(energyOpenKey(id), { entity: 'TronMasterEnergyOpen' }),
        ],
        `MASTER energy request ${id} exists`,
      );
      return item;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const stored = await this.getMasterEnergy(request.partnerId, request.code);
      if (!stored) throw new ConflictError(`MASTER energy request ${id} is being written`);
      return stored;
    }
  }

  async getMasterEnergy(partnerId: string, code: string): Promise<TronMasterEnergyRequest | undefined> {
    return this.read<TronMasterEnergyRequest>(energyKey(masterEnergyRequestId(partnerId, code)));
  }

  async listOpenMasterEnergy(limit: number): Promise<TronMasterEnergyRequest[]> {
    return this.listOpenOf<TronMasterEnergyRequest>(
      'MASTERENERGY#OPEN',
      energyKey,
      limit,
      (r) => r.status !== 'DONE',
    );
  }

  async updateMasterEnergy(
    from: MasterEnergyStatus,
    next: TronMasterEnergyRequest,
  ): Promise<TronMasterEnergyRequest> {
    if (!isMasterEnergyTransition(from, next.status))
      throw new GatewayError(
        'ILLEGAL_TRANSITION',
        `MASTER energy request ${next.id} cannot move from ${from} to ${next.status}`,
      );
    await this.write(
      [
        this.nextRecord(energyKey(next.id), 'TronMasterEnergyRequest', from, next),
        ...(next.status === 'DONE'
          ? [{ Delete: { TableName: this.tableName, Key: energyOpenKey(next.id) } }]
          : []),
      ],
      `MASTER energy request ${next.id} is no longer ${from}`,
    );
    return next;
  }

  // --- Native leftovers (ADR 0024) ---------------------------------------------------------------

  private leftoverItem(address: string, sweepId: string, at: string) {
    return {
      TableName: this.tableName,
      Item: { ...leftoverKey(`${at}#${address}`), entity: 'TronLeftover', address, sweepId },
    };
  }

  async listLeftovers(limit: number): Promise<TronLeftoverEntry[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': LEFTOVER_QUEUE },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      key: String(i['SK']),
      address: String(i['address']),
      sweepId: String(i['sweepId']),
    }));
  }

  async createReturn(ret: TronLeftoverReturn, entries: readonly TronLeftoverEntry[]): Promise<void> {
    await this.write(
      [
        this.newRecord(returnKey(ret.id), 'TronLeftoverReturn', ret),
        this.put(returnOpenKey(ret.id), { entity: 'TronReturnOpen' }),
        this.put(lockKey(ret.address), { entity: 'TronSweepLock', sweepId: ret.id }, IS_NEW),
        ...entries.map((e) => ({
          Delete: {
            TableName: this.tableName,
            Key: leftoverKey(e.key),
            ConditionExpression: 'attribute_exists(PK)',
          },
        })),
      ],
      `${ret.address} has an open TRON sweep or return, or its queue entry moved`,
    );
  }

  async updateReturn(from: SweepStatus, next: TronLeftoverReturn): Promise<TronLeftoverReturn> {
    if (!isSweepTransition(from, next.status))
      throw new GatewayError(
        'ILLEGAL_TRANSITION',
        `TRON return ${next.id} cannot move from ${from} to ${next.status}`,
      );
    await this.write(
      [
        this.nextRecord(returnKey(next.id), 'TronLeftoverReturn', from, next),
        ...(CLOSED.includes(next.status) ? this.release(returnOpenKey(next.id), next.address, next.id) : []),
        // Expired unmined: the TRX never left; the address is looked at again.
        ...(next.status === 'DROPPED'
          ? [{ Put: this.leftoverItem(next.address, next.id, next.updatedAt) }]
          : []),
      ],
      `TRON return ${next.id} is no longer ${from}`,
    );
    return next;
  }

  async listOpenReturns(limit: number): Promise<TronLeftoverReturn[]> {
    return this.listOpenOf<TronLeftoverReturn>(
      'TRONRETURN#OPEN',
      returnKey,
      limit,
      (r) => !CLOSED.includes(r.status),
    );
  }

  async removeLeftovers(entries: readonly TronLeftoverEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: entries.map((e) => ({
          Delete: { TableName: this.tableName, Key: leftoverKey(e.key) },
        })),
      }),
    );
  }

  async deferLeftovers(entries: readonly TronLeftoverEntry[], at: string): Promise<void> {
    for (const e of entries) {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: this.tableName,
                  Key: leftoverKey(e.key),
                  ConditionExpression: 'attribute_exists(PK)',
                },
              },
              { Put: this.leftoverItem(e.address, e.sweepId, at) },
            ],
          }),
        );
      } catch (err) {
        // Taken out meanwhile (returned by another run): nothing to move.
        if (!isConditionFailure(err)) throw err;
      }
    }
  }
}
