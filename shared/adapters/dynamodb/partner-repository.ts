import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
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
  /**
   * Bumped by every change to `apiKeyIds` and by every change the key copies follow (status, name,
   * suspended ancestors): those changes and key issuing condition on it, so no key misses a change and
   * no change is lost.
   */
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
    ...(p.suspendedAncestorIds?.length ? { suspendedAncestorIds: [...p.suspendedAncestorIds] } : {}),
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
    return this.rewrite(partnerId, (current) => {
      if (current.status !== from) {
        throw new GatewayError('ILLEGAL_TRANSITION', `Partner is ${current.status}, not ${from}`, {
          details: { from: current.status, to },
        });
      }
      return {
        updated: { ...current, status: to },
        set: '#status = :to, updatedAt = :at',
        condition: STATUS_IS,
        names: { '#status': 'status' },
        values: { ':from': from, ':to': to, ':at': at },
        // The parent's sub-partner counts (its dashboard, ADR 0032) move with the status.
        also:
          current.parentId && from !== to
            ? [
                subPartnerCountUpdate(this.tableName, current.parentId, {
                  active: to === 'ACTIVE' ? 1 : -1,
                  suspended: to === 'SUSPENDED' ? 1 : -1,
                }),
              ]
            : [],
      };
    });
  }

  async update(partnerId: string, change: (current: Partner) => Partner, at: string): Promise<Partner> {
    return this.rewrite(partnerId, (current) => {
      const updated = change(current);
      const ids = updated.suspendedAncestorIds ?? [];
      return {
        updated,
        set: `#name = :name, updatedAt = :at${ids.length ? ', suspendedAncestorIds = :ids' : ' REMOVE suspendedAncestorIds'}`,
        condition: 'attribute_exists(PK)',
        names: { '#name': 'name' },
        values: { ':name': updated.name, ':at': at, ...(ids.length ? { ':ids': ids } : {}) },
      };
    });
  }

  /**
   * Changes the partner item and every API key carrying its copy in one write: the next request sees
   * the change whichever item it reads (ADR 0026, ADR 0031). The write is conditioned on the key list
   * (`keysVersion`) and on `revision` as read, so a key issued or revoked, or another change, since the
   * read makes it fail; it is then tried again on a fresh read.
   */
  private async rewrite(
    partnerId: string,
    change: (current: Partner) => {
      updated: Partner;
      set: string;
      condition: string;
      names: Record<string, string>;
      values: Record<string, unknown>;
      /** More writes of the same transaction (the parent's sub-partner counts on a status change). */
      also?: NonNullable<TransactWriteCommandInput['TransactItems']>;
    },
  ): Promise<Partner> {
    for (let attempt = 1; ; attempt++) {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: partnerKey(partnerId), ConsistentRead: true }),
      );
      if (!out.Item) throw new NotFoundError(`Partner ${partnerId} not found`);
      const item = out.Item as unknown as PartnerItem;
      const { updated, set, condition, names, values, also } = change(toPartner(out.Item));
      const keyIds = [...(item.apiKeyIds ?? [])].sort();
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: partnerKey(partnerId),
                  UpdateExpression: `SET ${set} ADD keysVersion :one`,
                  ConditionExpression: `${condition} AND ${
                    item.keysVersion === undefined
                      ? 'attribute_not_exists(keysVersion)'
                      : 'keysVersion = :version'
                  }`,
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: {
                    ...values,
                    ':one': 1,
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
              ...(also ?? []),
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
