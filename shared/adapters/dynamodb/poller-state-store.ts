import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../config/networks';
import type {
  CursorAdvance,
  LeaseOutcome,
  PollerHealth,
  PollerHealthStore,
  PollerLease,
  PollerStateStore,
} from '../../ports/poller-state';
import { batchGetAll, isConditionalCheckFailed } from './client';

/**
 * Lease and cursor of the deposit poller, one pair of items per network under `CHAIN#<network>`:
 *
 * - `SK=POLLER_LEASE`: `owner`, `leaseExpiresAtMs` (epoch ms). Deliberately not the table's TTL
 *   attribute (`expiresAt`, epoch seconds): a lease is a few seconds long and its item is reused.
 * - `SK=POLLER_CURSOR`: `lastProcessedBlock`, the attribute the chain-heads job reads to compute
 *   `PollerLagBlocks` (chain-status-store.ts).
 * - `SK=POLLER_HEALTH`: `consecutiveFailures`, `failingSince`, `lastError`, `lastFailureAt`,
 *   `lastSuccessAt` — the run of failed rounds across invocations (alarm and console banner).
 */
const leaseKey = (network: NetworkCode) => ({ PK: `CHAIN#${network}`, SK: 'POLLER_LEASE' });
const cursorKey = (network: NetworkCode) => ({ PK: `CHAIN#${network}`, SK: 'POLLER_CURSOR' });
const healthKey = (network: NetworkCode) => ({ PK: `CHAIN#${network}`, SK: 'POLLER_HEALTH' });

/** Free (never taken), expired, or already ours. */
const LEASE_IS_FREE_OR_OURS = 'attribute_not_exists(PK) OR leaseExpiresAtMs < :now OR #owner = :me';
/** Renewing and releasing only ever touch our own lease. */
const LEASE_IS_OURS = 'attribute_exists(PK) AND #owner = :me';
/** The cursor only moves forward. */
const CURSOR_MOVES_FORWARD = 'attribute_not_exists(lastProcessedBlock) OR lastProcessedBlock < :block';

// OWNER is a DynamoDB reserved word.
const OWNER_NAME = { '#owner': 'owner' };

export class DynamoPollerStateStore implements PollerStateStore, PollerHealthStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async acquireLease(network: NetworkCode, owner: string, now: Date, ttlMs: number): Promise<LeaseOutcome> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...leaseKey(network),
            entity: 'PollerLease',
            network,
            owner,
            leaseExpiresAtMs: expiresAt.getTime(),
            leaseExpiresAt: expiresAt.toISOString(),
            renewedAt: now.toISOString(),
          },
          ConditionExpression: LEASE_IS_FREE_OR_OURS,
          ExpressionAttributeNames: OWNER_NAME,
          ExpressionAttributeValues: { ':now': now.getTime(), ':me': owner },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { status: 'acquired', lease: { network, owner, expiresAt } };
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      return { status: 'held-by-another', holder: await this.holderFrom(e, network) };
    }
  }

  async renewLease(network: NetworkCode, owner: string, now: Date, ttlMs: number): Promise<LeaseOutcome> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: leaseKey(network),
          UpdateExpression: 'SET leaseExpiresAtMs = :exp, leaseExpiresAt = :expIso, renewedAt = :nowIso',
          ConditionExpression: LEASE_IS_OURS,
          ExpressionAttributeNames: OWNER_NAME,
          ExpressionAttributeValues: {
            ':me': owner,
            ':exp': expiresAt.getTime(),
            ':expIso': expiresAt.toISOString(),
            ':nowIso': now.toISOString(),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { status: 'acquired', lease: { network, owner, expiresAt } };
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      return { status: 'held-by-another', holder: await this.holderFrom(e, network) };
    }
  }

  async releaseLease(network: NetworkCode, owner: string): Promise<void> {
    try {
      // The item stays (last holder is useful when looking at a stuck network); expiry 0 frees it.
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: leaseKey(network),
          UpdateExpression: 'SET leaseExpiresAtMs = :zero, leaseExpiresAt = :epoch',
          ConditionExpression: LEASE_IS_OURS,
          ExpressionAttributeNames: OWNER_NAME,
          ExpressionAttributeValues: { ':me': owner, ':zero': 0, ':epoch': new Date(0).toISOString() },
        }),
      );
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  async getCursor(network: NetworkCode): Promise<number | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: cursorKey(network), ConsistentRead: true }),
    );
    const block = out.Item?.['lastProcessedBlock'];
    return typeof block === 'number' ? block : undefined;
  }

  async advanceCursor(network: NetworkCode, block: number, now: Date): Promise<CursorAdvance> {
    if (!Number.isSafeInteger(block) || block < 0) throw new RangeError(`invalid cursor block ${block}`);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: cursorKey(network),
          UpdateExpression:
            'SET lastProcessedBlock = :block, updatedAt = :now, entity = :entity, network = :network',
          ConditionExpression: CURSOR_MOVES_FORWARD,
          ExpressionAttributeValues: {
            ':block': block,
            ':now': now.toISOString(),
            ':entity': 'PollerCursor',
            ':network': network,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { advanced: true, lastProcessedBlock: block };
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      const stored = itemOf(e)?.['lastProcessedBlock'];
      const current = typeof stored === 'number' ? stored : await this.getCursor(network);
      return { advanced: false, lastProcessedBlock: Math.max(current ?? block, block) };
    }
  }

  async getHealth(network: NetworkCode): Promise<PollerHealth | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: healthKey(network), ConsistentRead: true }),
    );
    return out.Item ? healthOf(network, out.Item) : undefined;
  }

  async getHealthOf(networks: readonly NetworkCode[]): Promise<ReadonlyMap<NetworkCode, PollerHealth>> {
    const items = await batchGetAll(this.db, this.tableName, networks.map(healthKey));
    const byPk = new Map(items.map((item) => [String(item['PK']), item]));
    const health = new Map<NetworkCode, PollerHealth>();
    for (const network of networks) {
      const item = byPk.get(healthKey(network).PK);
      if (item) health.set(network, healthOf(network, item));
    }
    return health;
  }

  async recordRoundFailure(network: NetworkCode, error: string, now: Date): Promise<PollerHealth> {
    // ADD counts atomically; failingSince keeps the start of the run.
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: healthKey(network),
        UpdateExpression:
          'SET entity = :entity, network = :network, lastError = :error, lastFailureAt = :now, failingSince = if_not_exists(failingSince, :now) ADD consecutiveFailures :one',
        ExpressionAttributeValues: {
          ':entity': 'PollerHealth',
          ':network': network,
          ':error': error.slice(0, 1_000),
          ':now': now.toISOString(),
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return healthOf(network, out.Attributes ?? {});
  }

  async recordRoundSuccess(network: NetworkCode, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: healthKey(network),
        UpdateExpression:
          'SET entity = :entity, network = :network, consecutiveFailures = :zero, lastSuccessAt = :now REMOVE failingSince',
        ExpressionAttributeValues: {
          ':entity': 'PollerHealth',
          ':network': network,
          ':zero': 0,
          ':now': now.toISOString(),
        },
      }),
    );
  }

  /** The lease item that made a condition fail: from the error when the service returns it, else read. */
  private async holderFrom(e: unknown, network: NetworkCode): Promise<PollerLease | undefined> {
    const fromError = leaseOf(network, itemOf(e));
    if (fromError) return fromError;
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: leaseKey(network), ConsistentRead: true }),
    );
    return leaseOf(network, out.Item);
  }
}

function healthOf(network: NetworkCode, item: Record<string, unknown>): PollerHealth {
  const text = (key: string) => (typeof item[key] === 'string' ? { [key]: item[key] } : {});
  return {
    network,
    consecutiveFailures: typeof item['consecutiveFailures'] === 'number' ? item['consecutiveFailures'] : 0,
    ...text('failingSince'),
    ...text('lastError'),
    ...text('lastFailureAt'),
    ...text('lastSuccessAt'),
  };
}

function leaseOf(network: NetworkCode, item: Record<string, unknown> | undefined): PollerLease | undefined {
  if (!item || typeof item['owner'] !== 'string' || typeof item['leaseExpiresAtMs'] !== 'number')
    return undefined;
  return { network, owner: item['owner'], expiresAt: new Date(item['leaseExpiresAtMs']) };
}

/**
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` puts the old item on the error. Only plain values are
 * trusted (callers check the shape and read the item when it is missing or still in wire format).
 */
function itemOf(e: unknown): Record<string, unknown> | undefined {
  const item = (e as { Item?: unknown }).Item;
  return item && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
}
