import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_WITHDRAWAL_POLICY } from '../../domain/accounts/security-locks';
import type { WithdrawalPolicy } from '../../domain/accounts/security-locks';
import type { PartnerSecurity, PartnerSecurityRepository } from '../../ports/accounts';
import { isConditionalCheckFailed } from './client';

/**
 * A partner's security record (`PARTNER#<id>` / `SECURITY`): the withdrawal lock after security changes
 * and the withdrawal policy (four-eyes, 2FA requirement). A missing record means the defaults.
 */
const securityKey = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'SECURITY' });

const LOCK_ONLY_EXTENDS = 'attribute_not_exists(withdrawalLockedUntil) OR withdrawalLockedUntil < :until';

export class DynamoPartnerSecurityRepository implements PartnerSecurityRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string): Promise<PartnerSecurity> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: securityKey(partnerId), ConsistentRead: true }),
    );
    const item = out.Item ?? {};
    return {
      partnerId,
      ...(item['withdrawalLockedUntil']
        ? { withdrawalLockedUntil: item['withdrawalLockedUntil'] as string }
        : {}),
      ...(item['lockReason'] ? { lockReason: item['lockReason'] as string } : {}),
      policy: {
        ...DEFAULT_WITHDRAWAL_POLICY,
        ...((item['policy'] as Partial<WithdrawalPolicy> | undefined) ?? {}),
      },
      ...(item['updatedAt'] ? { updatedAt: item['updatedAt'] as string } : {}),
    };
  }

  async lockWithdrawals(partnerId: string, until: string, reason: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: securityKey(partnerId),
          UpdateExpression:
            'SET withdrawalLockedUntil = :until, lockReason = :reason, lockedAt = :at, entity = :entity',
          ConditionExpression: LOCK_ONLY_EXTENDS,
          ExpressionAttributeValues: {
            ':until': until,
            ':reason': reason,
            ':at': at,
            ':entity': 'PartnerSecurity',
          },
        }),
      );
    } catch (e) {
      // A later lock is already in place: it stands.
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  async updatePolicy(partnerId: string, policy: WithdrawalPolicy, at: string): Promise<PartnerSecurity> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: securityKey(partnerId),
        UpdateExpression: 'SET policy = :policy, updatedAt = :at, entity = :entity',
        ExpressionAttributeValues: { ':policy': policy, ':at': at, ':entity': 'PartnerSecurity' },
      }),
    );
    return this.get(partnerId);
  }
}
