import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../config/networks';
import { isConditionalCheckFailed } from '../dynamodb/client';

/** The one HD seed item (EVM and TRON public keys, the encrypted mnemonic, the gas tanks' addresses). */
export const HD_SEED_KEY = { PK: 'HDSEED#EVM', SK: 'SEED' };

export type GasTankAddresses = Readonly<Partial<Record<NetworkCode, string>>>;

/**
 * The gas tanks' addresses, recorded on the seed item by the keyrings that derive them (EvmHdAddresses,
 * TronHdAddresses: each records its family's tanks while it loads the seed's public keys, before it
 * derives anything, so an address anyone has derived is already recorded). Only what is missing is
 * written, each with `if_not_exists`: concurrent loaders compute the same address and the first wins.
 */
export async function recordGasTankAddresses(
  db: DynamoDBDocumentClient,
  tableName: string,
  recorded: GasTankAddresses | undefined,
  addresses: GasTankAddresses,
): Promise<void> {
  const missing = Object.entries(addresses).filter(([network]) => !recorded?.[network as NetworkCode]);
  if (missing.length === 0) return;
  if (!recorded) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: HD_SEED_KEY,
          UpdateExpression: 'SET gasTankAddresses = :m',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(gasTankAddresses)',
          ExpressionAttributeValues: { ':m': Object.fromEntries(missing) },
        }),
      );
      return;
    } catch (e) {
      // Another loader made the map first (or the seed is gone, which the next write reports too).
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  const sets = missing.map(([network, address], i) => {
    names[`#n${i}`] = network;
    values[`:a${i}`] = address as string;
    return `gasTankAddresses.#n${i} = if_not_exists(gasTankAddresses.#n${i}, :a${i})`;
  });
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: HD_SEED_KEY,
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * The gas tanks' addresses as recorded on the seed item, read-only: the request side of withdrawals
 * refuses them as destinations without any key-derivation code in its bundle (ADR 0025). A tank not
 * recorded yet has never been derived, so no one can know its address: there is nothing to refuse
 * yet, and the next call reads again. A recorded address never changes and is kept.
 */
export class StoredGasTanks {
  private known: GasTankAddresses = {};

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addressOf(network: NetworkCode): Promise<string | undefined> {
    if (!this.known[network]) {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: HD_SEED_KEY, ConsistentRead: true }),
      );
      this.known = (out.Item?.['gasTankAddresses'] as GasTankAddresses | undefined) ?? {};
    }
    return this.known[network];
  }
}
