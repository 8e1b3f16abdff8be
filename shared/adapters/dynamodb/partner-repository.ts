import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, GatewayError, NotFoundError } from '../../domain/errors';
import type { Partner, PartnerStatus } from '../../domain/partner/partner';
import type { PartnerRepository } from '../../ports/partner-store';
import { cancellationReasons, queryAll } from './client';
import { apiKeyItemKey, partnerCopy } from './api-key-items';
import { subPartnerCountUpdate } from './activity-counters';

export const partnerKey = (id: string) => ({ PK: `PARTNER#${id}`, SK: 'PROFILE' });
const partnerCodeKey = (code: string) => ({ PK: `PARTNERCODE#${code}`, SK: 'PARTNERCODE' });
const childrenIndexKey = (parentId: string) => `PARTNER_CHILDREN#${parentId}`;

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const STATUS_IS = 'attribute_exists(PK) AND #status = :from';

interface PartnerItem extends Partner {
  readonly PK: string;
  readonly SK: string;
  readonly GSI1PK?: string;
  readonly GSI1SK?: string;
  readonly entity: 'Partner';
  readonly updatedAt: string;
  /** The ids of the API keys carrying a copy of this partner (ADR 0026); revoked keys leave it. */
  readonly apiKeyIds?: ReadonlySet<string>;
  /** Bumped by every change to `apiKeyIds`: a status change conditions on it, so no new key is missed. */
  readonly keysVersion?: number;
}

/** A status change that lost a race with a key being issued or revoked reads the partner again. */
const STATUS_CHANGE_ATTEMPTS = 5;

/** The partner fields of a partner item, or of the copy an API key item carries (ADR 0026). */
export function toPartner(item: Record<string, unknown>): Partner {
  const p = item as unknown as PartnerItem;
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    type: p.type,
    status: p.status,
    parentId: p.parentId ?? null,
    depth: p.depth,
    createdAt: p.createdAt,
  };
}

export class DynamoPartnerRepository implements PartnerRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(partner: Partner): Promise<void> {
    const item: PartnerItem = {
      ...partnerKey(partner.id),
      ...(partner.parentId
        ? { GSI1PK: childrenIndexKey(partner.parentId), GSI1SK: `${partner.createdAt}#${partner.id}` }
        : {}),
      entity: 'Partner',
      ...partner,
      updatedAt: partner.createdAt,
    };
    try {
      // The code item makes the human code unique; both writes succeed or neither.
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: item, ConditionExpression: ITEM_IS_NEW } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...partnerCodeKey(partner.code), partnerId: partner.id, entity: 'PartnerCode' },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
            // The parent's sub-partner counts (its dashboard, ADR 0032) move with the child.
            ...(partner.parentId
              ? [
                  subPartnerCountUpdate(this.tableName, partner.parentId, {
                    total: 1,
                    [partner.status === 'ACTIVE' ? 'active' : 'suspended']: 1,
                    [partner.type === 'DISTRIBUTOR' ? 'distributors' : 'merchants']: 1,
                  }),
                ]
              : []),
          ],
        }),
      );
    } catch (e) {
      const reasons = cancellationReasons(e);
      if (reasons?.[1] === 'ConditionalCheckFailed') {
        throw new ConflictError(`Partner code ${partner.code} is already taken`, { code: partner.code });
      }
      if (reasons?.[0] === 'ConditionalCheckFailed') {
        throw new ConflictError(`Partner ${partner.id} already exists`);
      }
      throw e;
    }
  }

  async get(partnerId: string): Promise<Partner | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: partnerKey(partnerId), ConsistentRead: true }),
    );
    return out.Item ? toPartner(out.Item) : undefined;
  }

  async getByCode(code: string): Promise<Partner | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: partnerCodeKey(code) }));
    const partnerId = out.Item?.['partnerId'] as string | undefined;
    return partnerId ? this.get(partnerId) : undefined;
  }

  async listChildren(parentId: string): Promise<Partner[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': childrenIndexKey(parentId) },
    });
    return items.map(toPartner);
  }

  async changeStatus(
    partnerId: string,
    from: PartnerStatus,
    to: PartnerStatus,
    at: string,
  ): Promise<Partner> {
    for (let attempt = 1; ; attempt++) {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: partnerKey(partnerId), ConsistentRead: true }),
      );
      if (!out.Item) throw new NotFoundError(`Partner ${partnerId} not found`);
      const item = out.Item as unknown as PartnerItem;
      const current = toPartner(out.Item);
      if (current.status !== from) {
        throw new GatewayError('ILLEGAL_TRANSITION', `Partner is ${current.status}, not ${from}`, {
          details: { from: current.status, to },
        });
      }
      const updated: Partner = { ...current, status: to };
      const keyIds = [...(item.apiKeyIds ?? [])].sort();
      try {
        // The partner and every key carrying its copy change in one write: the next request sees the
        // new status whichever item it reads. The version condition fails if a key was issued or revoked
        // since the read above, and the change is tried again with the new list.
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: partnerKey(partnerId),
                  UpdateExpression: 'SET #status = :to, updatedAt = :at',
                  ConditionExpression:
                    item.keysVersion === undefined
                      ? `${STATUS_IS} AND attribute_not_exists(keysVersion)`
                      : `${STATUS_IS} AND keysVersion = :version`,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':from': from,
                    ':to': to,
                    ':at': at,
                    ...(item.keysVersion === undefined ? {} : { ':version': item.keysVersion }),
                  },
                },
              },
              ...keyIds.map((id) => ({
                Update: {
                  TableName: this.tableName,
                  Key: apiKeyItemKey(id),
                  UpdateExpression: 'SET #partner = :copy',
                  ConditionExpression: 'attribute_exists(PK)',
                  ExpressionAttributeNames: { '#partner': 'partner' },
                  ExpressionAttributeValues: { ':copy': partnerCopy(updated) },
                },
              })),
              ...(current.parentId && from !== to
                ? [
                    subPartnerCountUpdate(this.tableName, current.parentId, {
                      active: to === 'ACTIVE' ? 1 : -1,
                      suspended: to === 'SUSPENDED' ? 1 : -1,
                    }),
                  ]
                : []),
            ],
          }),
        );
        return updated;
      } catch (e) {
        if (cancellationReasons(e)?.[0] !== 'ConditionalCheckFailed' || attempt >= STATUS_CHANGE_ATTEMPTS)
          throw e;
      }
    }
  }
}
