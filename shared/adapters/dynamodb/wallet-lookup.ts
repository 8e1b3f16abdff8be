import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../config/networks';
import type { WalletAddress, WalletRepository } from '../../ports/wallets';
import { batchGetAll } from './client';

/** The registry item of one of the gateway's own addresses (HOT, MASTER, POOL, …). */
export const walletAddressKey = (network: string, address: string) => ({
  PK: `ADDR#${network}#${address.toLowerCase()}`,
  SK: 'ADDR',
});

/**
 * Which of these addresses are the gateway's own, and whose: one strongly consistent BatchGet per 100
 * addresses. Its own module so a function that only asks this (the withdrawal request side's
 * own-address rule) does not bundle the whole wallet repository (docs/adr/0025-lambda-bundles.md).
 */
export class DynamoWalletLookup implements Pick<WalletRepository, 'lookup'> {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async lookup(
    network: NetworkCode,
    addresses: readonly string[],
  ): Promise<ReadonlyMap<string, WalletAddress>> {
    // BatchGetItem refuses a request that names a key twice.
    const keys = [...new Map(addresses.map((a) => [a.toLowerCase(), walletAddressKey(network, a)])).values()];
    const items = await batchGetAll(this.db, this.tableName, keys);
    return new Map(items.map((i) => [String(i['address']).toLowerCase(), walletFromItem(i)]));
  }
}

export function walletFromItem(item: Record<string, unknown>): WalletAddress {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, entity: _e, ...rest } = item;
  return rest as unknown as WalletAddress;
}
