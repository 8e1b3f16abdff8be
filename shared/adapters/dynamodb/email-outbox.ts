import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { EmailMessage, EmailOutbox, EmailSender, OutboxMessage, SentEmail } from '../../ports/email';

/**
 * The local stack's mail server: messages land in one `OUTBOX` partition (kept a week), which
 * `npm start` prints to the terminal and serves at /dev/outbox. Never used on AWS (SES sends there).
 */
const OUTBOX_PK = 'OUTBOX';
const RETENTION_SECONDS = 7 * 24 * 60 * 60;
const nextId = monotonicFactory();

export class DynamoEmailOutbox implements EmailSender, EmailOutbox {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: EmailMessage): Promise<SentEmail> {
    const sentAt = this.now();
    const id = nextId(sentAt.getTime());
    const stored: OutboxMessage = { id, from: this.from, sentAt: sentAt.toISOString(), ...message };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: OUTBOX_PK,
          SK: `MSG#${id}`,
          entity: 'OutboxMessage',
          ...stored,
          expiresAt: Math.ceil(sentAt.getTime() / 1000) + RETENTION_SECONDS,
        },
      }),
    );
    return { messageId: `outbox-${id}` };
  }

  async list(options?: { limit?: number }): Promise<OutboxMessage[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :msg)',
        ExpressionAttributeValues: { ':pk': OUTBOX_PK, ':msg': 'MSG#' },
        ScanIndexForward: false,
        Limit: options?.limit ?? 50,
      }),
    );
    return (out.Items ?? []).map((item) => {
      const { PK: _pk, SK: _sk, entity: _e, expiresAt: _x, ...rest } = item;
      return rest as OutboxMessage;
    });
  }
}
