import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GatewayError, NotFoundError } from '../../domain/errors';
import type { Permission, Role } from '../../domain/accounts/permissions';
import type { ConsoleUser, UserStatus } from '../../domain/accounts/user';
import type { UserRepository } from '../../ports/accounts';
import type { EncryptedBlob } from '../../ports/key-vault';
import { cancellationReasons, isConditionalCheckFailed, queryAll } from './client';

/**
 * Console users: `USER#<id>` holds the user; `USEREMAIL#<email>` makes the email unique (both written
 * in one transaction); GSI1 lists a partner's members. 2FA state lives in top-level attributes so
 * single-use rules are plain conditions: `totpLastStep` only grows, `recoveryCodeHashes` is a string
 * set a code is deleted from exactly once.
 */
export const userKey = (id: string) => ({ PK: `USER#${id}`, SK: 'USER' });
const emailKey = (email: string) => ({ PK: `USEREMAIL#${email}`, SK: 'USEREMAIL' });
const partnerUsersIndex = (partnerId: string) => `PARTNER#${partnerId}#USERS`;

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const ITEM_EXISTS = 'attribute_exists(PK)';
const STATUS_IS = 'attribute_exists(PK) AND #status = :from';
const ROLE_UNCHANGED =
  'attribute_exists(PK) AND #role = :expectedRole AND extraPermissions = :expectedExtras';
const EMAIL_IS = 'attribute_exists(PK) AND email = :from';
const EMAIL_OWNED_BY = 'userId = :userId';
const TWO_FACTOR_OFF = 'attribute_exists(PK) AND (attribute_not_exists(totpEnabled) OR totpEnabled = :false)';
const TWO_FACTOR_PENDING =
  'totpPending = :true AND (attribute_not_exists(totpLastStep) OR totpLastStep < :step)';
const TWO_FACTOR_ON = 'totpEnabled = :true';
const STEP_IS_FRESH = 'attribute_exists(PK) AND (attribute_not_exists(totpLastStep) OR totpLastStep < :step)';
const HAS_RECOVERY_CODE = 'contains(recoveryCodeHashes, :hash)';
const HASH_UNCHANGED = 'passwordHash = :previous';

interface UserItem {
  id: string;
  partnerId: string;
  email: string;
  name: string;
  role: Role;
  extraPermissions: Permission[];
  status: UserStatus;
  passwordHash: string;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
  lastSignInAt?: string;
  lastSignInIp?: string;
  passwordChangeRequired?: boolean;
  totpEnabled?: boolean;
  totpPending?: boolean;
  totpSecret?: EncryptedBlob;
  totpEnabledAt?: string;
  totpDisabledAt?: string;
  totpLastStep?: number;
  recoveryCodeHashes?: Set<string>;
}

export function toUser(item: Record<string, unknown>): ConsoleUser {
  const u = item as unknown as UserItem;
  return {
    id: u.id,
    partnerId: u.partnerId,
    email: u.email,
    name: u.name,
    role: u.role,
    extraPermissions: u.extraPermissions ?? [],
    status: u.status,
    passwordHash: u.passwordHash,
    passwordChangedAt: u.passwordChangedAt,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    ...(u.lastSignInAt ? { lastSignInAt: u.lastSignInAt } : {}),
    ...(u.lastSignInIp ? { lastSignInIp: u.lastSignInIp } : {}),
    ...(u.passwordChangeRequired ? { passwordChangeRequired: true } : {}),
    twoFactor: {
      enabled: u.totpEnabled === true,
      ...(u.totpPending ? { pending: true } : {}),
      ...(u.totpSecret ? { secretCiphertext: u.totpSecret } : {}),
      ...(u.totpEnabledAt ? { enabledAt: u.totpEnabledAt } : {}),
      ...(u.totpDisabledAt ? { disabledAt: u.totpDisabledAt } : {}),
      ...(u.totpLastStep !== undefined ? { lastUsedStep: u.totpLastStep } : {}),
      recoveryCodeHashes: u.recoveryCodeHashes ? [...u.recoveryCodeHashes] : [],
    },
  };
}

function toItem(user: ConsoleUser): UserItem {
  const t = user.twoFactor;
  return {
    id: user.id,
    partnerId: user.partnerId,
    email: user.email,
    name: user.name,
    role: user.role,
    extraPermissions: [...user.extraPermissions],
    status: user.status,
    passwordHash: user.passwordHash,
    passwordChangedAt: user.passwordChangedAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    totpEnabled: t.enabled,
    ...(t.pending ? { totpPending: true } : {}),
    ...(t.secretCiphertext ? { totpSecret: t.secretCiphertext } : {}),
    ...(t.enabledAt ? { totpEnabledAt: t.enabledAt } : {}),
    ...(t.disabledAt ? { totpDisabledAt: t.disabledAt } : {}),
    ...(t.lastUsedStep !== undefined ? { totpLastStep: t.lastUsedStep } : {}),
    ...(t.recoveryCodeHashes?.length ? { recoveryCodeHashes: new Set(t.recoveryCodeHashes) } : {}),
  };
}

export class DynamoUserRepository implements UserRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(user: ConsoleUser): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...userKey(user.id),
                  GSI1PK: partnerUsersIndex(user.partnerId),
                  GSI1SK: `${user.createdAt}#${user.id}`,
                  entity: 'ConsoleUser',
                  ...toItem(user),
                },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...emailKey(user.email), entity: 'ConsoleUserEmail', userId: user.id },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
          ],
        }),
      );
    } catch (e) {
      const reasons = cancellationReasons(e);
      if (reasons?.[1] === 'ConditionalCheckFailed')
        throw new GatewayError('EMAIL_TAKEN', 'This email already has an account');
      if (reasons?.[0] === 'ConditionalCheckFailed')
        throw new GatewayError('CONFLICT', `User ${user.id} already exists`);
      throw e;
    }
  }

  async get(userId: string): Promise<ConsoleUser | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: userKey(userId), ConsistentRead: true }),
    );
    return out.Item ? toUser(out.Item) : undefined;
  }

  async getByEmail(email: string): Promise<ConsoleUser | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: emailKey(email), ConsistentRead: true }),
    );
    const userId = out.Item?.['userId'] as string | undefined;
    return userId ? this.get(userId) : undefined;
  }

  async listByPartner(partnerId: string): Promise<ConsoleUser[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partnerUsersIndex(partnerId) },
    });
    return items.map(toUser);
  }

  private async update(
    userId: string,
    expression: string,
    condition: string,
    values: Record<string, unknown>,
    names?: Record<string, string>,
  ): Promise<ConsoleUser | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: userKey(userId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toUser(out.Attributes ?? {});
    } catch (e) {
      if (isConditionalCheckFailed(e)) return undefined;
      throw e;
    }
  }

  private async mustUpdate(...args: Parameters<DynamoUserRepository['update']>): Promise<ConsoleUser> {
    const updated = await this.update(...args);
    if (!updated) throw new NotFoundError('Member not found');
    return updated;
  }

  async setPassword(userId: string, passwordHash: string, at: string, temporary = false): Promise<void> {
    await this.mustUpdate(
      userId,
      `SET passwordHash = :hash, passwordChangedAt = :at, updatedAt = :at${temporary ? ', passwordChangeRequired = :yes' : ' REMOVE passwordChangeRequired'}`,
      ITEM_EXISTS,
      { ':hash': passwordHash, ':at': at, ...(temporary ? { ':yes': true } : {}) },
    );
  }

  async upgradePasswordHash(userId: string, previousHash: string, newHash: string): Promise<void> {
    // A password changed meanwhile wins: the condition fails and the upgrade is simply skipped.
    await this.update(userId, 'SET passwordHash = :hash', HASH_UNCHANGED, {
      ':hash': newHash,
      ':previous': previousHash,
    });
  }

  async recordSignIn(userId: string, at: string, ip: string): Promise<void> {
    await this.update(userId, 'SET lastSignInAt = :at, lastSignInIp = :ip', ITEM_EXISTS, {
      ':at': at,
      ':ip': ip,
    });
  }

  async updateProfile(userId: string, changes: { name: string }, at: string): Promise<ConsoleUser> {
    return this.mustUpdate(
      userId,
      'SET #name = :name, updatedAt = :at',
      ITEM_EXISTS,
      { ':name': changes.name, ':at': at },
      { '#name': 'name' },
    );
  }

  async changeRole(
    userId: string,
    expected: { role: Role; extraPermissions: readonly Permission[] },
    to: { role: Role; extraPermissions: readonly Permission[] },
    at: string,
  ): Promise<ConsoleUser> {
    const updated = await this.update(
      userId,
      'SET #role = :role, extraPermissions = :extras, updatedAt = :at',
      ROLE_UNCHANGED,
      {
        ':role': to.role,
        ':extras': [...to.extraPermissions],
        ':expectedRole': expected.role,
        ':expectedExtras': [...expected.extraPermissions],
        ':at': at,
      },
      { '#role': 'role' },
    );
    if (updated) return updated;
    if (!(await this.get(userId))) throw new NotFoundError('Member not found');
    throw new GatewayError('CONFLICT', 'The member was changed meanwhile; reload and retry');
  }

  async changeStatus(userId: string, from: UserStatus, to: UserStatus, at: string): Promise<ConsoleUser> {
    const updated = await this.update(
      userId,
      'SET #status = :to, updatedAt = :at',
      STATUS_IS,
      { ':from': from, ':to': to, ':at': at },
      { '#status': 'status' },
    );
    if (updated) return updated;
    const current = await this.get(userId);
    if (!current) throw new NotFoundError('Member not found');
    throw new GatewayError('ILLEGAL_TRANSITION', `Member is ${current.status}, not ${from}`, {
      details: { from: current.status, to },
    });
  }

  async changeEmail(userId: string, from: string, to: string, at: string): Promise<ConsoleUser> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: emailKey(from),
                ConditionExpression: EMAIL_OWNED_BY,
                ExpressionAttributeValues: { ':userId': userId },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...emailKey(to), entity: 'ConsoleUserEmail', userId },
                ConditionExpression: ITEM_IS_NEW,
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: userKey(userId),
                UpdateExpression: 'SET email = :to, updatedAt = :at',
                ConditionExpression: EMAIL_IS,
                ExpressionAttributeValues: { ':from': from, ':to': to, ':at': at },
              },
            },
          ],
        }),
      );
    } catch (e) {
      const reasons = cancellationReasons(e);
      if (reasons?.[1] === 'ConditionalCheckFailed')
        throw new GatewayError('EMAIL_TAKEN', 'This email already has an account');
      if (reasons) throw new GatewayError('CONFLICT', 'The email changed meanwhile');
      throw e;
    }
    return (await this.get(userId)) as ConsoleUser;
  }

  async beginTwoFactorSetup(userId: string, secretCiphertext: EncryptedBlob, at: string): Promise<void> {
    const updated = await this.update(
      userId,
      'SET totpSecret = :secret, totpPending = :true, updatedAt = :at',
      TWO_FACTOR_OFF,
      {
        ':secret': secretCiphertext,
        ':true': true,
        ':false': false,
        ':at': at,
      },
    );
    if (!updated)
      throw new GatewayError(
        'TWO_FACTOR_ALREADY_ENABLED',
        'Two-factor authentication is already on; disable it first',
      );
  }

  async enableTwoFactor(
    userId: string,
    step: number,
    recoveryCodeHashes: readonly string[],
    at: string,
  ): Promise<boolean> {
    // DynamoDB has no empty sets: no codes means no attribute.
    const codes = recoveryCodeHashes.length > 0;
    const updated = await this.update(
      userId,
      `SET totpEnabled = :true, totpEnabledAt = :at, totpLastStep = :step, updatedAt = :at${codes ? ', recoveryCodeHashes = :codes' : ''} REMOVE totpPending${codes ? '' : ', recoveryCodeHashes'}`,
      TWO_FACTOR_PENDING,
      {
        ':true': true,
        ':at': at,
        ':step': step,
        ...(codes ? { ':codes': new Set(recoveryCodeHashes) } : {}),
      },
    );
    return updated !== undefined;
  }

  async disableTwoFactor(userId: string, at: string): Promise<void> {
    const updated = await this.update(
      userId,
      'SET totpEnabled = :false, totpDisabledAt = :at, updatedAt = :at REMOVE totpSecret, totpPending, totpEnabledAt, totpLastStep, recoveryCodeHashes',
      TWO_FACTOR_ON,
      { ':true': true, ':false': false, ':at': at },
    );
    if (!updated) throw new GatewayError('TWO_FACTOR_NOT_ENABLED', 'Two-factor authentication is not on');
  }

  async replaceRecoveryCodes(
    userId: string,
    recoveryCodeHashes: readonly string[],
    at: string,
  ): Promise<void> {
    const updated = await this.update(
      userId,
      'SET recoveryCodeHashes = :codes, updatedAt = :at',
      TWO_FACTOR_ON,
      {
        ':true': true,
        ':codes': new Set(recoveryCodeHashes),
        ':at': at,
      },
    );
    if (!updated) throw new GatewayError('TWO_FACTOR_NOT_ENABLED', 'Two-factor authentication is not on');
  }

  async claimTotpStep(userId: string, step: number): Promise<boolean> {
    return (
      (await this.update(userId, 'SET totpLastStep = :step', STEP_IS_FRESH, { ':step': step })) !== undefined
    );
  }

  async consumeRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    return (
      (await this.update(userId, 'DELETE recoveryCodeHashes :codes', HAS_RECOVERY_CODE, {
        ':codes': new Set([codeHash]),
        ':hash': codeHash,
      })) !== undefined
    );
  }
}
