import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GatewayError, NotFoundError } from '../../domain/errors';
import type { Invitation } from '../../domain/accounts/invitation';
import type { InvitationRepository } from '../../ports/accounts';
import { isConditionalCheckFailed } from './client';

/**
 * Workspace invitations (`INVITATION#<id>`): sent ones listed per partner (GSI1), received ones per
 * invitee email (GSI2). Every change requires the invitation to still be PENDING.
 */
const invitationKey = (id: string) => ({ PK: `INVITATION#${id}`, SK: 'INVITATION' });
const partnerIndex = (partnerId: string) => `PARTNER#${partnerId}#INVITATIONS`;
const inviteeIndex = (email: string) => `INVITEE#${email}`;

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const STILL_PENDING = 'attribute_exists(PK) AND #status = :pending';

function toInvitation(item: Record<string, unknown>): Invitation {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _g1s,
    GSI2PK: _g2,
    GSI2SK: _g2s,
    entity: _e,
    inviteExpiresAt,
    ...rest
  } = item;
  return { ...(rest as unknown as Invitation), expiresAt: inviteExpiresAt as string };
}

export class DynamoInvitationRepository implements InvitationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(invitation: Invitation): Promise<void> {
    const { expiresAt, ...rest } = invitation;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...invitationKey(invitation.id),
          GSI1PK: partnerIndex(invitation.partnerId),
          GSI1SK: `${invitation.createdAt}#${invitation.id}`,
          GSI2PK: inviteeIndex(invitation.email),
          GSI2SK: `${invitation.createdAt}#${invitation.id}`,
          entity: 'Invitation',
          ...rest,
          inviteExpiresAt: expiresAt,
        },
        ConditionExpression: ITEM_IS_NEW,
      }),
    );
  }

  async get(invitationId: string): Promise<Invitation | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: invitationKey(invitationId), ConsistentRead: true }),
    );
    return out.Item ? toInvitation(out.Item) : undefined;
  }

  private async query(indexName: 'GSI1' | 'GSI2', pk: string): Promise<Invitation[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: `${indexName}PK = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: 200,
      }),
    );
    return (out.Items ?? []).map(toInvitation);
  }

  listByPartner(partnerId: string): Promise<Invitation[]> {
    return this.query('GSI1', partnerIndex(partnerId));
  }

  listByEmail(email: string): Promise<Invitation[]> {
    return this.query('GSI2', inviteeIndex(email));
  }

  async update(
    invitationId: string,
    changes: Partial<Pick<Invitation, 'status' | 'tokenId' | 'expiresAt' | 'acceptedAt' | 'acceptedUserId'>>,
    at: string,
  ): Promise<Invitation> {
    const { expiresAt, ...rest } = changes;
    const fields: Record<string, unknown> = {
      ...rest,
      ...(expiresAt ? { inviteExpiresAt: expiresAt } : {}),
      updatedAt: at,
    };
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':pending': 'PENDING' };
    const sets = Object.entries(fields).map(([k, v], i) => {
      names[`#f${i}`] = k;
      values[`:v${i}`] = v;
      return `#f${i} = :v${i}`;
    });
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: invitationKey(invitationId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: STILL_PENDING,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toInvitation(out.Attributes ?? {});
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
      const current = await this.get(invitationId);
      if (!current) throw new NotFoundError('Invitation not found');
      throw new GatewayError('ILLEGAL_TRANSITION', `The invitation is already ${current.status}`, {
        details: { from: current.status },
      });
    }
  }
}
