import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode, TokenSymbol } from '../../config/networks';
import { ConflictError, GatewayError } from '../../domain/errors';
import { OPEN_SWEEP_STATUSES, isSweepTransition } from '../../domain/sweeps/sweep-status';
import type { SweepStatus } from '../../domain/sweeps/sweep-status';
import { OPEN_MASTER_GAS_STATUSES, masterGasRequestId } from '../../domain/sweeps/sweep-transaction';
import type {
  MasterGasRequest,
  SweepApproval,
  SweepTx,
  SweepTxAttempt,
} from '../../domain/sweeps/sweep-transaction';
import type { MasterGasRequests, NewRelayerTx, SweepStore } from '../../ports/sweeps';
import { cancellationReasons, isConditionalCheckFailed } from './client';
import { patchExpression, updateExpression } from './patch-update';
import { depositClaimUpdate } from './deposit-repository';
import { approvalKey, fromApprovalItem, getSweepApproval } from './sweep-approvals';

/**
 * Sweep state in the single table:
 * - `SWEEPTX#<network>:<sender>:<nonce>` — one on-chain action, written before its broadcast with the
 *   signed bytes; GSI2 `SWEEPTX_OPEN#<network>` is a sparse queue while it is SIGNED, SENT or MINED;
 *   GSI1 `SWEEPTXS#<partnerId>` lists a partner's actions by time.
 * - `RELAYERNONCE#<network>#<gas tank>` — the gas tank's next nonce, moved only inside the transaction
 *   that records the action using it, conditioned on the value read (no reuse, no gaps).
 * - `SWEEPLOCK#<network>#<address>#<token>` — the one sweep in flight for an address and token.
 * - `SWEEPAPPROVAL#<network>#<address>#<token>` — the gas tank's approval on that address and token;
 *   GSI2 `SWEEPLEFTOVER#<network>` is a sparse queue while its top-up's native leftover is not dealt
 *   with (ADR 0024).
 * - `MASTERGAS#<network>#<partnerId>#<withdrawal code>` — a waiting withdrawal's ask for MASTER gas;
 *   GSI2 `MASTERGAS_OPEN#<network>` is a sparse queue while it is REQUESTED or TOPPING_UP.
 */
const txKey = (id: string) => ({ PK: `SWEEPTX#${id}`, SK: 'SWEEPTX' });
const counterKey = (network: string, relayer: string) => ({
  PK: `RELAYERNONCE#${network}#${relayer.toLowerCase()}`,
  SK: 'NONCE',
});
const lockKey = (network: string, address: string, token: string) => ({
  PK: `SWEEPLOCK#${network}#${address.toLowerCase()}#${token}`,
  SK: 'LOCK',
});

const masterGasKey = (network: string, partnerId: string, code: string) => ({
  PK: `MASTERGAS#${masterGasRequestId(network, partnerId, code)}`,
  SK: 'MASTERGAS',
});

const ITEM_IS_NEW = 'attribute_not_exists(PK)';
const MASTER_GAS_IS_NEW_OR_DONE = 'attribute_not_exists(PK) OR #status = :done';
const COUNTER_IS = 'attribute_exists(PK) AND #next = :expected';
const STATUS_IS = 'attribute_exists(PK) AND #status = :from';
const ATTEMPTS_ARE = 'attribute_exists(PK) AND size(attempts) = :n';
const LOCK_HELD_BY = 'txId = :txId';
const APPROVAL_TOPPING_UP_WITH = 'attribute_exists(PK) AND #status = :toppingUp AND topUpTxId = :topUpTxId';
const APPROVAL_UNCHANGED = 'attribute_exists(PK) AND #status = :status AND updatedAt = :updatedAt';

const BIGINT_FIELDS = ['value', 'amount'] as const;

function attemptItem(a: SweepTxAttempt) {
  return { ...a, gasLimit: a.gasLimit.toString(), gasPrice: a.gasPrice.toString() };
}

function txItem(tx: SweepTx): Record<string, unknown> {
  const open = OPEN_SWEEP_STATUSES.includes(tx.status);
  return {
    ...txKey(tx.id),
    entity: 'SweepTx',
    GSI1PK: `SWEEPTXS#${tx.partnerId}`,
    GSI1SK: `${tx.createdAt}#${tx.id}`,
    ...(open ? { GSI2PK: `SWEEPTX_OPEN#${tx.network}`, GSI2SK: `${tx.createdAt}#${tx.id}` } : {}),
    ...tx,
    value: tx.value.toString(),
    amount: tx.amount.toString(),
    attempts: tx.attempts.map(attemptItem),
    ...(tx.receipt
      ? {
          receipt: {
            ...tx.receipt,
            gasUsed: tx.receipt.gasUsed.toString(),
            effectiveGasPrice: tx.receipt.effectiveGasPrice.toString(),
          },
        }
      : {}),
  };
}

function fromTxItem(item: Record<string, unknown>): SweepTx {
  const { PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, GSI2PK: _e, GSI2SK: _f, entity: _g, ...rest } = item;
  const out: Record<string, unknown> = { ...rest };
  for (const f of BIGINT_FIELDS) out[f] = BigInt(String(rest[f] ?? '0'));
  out['attempts'] = ((rest['attempts'] as Record<string, unknown>[]) ?? []).map((a) => ({
    ...a,
    gasLimit: BigInt(String(a['gasLimit'])),
    gasPrice: BigInt(String(a['gasPrice'])),
  }));
  const r = rest['receipt'] as Record<string, unknown> | undefined;
  if (r)
    out['receipt'] = {
      ...r,
      gasUsed: BigInt(String(r['gasUsed'])),
      effectiveGasPrice: BigInt(String(r['effectiveGasPrice'])),
    };
  out['depositIds'] = (rest['depositIds'] as string[] | undefined) ?? [];
  return out as unknown as SweepTx;
}

function toStored(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toStored);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toStored(v)]));
  return value;
}

/** In the leftover queue while the approval's top-up left native coin that nobody looked at yet. */
const leftoverPending = (a: SweepApproval): boolean =>
  a.topUpTxId !== undefined && a.leftoverDoneFor !== a.topUpTxId;

function approvalItem(a: SweepApproval) {
  return {
    ...approvalKey(a.network, a.address, a.token),
    entity: 'SweepApproval',
    ...(leftoverPending(a)
      ? {
          GSI2PK: `SWEEPLEFTOVER#${a.network}`,
          GSI2SK: `${a.updatedAt}#${a.address.toLowerCase()}#${a.token}`,
        }
      : {}),
    ...(toStored(a) as Record<string, unknown>),
  };
}

function masterGasItem(r: MasterGasRequest): Record<string, unknown> {
  const open = OPEN_MASTER_GAS_STATUSES.includes(r.status);
  const id = masterGasRequestId(r.network, r.partnerId, r.code);
  return {
    ...masterGasKey(r.network, r.partnerId, r.code),
    entity: 'MasterGasRequest',
    ...(open ? { GSI2PK: `MASTERGAS_OPEN#${r.network}`, GSI2SK: `${r.createdAt}#${id}` } : {}),
    ...(toStored(r) as Record<string, unknown>),
  };
}

function fromMasterGasItem(item: Record<string, unknown>): MasterGasRequest {
  const { PK: _a, SK: _b, GSI2PK: _c, GSI2SK: _d, entity: _e, ...rest } = item;
  return { ...rest, required: BigInt(String(rest['required'])) } as unknown as MasterGasRequest;
}

export class DynamoSweepStore implements SweepStore, MasterGasRequests {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async relayerCounter(network: NetworkCode, relayer: string): Promise<number | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: counterKey(network, relayer), ConsistentRead: true }),
    );
    return out.Item ? Number(out.Item['next']) : undefined;
  }

  async createRelayerTx(input: NewRelayerTx): Promise<void> {
    const { tx } = input;
    const counter =
      input.expectedCounter === undefined
        ? {
            Put: {
              TableName: this.tableName,
              Item: { ...counterKey(tx.network, tx.from), entity: 'RelayerNonce', next: tx.nonce + 1 },
              ConditionExpression: ITEM_IS_NEW,
            },
          }
        : {
            Update: {
              TableName: this.tableName,
              Key: counterKey(tx.network, tx.from),
              UpdateExpression: 'SET #next = :next',
              ConditionExpression: COUNTER_IS,
              ExpressionAttributeNames: { '#next': 'next' },
              ExpressionAttributeValues: { ':expected': input.expectedCounter, ':next': tx.nonce + 1 },
            },
          };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      counter,
      { Put: { TableName: this.tableName, Item: txItem(tx), ConditionExpression: ITEM_IS_NEW } },
    ];
    for (const depositId of input.claimDeposits ?? [])
      items.push({ Update: depositClaimUpdate(this.tableName, depositId, tx.id, tx.createdAt) });
    if (input.lock) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...lockKey(tx.network, tx.address, tx.token),
            entity: 'SweepLock',
            txId: tx.id,
            at: tx.createdAt,
          },
          ConditionExpression: ITEM_IS_NEW,
        },
      });
    }
    if (input.approval) {
      const { next, previous } = input.approval;
      items.push(
        previous
          ? {
              Put: {
                TableName: this.tableName,
                Item: approvalItem(next),
                ConditionExpression: APPROVAL_UNCHANGED,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': previous.status, ':updatedAt': previous.updatedAt },
              },
            }
          : {
              Put: { TableName: this.tableName, Item: approvalItem(next), ConditionExpression: ITEM_IS_NEW },
            },
      );
    }
    if (input.masterGas) {
      const r = input.masterGas;
      items.push({
        Update: {
          TableName: this.tableName,
          Key: masterGasKey(r.network, r.partnerId, r.code),
          UpdateExpression: 'SET #status = :toppingUp, topUpTxId = :txId, updatedAt = :at',
          ConditionExpression: APPROVAL_UNCHANGED,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': 'REQUESTED',
            ':updatedAt': r.updatedAt,
            ':toppingUp': 'TOPPING_UP',
            ':txId': tx.id,
            ':at': tx.createdAt,
          },
        },
      });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      const reasons = cancellationReasons(e);
      if (reasons?.includes('ConditionalCheckFailed')) {
        throw new ConflictError(
          `Another run recorded a gas-tank transaction first (${tx.type} ${tx.address} ${tx.token})`,
          { reasons },
        );
      }
      throw e;
    }
  }

  async createApproveTx(
    tx: SweepTx,
    approval: { expectedTopUpTxId: string | undefined; at: string },
  ): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: txItem(tx), ConditionExpression: ITEM_IS_NEW } },
            {
              Update: {
                TableName: this.tableName,
                Key: approvalKey(tx.network, tx.address, tx.token),
                UpdateExpression: 'SET #status = :approving, approveTxId = :txId, updatedAt = :at',
                ConditionExpression: APPROVAL_TOPPING_UP_WITH,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':toppingUp': 'TOPPING_UP',
                  ':topUpTxId': approval.expectedTopUpTxId ?? '-',
                  ':approving': 'APPROVING',
                  ':txId': tx.id,
                  ':at': approval.at,
                },
              },
            },
          ],
        }),
      );
    } catch (e) {
      const reasons = cancellationReasons(e);
      if (reasons?.includes('ConditionalCheckFailed'))
        throw new ConflictError(`Another run recorded the approve of ${tx.address} ${tx.token} first`, {
          reasons,
        });
      throw e;
    }
  }

  async getTx(id: string): Promise<SweepTx | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: txKey(id), ConsistentRead: true }),
    );
    return out.Item ? fromTxItem(out.Item) : undefined;
  }

  async listOpenTxs(network: NetworkCode, limit: number): Promise<SweepTx[]> {
    const items: SweepTx[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': `SWEEPTX_OPEN#${network}` },
          Limit: limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map(fromTxItem));
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    // The index is eventually consistent: read each one back so decisions rest on the latest state.
    const fresh = await Promise.all(items.map((t) => this.getTx(t.id)));
    return fresh.filter((t): t is SweepTx => !!t && OPEN_SWEEP_STATUSES.includes(t.status));
  }

  async updateTx(
    id: string,
    from: SweepStatus,
    patch: Partial<Omit<SweepTx, 'id' | 'network' | 'from' | 'nonce' | 'type'>>,
  ): Promise<SweepTx> {
    const expr = patchExpression(patch, toStored);
    const names: Record<string, string> = { '#status': 'status', ...expr.names };
    const values: Record<string, unknown> = { ':from': from, ...expr.values };
    const sets = expr.sets;
    const to = patch.status ?? from;
    if (patch.status !== undefined && !isSweepTransition(from, to))
      throw new GatewayError(
        'ILLEGAL_TRANSITION',
        `Sweep transaction ${id} cannot move from ${from} to ${to}`,
      );
    const removes = OPEN_SWEEP_STATUSES.includes(to) ? [] : ['GSI2PK', 'GSI2SK'];
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: txKey(id),
          UpdateExpression: updateExpression(sets, removes),
          ConditionExpression: STATUS_IS,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromTxItem(out.Attributes ?? {});
    } catch (e) {
      if (isConditionalCheckFailed(e))
        throw new ConflictError(`Sweep transaction ${id} is no longer ${from}`);
      throw e;
    }
  }

  async addAttempt(
    id: string,
    expectedAttempts: number,
    attempt: SweepTxAttempt,
    at: string,
  ): Promise<SweepTx> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: txKey(id),
          UpdateExpression: 'SET attempts = list_append(attempts, :attempt), updatedAt = :at',
          ConditionExpression: ATTEMPTS_ARE,
          ExpressionAttributeValues: {
            ':attempt': [attemptItem(attempt)],
            ':n': expectedAttempts,
            ':at': at,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromTxItem(out.Attributes ?? {});
    } catch (e) {
      if (isConditionalCheckFailed(e))
        throw new ConflictError(`Sweep transaction ${id} got another attempt meanwhile`);
      throw e;
    }
  }

  async lockHolder(network: NetworkCode, address: string, token: TokenSymbol): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: lockKey(network, address, token),
        ConsistentRead: true,
      }),
    );
    return out.Item ? String(out.Item['txId']) : undefined;
  }

  async releaseLock(network: NetworkCode, address: string, token: TokenSymbol, txId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: lockKey(network, address, token),
          ConditionExpression: LOCK_HELD_BY,
          ExpressionAttributeValues: { ':txId': txId },
        }),
      );
    } catch (e) {
      // Already released, or held by a later sweep: nothing of ours to release.
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  async getApproval(
    network: NetworkCode,
    address: string,
    token: TokenSymbol,
  ): Promise<SweepApproval | undefined> {
    return getSweepApproval(this.db, this.tableName, network, address, token);
  }

  async markApproved(approval: SweepApproval): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: approvalItem({ ...approval, status: 'APPROVED' }) }),
    );
  }

  async failApproval(approval: SweepApproval, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: approvalKey(approval.network, approval.address, approval.token),
          UpdateExpression: 'SET #status = :failed, failures = :failures, updatedAt = :at',
          ConditionExpression: APPROVAL_UNCHANGED,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': approval.status,
            ':updatedAt': approval.updatedAt,
            ':failed': 'FAILED',
            ':failures': approval.failures + 1,
            ':at': at,
          },
        }),
      );
    } catch (e) {
      // Another run moved it first.
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  async listLeftoverApprovals(network: NetworkCode, limit: number): Promise<SweepApproval[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `SWEEPLEFTOVER#${network}` },
        Limit: limit,
      }),
    );
    // The index is eventually consistent: read each one back.
    const fresh = await Promise.all(
      (out.Items ?? []).map(fromApprovalItem).map((a) => this.getApproval(a.network, a.address, a.token)),
    );
    return fresh.filter((a): a is SweepApproval => !!a && leftoverPending(a));
  }

  async createReturnTx(tx: SweepTx, approvals: readonly SweepApproval[]): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: txItem(tx), ConditionExpression: ITEM_IS_NEW } },
            ...approvals.map((a) => ({ Update: this.leftoverDoneUpdate(a) })),
          ],
        }),
      );
    } catch (e) {
      const reasons = cancellationReasons(e);
      if (reasons?.includes('ConditionalCheckFailed'))
        throw new ConflictError(`Another run recorded a transaction of ${tx.address} first`, { reasons });
      throw e;
    }
  }

  async markLeftoverDone(approvals: readonly SweepApproval[]): Promise<void> {
    for (const a of approvals) {
      try {
        await this.db.send(new UpdateCommand(this.leftoverDoneUpdate(a)));
      } catch (e) {
        // Moved meanwhile (a new top-up): it stays in the queue for the next look.
        if (!isConditionalCheckFailed(e)) throw e;
      }
    }
  }

  async deferLeftovers(approvals: readonly SweepApproval[], at: string): Promise<void> {
    for (const a of approvals) {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: approvalKey(a.network, a.address, a.token),
            UpdateExpression: 'SET GSI2SK = :sk',
            ConditionExpression: 'attribute_exists(GSI2PK) AND topUpTxId = :topUp',
            ExpressionAttributeValues: {
              ':sk': `${at}#${a.address.toLowerCase()}#${a.token}`,
              ':topUp': a.topUpTxId ?? '-',
            },
          }),
        );
      } catch (e) {
        // Dealt with or topped up again meanwhile: nothing to defer.
        if (!isConditionalCheckFailed(e)) throw e;
      }
    }
  }

  private leftoverDoneUpdate(a: SweepApproval) {
    return {
      TableName: this.tableName,
      Key: approvalKey(a.network, a.address, a.token),
      UpdateExpression: 'SET leftoverDoneFor = :topUp REMOVE GSI2PK, GSI2SK',
      ConditionExpression: `${APPROVAL_UNCHANGED} AND topUpTxId = :topUp`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': a.status,
        ':updatedAt': a.updatedAt,
        ':topUp': a.topUpTxId ?? '-',
      },
    };
  }

  async requestMasterGas(request: MasterGasRequest): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: masterGasItem({ ...request, status: 'REQUESTED' }),
          ConditionExpression: MASTER_GAS_IS_NEW_OR_DONE,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'DONE' },
        }),
      );
    } catch (e) {
      // Open already (REQUESTED or TOPPING_UP): that one serves this withdrawal.
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  async listMasterGasRequests(network: NetworkCode, limit: number): Promise<MasterGasRequest[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `MASTERGAS_OPEN#${network}` },
        Limit: limit,
      }),
    );
    // The index is eventually consistent: read each one back.
    const fresh = await Promise.all(
      (out.Items ?? []).map(fromMasterGasItem).map(async (r) => {
        const got = await this.db.send(
          new GetCommand({
            TableName: this.tableName,
            Key: masterGasKey(r.network, r.partnerId, r.code),
            ConsistentRead: true,
          }),
        );
        return got.Item ? fromMasterGasItem(got.Item) : undefined;
      }),
    );
    return fresh.filter((r): r is MasterGasRequest => !!r && OPEN_MASTER_GAS_STATUSES.includes(r.status));
  }

  async updateMasterGasRequest(
    request: MasterGasRequest,
    next: Pick<MasterGasRequest, 'status' | 'updatedAt'>,
  ): Promise<boolean> {
    const removes = [
      ...(next.status === 'REQUESTED' ? ['topUpTxId'] : []),
      ...(OPEN_MASTER_GAS_STATUSES.includes(next.status) ? [] : ['GSI2PK', 'GSI2SK']),
    ];
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: masterGasKey(request.network, request.partnerId, request.code),
          UpdateExpression: `SET #status = :next, updatedAt = :at${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: APPROVAL_UNCHANGED,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': request.status,
            ':updatedAt': request.updatedAt,
            ':next': next.status,
            ':at': next.updatedAt,
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }
}
