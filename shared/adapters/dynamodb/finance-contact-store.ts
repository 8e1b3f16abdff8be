import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  ExportNoticeLog,
  FinanceContact,
  FinanceContacts,
  FinanceContactStore,
  FinanceLanguage,
} from '../../ports/finance';
import { isConditionalCheckFailed } from './client';

/**
 * Items:
 *   PARTNER#<pid> / FINANCE_CONTACTS                       the partner's finance contacts and language
 *   FINEXPORT_NOTICE#<pid>#<month> / <email lower-cased>   an export email claimed (sent) for that month
 */
const contactsKey = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'FINANCE_CONTACTS' });
const noticeKey = (partnerId: string, month: string, email: string) => ({
  PK: `FINEXPORT_NOTICE#${partnerId}#${month}`,
  SK: email.toLowerCase(),
});
const CLAIM_IS_NEW = 'attribute_not_exists(PK)';

export class DynamoFinanceContactStore implements FinanceContactStore, ExportNoticeLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string): Promise<FinanceContacts> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: contactsKey(partnerId), ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return { contacts: [], language: 'en' };
    return {
      contacts: ((item['contacts'] as FinanceContact[] | undefined) ?? []).map((c) => ({
        name: String(c.name),
        email: String(c.email),
      })),
      language: (item['language'] as FinanceLanguage | undefined) ?? 'en',
      ...(item['updatedAt'] ? { updatedAt: String(item['updatedAt']) } : {}),
    };
  }

  async put(partnerId: string, value: FinanceContacts): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...contactsKey(partnerId),
          entity: 'FinanceContacts',
          contacts: value.contacts.map((c) => ({ name: c.name, email: c.email })),
          language: value.language,
          ...(value.updatedAt ? { updatedAt: value.updatedAt } : {}),
        },
      }),
    );
  }

  async claim(partnerId: string, month: string, email: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...noticeKey(partnerId, month, email), entity: 'FinanceExportNotice', sentAt: at },
          ConditionExpression: CLAIM_IS_NEW,
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }

  async release(partnerId: string, month: string, email: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: noticeKey(partnerId, month, email) }),
    );
  }
}
