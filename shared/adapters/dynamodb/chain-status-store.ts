import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode } from '../../config/networks';
import type { ChainHead, ChainStatusStore } from '../../ports/chain-heads';

const headKey = (network: NetworkCode) => ({ PK: `CHAIN#${network}`, SK: 'HEAD' });
const cursorKey = (network: NetworkCode) => ({ PK: `CHAIN#${network}`, SK: 'POLLER_CURSOR' });

/** Never move a recorded head backwards: an older observation arriving late is dropped. */
const HEAD_IS_NEWER = 'attribute_not_exists(PK) OR headBlock <= :head';

export class DynamoChainStatusStore implements ChainStatusStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async saveHead(head: ChainHead): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...headKey(head.network), entity: 'ChainHead', ...head },
          ConditionExpression: HEAD_IS_NEWER,
          ExpressionAttributeValues: { ':head': head.headBlock },
        }),
      );
    } catch (e) {
      if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException')) throw e;
    }
  }

  async getHead(network: NetworkCode): Promise<ChainHead | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: headKey(network), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { network: n, headBlock, finalizedBlock, observedAt } = out.Item as ChainHead;
    return { network: n, headBlock, finalizedBlock, observedAt };
  }

  async getPollerCursor(network: NetworkCode): Promise<number | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: cursorKey(network), ConsistentRead: true }),
    );
    const block = out.Item?.['lastProcessedBlock'];
    return typeof block === 'number' ? block : undefined;
  }
}
