import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_WITHDRAWAL_POLICY } from '../../domain/accounts/security-locks';
import type { LockSubject, WithdrawalPolicy } from '../../domain/accounts/security-locks';
import type { PartnerSecurity, PartnerSecurityRepository } from '../../ports/accounts';
import { isConditionalCheckFailed } from './client';

/**
 * A partner's security record (`PARTNER#<id>` / `SECURITY`): the withdrawal locks after security
 * changes — one attribute per locked user or API key (`lock:user:<id>`, `lock:apikey:<id>`), so the check
 * is still one read — and the withdrawal policy (four-eyes, 2FA requirement). A missing record means
 * the defaults. `withdrawalLockedUntil` is the partner-wide lock older records carry.
 */
const securityKey = (partnerId: string) => ({ PK: `PARTNER#${partnerId}`, SK: 'SECURITY' });

const LOCK_PREFIX = 'lock:';
const LOCK_ONLY_EXTENDS = 'attribute_not_exists(#lock) OR #lock < :until';

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
      subjectLocks: Object.fromEntries(
        Object.entries(item)
          .filter(([name]) => name.startsWith(LOCK_PREFIX))
          .map(([name, until]) => [name.slice(LOCK_PREFIX.length), until as string]),
      ),
      policy: {
        ...DEFAULT_WITHDRAWAL_POLICY,
        ...((item['policy'] as Partial<WithdrawalPolicy> | undefined) ?? {}),
      },
      ...(item['updatedAt'] ? { updatedAt: item['updatedAt'] as string } : {}),
    };
  }

  async lockWithdrawals(
    partnerId: string,
    subject: LockSubject,
    until: string,
    reason: string,
    at: string,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: securityKey(partnerId),
          UpdateExpression: 'SET #lock = :until, lockReason = :reason, lockedAt = :at, entity = :entity',
          ConditionExpression: LOCK_ONLY_EXTENDS,
          ExpressionAttributeNames: { '#lock': `${LOCK_PREFIX}${subject}` },
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
