import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../config/networks';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors';
import type { ExternalWallet, WalletAddress, WalletKind, WalletRepository } from '../../ports/wallets';
import { cancellationReasons, isConditionalCheckFailed } from './client';
import { DynamoWalletLookup, walletAddressKey } from './wallet-lookup';

const addrKey = walletAddressKey;
const userAddrKey = (partnerId: string, network: string, userId: string) => ({
  PK: `DEPADDR#${partnerId}#${network}#${userId}`,
  SK: 'DEPADDR',
});
const partnerWalletKey = (partnerId: string, network: string, kind: string) => ({
  PK: `PWALLET#${partnerId}#${network}#${kind}`,
  SK: 'PWALLET',
});
const externalKey = (network: string, address: string) => ({
  PK: `EXTSENDER#${network}#${address.toLowerCase()}`,
  SK: 'EXTSENDER',
});
const counterKey = (account: number) => ({ PK: `HDINDEX#EVM#${account}`, SK: 'COUNTER' });

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const ACTIVE_RESERVATION_OF_PARTNER =
  'attribute_exists(PK) AND partnerId = :partnerId AND purpose = :reservation AND #status = :active';
const EXTERNAL_OF_PARTNER = 'attribute_exists(PK) AND partnerId = :partnerId';
const BATCH_LIMIT = 100;

/** The stored item of a wallet (exported for bulk fixtures: tests that need thousands of rows). */
export function walletItem(w: WalletAddress) {
  return {
    ...addrKey(w.network, w.address),
    GSI1PK: `WALLETS#${w.partnerId}`,
    GSI1SK: `${w.network}#${w.kind}#${w.createdAt}#${w.address}`,
    entity: 'Wallet',
    ...w,
  };
}

function strip<T>(item: Record<string, unknown>): T {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, entity: _e, ...rest } = item;
  return rest as T;
}

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

function decodeCursor(
  cursor: string | undefined,
  expectedGsi1pk: string,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // A cursor is only valid for the listing (and tenant) it came from.
    if (key['GSI1PK'] !== expectedGsi1pk) throw new Error('foreign cursor');
    return key;
  } catch {
    throw new ValidationError('Invalid cursor', [
      { path: 'cursor', message: 'Use nextCursor from the previous page' },
    ]);
  }
}

export class DynamoWalletRepository implements WalletRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async batchGet(keys: { PK: string; SK: string }[]): Promise<Record<string, unknown>[]> {
    const unique = [...new Map(keys.map((k) => [k.PK, k])).values()];
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < unique.length; i += BATCH_LIMIT) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.tableName]: { Keys: unique.slice(i, i + BATCH_LIMIT) },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        const out = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[this.tableName] ?? []));
        request = out.UnprocessedKeys as typeof request;
        if (request && Object.keys(request).length > 0)
          await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
    return found;
  }

  lookup(network: NetworkCode, addresses: readonly string[]): Promise<ReadonlyMap<string, WalletAddress>> {
    return new DynamoWalletLookup(this.db, this.tableName).lookup(network, addresses);
  }

  async lookupExternal(
    network: NetworkCode,
    addresses: readonly string[],
  ): Promise<ReadonlyMap<string, ExternalWallet>> {
    const items = await this.batchGet(addresses.map((a) => externalKey(network, a)));
    return new Map(items.map((i) => [String(i['address']).toLowerCase(), strip<ExternalWallet>(i)]));
  }

  async userAddress(
    partnerId: string,
    network: NetworkCode,
    userId: string,
  ): Promise<WalletAddress | undefined> {
    const claim = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: userAddrKey(partnerId, network, userId),
        ConsistentRead: true,
      }),
    );
    const address = claim.Item?.['address'] as string | undefined;
    if (!address) return undefined;
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: addrKey(network, address), ConsistentRead: true }),
    );
    return out.Item ? strip<WalletAddress>(out.Item) : undefined;
  }

  async createUserAddress(wallet: WalletAddress): Promise<{ created: boolean; wallet: WalletAddress }> {
    if (!wallet.userId) throw new Error('A user address needs a user id');
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...userAddrKey(wallet.partnerId, wallet.network, wallet.userId),
                  entity: 'UserAddressClaim',
                  address: wallet.address,
                },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
            {
              Put: { TableName: this.tableName, Item: walletItem(wallet), ConditionExpression: ITEM_IS_NEW },
            },
          ],
        }),
      );
      return { created: true, wallet };
    } catch (e) {
      if (cancellationReasons(e)?.[0] !== 'ConditionalCheckFailed') throw e;
      const existing = await this.userAddress(wallet.partnerId, wallet.network, wallet.userId);
      if (!existing) throw e;
      return { created: false, wallet: existing };
    }
  }

  async createWallet(wallet: WalletAddress): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: { TableName: this.tableName, Item: walletItem(wallet), ConditionExpression: ITEM_IS_NEW },
            },
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.[0] === 'ConditionalCheckFailed')
        throw new ConflictError(`Address ${wallet.address} is already registered`);
      throw e;
    }
  }

  async partnerWallet(
    partnerId: string,
    network: NetworkCode,
    kind: 'MASTER' | 'POOL',
  ): Promise<WalletAddress | undefined> {
    const claim = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: partnerWalletKey(partnerId, network, kind),
        ConsistentRead: true,
      }),
    );
    const address = claim.Item?.['address'] as string | undefined;
    if (!address) return undefined;
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: addrKey(network, address), ConsistentRead: true }),
    );
    return out.Item ? strip<WalletAddress>(out.Item) : undefined;
  }

  async createPartnerWallet(wallet: WalletAddress): Promise<{ created: boolean; wallet: WalletAddress }> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...partnerWalletKey(wallet.partnerId, wallet.network, wallet.kind),
                  entity: 'PartnerWalletClaim',
                  address: wallet.address,
                },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
            {
              Put: { TableName: this.tableName, Item: walletItem(wallet), ConditionExpression: ITEM_IS_NEW },
            },
          ],
        }),
      );
      return { created: true, wallet };
    } catch (e) {
      if (cancellationReasons(e)?.[0] !== 'ConditionalCheckFailed') throw e;
      const existing = await this.partnerWallet(
        wallet.partnerId,
        wallet.network,
        wallet.kind as 'MASTER' | 'POOL',
      );
      if (!existing) throw e;
      return { created: false, wallet: existing };
    }
  }

  async listWallets(
    partnerId: string,
    network: NetworkCode | undefined,
    options: { limit: number; cursor?: string; kind?: WalletKind },
  ) {
    const pk = `WALLETS#${partnerId}`;
    const prefix = network ? `${network}#${options.kind ? `${options.kind}#` : ''}` : '';
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: prefix ? 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)' : 'GSI1PK = :pk',
        ...(options.kind && !network ? { FilterExpression: 'kind = :kind' } : {}),
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(prefix ? { ':prefix': prefix } : {}),
          ...(options.kind && !network ? { ':kind': options.kind } : {}),
        },
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor, pk),
      }),
    );
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return {
      items: (out.Items ?? []).map((i) => strip<WalletAddress>(i)),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  async releaseReservation(
    partnerId: string,
    network: NetworkCode,
    address: string,
    at: string,
  ): Promise<WalletAddress> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: addrKey(network, address),
          UpdateExpression: 'SET #status = :released, releasedAt = :at',
          ConditionExpression: ACTIVE_RESERVATION_OF_PARTNER,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':partnerId': partnerId,
            ':reservation': 'RESERVATION',
            ':active': 'ACTIVE',
            ':released': 'RELEASED',
            ':at': at,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<WalletAddress>(out.Attributes ?? {});
    } catch (e) {
      if (isConditionalCheckFailed(e))
        throw new NotFoundError(`No active reservation for ${address} on ${network}`);
      throw e;
    }
  }

  async nextHdIndex(hdAccount: number): Promise<number> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: counterKey(hdAccount),
        UpdateExpression: 'ADD nextIndex :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    // The counter holds how many indexes were handed out; this call's index is one less.
    return Number(out.Attributes?.['nextIndex']) - 1;
  }

  async registerExternal(wallet: ExternalWallet): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...externalKey(wallet.network, wallet.address),
                  GSI1PK: `EXTWALLETS#${wallet.partnerId}`,
                  GSI1SK: `${wallet.createdAt}#${wallet.network}#${wallet.address}`,
                  entity: 'ExternalWallet',
                  ...wallet,
                },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
          ],
        }),
      );
    } catch (e) {
      if (cancellationReasons(e)?.[0] === 'ConditionalCheckFailed') {
        throw new ConflictError(`Sender ${wallet.address} is already registered to a user`, {
          address: wallet.address,
        });
      }
      throw e;
    }
  }

  async removeExternal(partnerId: string, network: NetworkCode, address: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: externalKey(network, address),
          ConditionExpression: EXTERNAL_OF_PARTNER,
          ExpressionAttributeValues: { ':partnerId': partnerId },
        }),
      );
    } catch (e) {
      if (isConditionalCheckFailed(e)) throw new NotFoundError(`No external wallet ${address} on ${network}`);
      throw e;
    }
  }

  async listExternal(partnerId: string, options: { limit: number; cursor?: string }) {
    const pk = `EXTWALLETS#${partnerId}`;
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor, pk),
      }),
    );
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return {
      items: (out.Items ?? []).map((i) => strip<ExternalWallet>(i)),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }
}
