import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CoinPrice, CoinPriceStore } from '../../ports/coin-prices';
import { isConditionalCheckFailed } from './client';

const key = (coin: string) => ({ PK: `COINPRICE#${coin}`, SK: 'LATEST' });

/** The latest USD price per coin: `COINPRICE#<coin>` / `LATEST`, replaced only by a newer one. */
export class DynamoCoinPriceStore implements CoinPriceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latest(coin: string): Promise<CoinPrice | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key(coin) }));
    const item = out.Item as { usd?: string; at?: string } | undefined;
    return item?.usd && item.at ? { coin, usd: item.usd, at: item.at } : undefined;
  }

  async save(price: CoinPrice, fetchedAt: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(price.coin), entity: 'CoinPrice', usd: price.usd, at: price.at, fetchedAt },
          ConditionExpression: 'attribute_not_exists(PK) OR #at < :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': price.at },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }
}
