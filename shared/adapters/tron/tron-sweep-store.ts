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

export class DynamoTronSweepStore implements TronSweepStore, TronMasterEnergyRequests, TronLeftoverStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(sweep: TronSweep): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...recordKey(sweep.id),
                  entity: 'TronSweep',
                  status: sweep.status,
                  data: serialize(sweep),
                },
                ConditionExpression: IS_NEW,
              },
            },
            { Put: { TableName: this.tableName, Item: { ...openKey(sweep.id), entity: 'TronSweepOpen' } } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...lockKey(sweep.address), entity: 'TronSweepLock', sweepId: sweep.id },
                ConditionExpression: IS_NEW,
              },
            },
            ...sweep.depositIds.map((id) => ({
              Update: depositClaimUpdate(this.tableName, id, sweep.id, sweep.createdAt),
            })),
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.includes('ConditionalCheckFailed') || isConditionalCheckFailed(e))
        throw new ConflictError(`${sweep.address} has an open TRON sweep, or a deposit moved`);
      throw e;
    }
  }

  async update(id: string, from: SweepStatus, next: TronSweep): Promise<TronSweep> {
    if (!isSweepTransition(from, next.status))
      throw new GatewayError(
        'ILLEGAL_TRANSITION',
        `TRON sweep ${id} cannot move from ${from} to ${next.status}`,
      );
    const closing = CLOSED.includes(next.status);
    const previous = (next.revision ?? 1) - 1;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...recordKey(id),
                  entity: 'TronSweep',
                  status: next.status,
                  ...(next.revision !== undefined ? { revision: next.revision } : {}),
                  data: serialize(next),
                },
                ConditionExpression: `${STATUS_IS} AND ${previous > 0 ? REVISION_IS : NO_REVISION}`,
                ExpressionAttributeNames: { '#status': 'status', '#revision': 'revision' },
                ExpressionAttributeValues: {
                  ':from': from,
                  ...(previous > 0 ? { ':revision': previous } : {}),
                },
              },
            },
            ...(closing
              ? [
                  { Delete: { TableName: this.tableName, Key: openKey(id) } },
                  {
                    Delete: {
                      TableName: this.tableName,
                      Key: lockKey(next.address),
                      ConditionExpression: 'attribute_not_exists(PK) OR sweepId = :id',
                      ExpressionAttributeValues: { ':id': id },
                    },
                  },
                ]
              : []),
            // The gas tank gave the address TRX: what is left of it is looked at (ADR 0024).
            ...(closing && next.steps.some((s) => (s.kind === 'ACTIVATION' || s.kind === 'TOPUP') && s.txId)
              ? [{ Put: this.leftoverItem(next.address, id, next.updatedAt) }]
              : []),
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.includes('ConditionalCheckFailed') || isConditionalCheckFailed(e))
        throw new ConflictError(`TRON sweep ${id} is no longer ${from}`);
      throw e;
    }
    return next;
  }

  async get(id: string): Promise<TronSweep | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: recordKey(id), ConsistentRead: true }),
    );
    return out.Item ? deserialize(String(out.Item['data'])) : undefined;
  }

  async listOpen(limit: number): Promise<TronSweep[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'TRONSWEEP#OPEN' },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const sweeps = await Promise.all((out.Items ?? []).map((i) => this.get(String(i['SK']))));
    return sweeps.filter((s): s is TronSweep => s !== undefined && !CLOSED.includes(s.status));
  }

  async requestMasterEnergy(request: TronMasterEnergyRequest): Promise<TronMasterEnergyRequest> {
    const id = masterEnergyRequestId(request.partnerId, request.code);
    const item: TronMasterEnergyRequest = { ...request, id, status: 'REQUESTED', revision: 1 };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...energyKey(id),
                  entity: 'TronMasterEnergyRequest',
                  status: item.status,
                  revision: item.revision,
                  data: serialize(item),
                },
                ConditionExpression: IS_NEW,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...energyOpenKey(id), entity: 'TronMasterEnergyOpen' },
              },
            },
          ],
        }),
      );
      return item;
    } catch (e) {
      if (!(cancellationReasons(e)?.includes('ConditionalCheckFailed') || isConditionalCheckFailed(e)))
        throw e;
      const stored = await this.getMasterEnergy(request.partnerId, request.code);
      if (!stored) throw new ConflictError(`MASTER energy request ${id} is being written`);
      return stored;
    }
  }

  async getMasterEnergy(partnerId: string, code: string): Promise<TronMasterEnergyRequest | undefined> {
    return this.energyById(masterEnergyRequestId(partnerId, code));
  }

  private async energyById(id: string): Promise<TronMasterEnergyRequest | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: energyKey(id), ConsistentRead: true }),
    );
    return out.Item ? deserialize<TronMasterEnergyRequest>(String(out.Item['data'])) : undefined;
  }

  async listOpenMasterEnergy(limit: number): Promise<TronMasterEnergyRequest[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'MASTERENERGY#OPEN' },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const requests = await Promise.all((out.Items ?? []).map((i) => this.energyById(String(i['SK']))));
    return requests.filter((r): r is TronMasterEnergyRequest => r !== undefined && r.status !== 'DONE');
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
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...energyKey(next.id),
                  entity: 'TronMasterEnergyRequest',
                  status: next.status,
                  revision: next.revision,
                  data: serialize(next),
                },
                ConditionExpression: `${STATUS_IS} AND ${REVISION_IS}`,
                ExpressionAttributeNames: { '#status': 'status', '#revision': 'revision' },
                ExpressionAttributeValues: { ':from': from, ':revision': next.revision - 1 },
              },
            },
            ...(next.status === 'DONE'
              ? [{ Delete: { TableName: this.tableName, Key: energyOpenKey(next.id) } }]
              : []),
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.includes('ConditionalCheckFailed') || isConditionalCheckFailed(e))
        throw new ConflictError(`MASTER energy request ${next.id} is no longer ${from}`);
      throw e;
    }
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
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...returnKey(ret.id),
                  entity: 'TronLeftoverReturn',
                  status: ret.status,
                  revision: ret.revision,
                  data: serialize(ret),
                },
                ConditionExpression: IS_NEW,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...returnOpenKey(ret.id), entity: 'TronReturnOpen' },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...lockKey(ret.address), entity: 'TronSweepLock', sweepId: ret.id },
                ConditionExpression: IS_NEW,
              },
            },
            ...entries.map((e) => ({
              Delete: {
                TableName: this.tableName,
                Key: leftoverKey(e.key),
                ConditionExpression: 'attribute_exists(PK)',
              },
            })),
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.includes('ConditionalCheckFailed') || isConditionalCheckFailed(e))
        throw new ConflictError(`${ret.address} has an open TRON sweep or return, or its queue entry moved`);
      throw e;
    }
  }

  async updateReturn(from: SweepStatus, next: TronLeftoverReturn): Promise<TronLeftoverReturn> {
    if (!isSweepTransition(from, next.status))
      throw new GatewayError(
        'ILLEGAL_TRANSITION',
        `TRON return ${next.id} cannot move from ${from} to ${next.status}`,
      );
    const closing = CLOSED.includes(next.status);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...returnKey(next.id),
                  entity: 'TronLeftoverReturn',
                  status: next.status,
                  revision: next.revision,
                  data: serialize(next),
                },
                ConditionExpression: `${STATUS_IS} AND ${REVISION_IS}`,
                ExpressionAttributeNames: { '#status': 'status', '#revision': 'revision' },
                ExpressionAttributeValues: { ':from': from, ':revision': next.revision - 1 },
              },
            },
            ...(closing
              ? [
                  { Delete: { TableName: this.tableName, Key: returnOpenKey(next.id) } },
                  {
                    Delete: {
                      TableName: this.tableName,
                      Key: lockKey(next.address),
                      ConditionExpression: 'attribute_not_exists(PK) OR sweepId = :id',
                      ExpressionAttributeValues: { ':id': next.id },
                    },
                  },
                ]
              : []),
            // Expired unmined: the TRX never left; the address is looked at again.
            ...(next.status === 'DROPPED'
              ? [{ Put: this.leftoverItem(next.address, next.id, next.updatedAt) }]
              : []),
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.includes('ConditionalCheckFailed') || isConditionalCheckFailed(e))
        throw new ConflictError(`TRON return ${next.id} is no longer ${from}`);
      throw e;
    }
    return next;
  }

  async listOpenReturns(limit: number): Promise<TronLeftoverReturn[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'TRONRETURN#OPEN' },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const returns = await Promise.all(
      (out.Items ?? []).map(async (i) => {
        const got = await this.db.send(
          new GetCommand({
            TableName: this.tableName,
            Key: returnKey(String(i['SK'])),
            ConsistentRead: true,
          }),
        );
        return got.Item ? deserialize<TronLeftoverReturn>(String(got.Item['data'])) : undefined;
      }),
    );
    return returns.filter((r): r is TronLeftoverReturn => r !== undefined && !CLOSED.includes(r.status));
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
        if (!(cancellationReasons(err)?.includes('ConditionalCheckFailed') || isConditionalCheckFailed(err)))
          throw err;
      }
    }
  }
}
