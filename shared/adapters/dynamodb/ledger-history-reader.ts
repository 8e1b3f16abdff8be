import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GatewayError } from '../../domain/errors';
import { parseAccount } from '../../domain/ledger/accounts';
import type { AccountId } from '../../domain/ledger/accounts';
import type { AccountHistoryTotals, SettlementLine } from '../../domain/finance/settlement';
import type { LedgerHistoryReader } from '../../ports/finance';
import { queryAll } from './client';
import { ledgerAccountPartition, ledgerLinesPartition } from './ledger-store';

type Num = { value: string } | number | bigint | string | undefined;
const big = (n: Num): bigint => (n === undefined ? 0n : typeof n === 'object' ? BigInt(n.value) : BigInt(n));

const ATTEMPTS = 5;

/**
 * Reads an account's history lines (`LEDGER#LINES#<account>`, sort key `<effectiveAt>#<entry>#<reason>`)
 * and its balance items on the ledger's table. Lines before the month are summed from a projection of
 * their delta only; the month's and later lines come whole. The balance items' versions are read
 * before and after, so a post landing in between is never half-counted (the read is tried again).
 */
export class DynamoLedgerHistoryReader implements LedgerHistoryReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async balanceItems(account: AccountId): Promise<{ posted: bigint; version: bigint }> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': ledgerAccountPartition(account) },
      ConsistentRead: true,
    });
    let debits = 0n;
    let credits = 0n;
    let version = 0n;
    for (const i of items) {
      debits += big(i['postedDebits'] as Num);
      credits += big(i['postedCredits'] as Num);
      version += big(i['version'] as Num);
    }
    const posted = parseAccount(account).normal === 'credit' ? credits - debits : debits - credits;
    return { posted, version };
  }

  async accountHistory(account: AccountId, start: string, end: string): Promise<AccountHistoryTotals> {
    const pk = ledgerLinesPartition(account);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const balanceBefore = await this.balanceItems(account);
      const [earlier, later] = await Promise.all([
        queryAll(this.db, {
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK < :start',
          ExpressionAttributeValues: { ':pk': pk, ':start': start },
          ProjectionExpression: 'delta',
          ConsistentRead: true,
        }),
        queryAll(this.db, {
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK >= :start',
          ExpressionAttributeValues: { ':pk': pk, ':start': start },
          ProjectionExpression: 'SK, delta, reason, entryId',
          ConsistentRead: true,
        }),
      ]);
      const balanceAfter = await this.balanceItems(account);
      if (balanceAfter.version !== balanceBefore.version) continue;
      const lines: SettlementLine[] = [];
      let after = 0n;
      for (const item of later) {
        const delta = big(item['delta'] as Num);
        if (String(item['SK']) >= end) after += delta;
        else lines.push({ entryId: String(item['entryId']), reason: String(item['reason']), delta });
      }
      return {
        before: earlier.reduce((sum, i) => sum + big(i['delta'] as Num), 0n),
        lines,
        after,
        postedNow: balanceAfter.posted,
      };
    }
    throw new GatewayError('LEDGER_CONTENTION', `The account ${account} kept changing while it was read`);
  }

  async linesBetween(account: AccountId, start: string, end: string): Promise<SettlementLine[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :start AND :end',
      ExpressionAttributeValues: { ':pk': ledgerLinesPartition(account), ':start': start, ':end': end },
      ProjectionExpression: 'SK, delta, reason, entryId',
      ConsistentRead: true,
    });
    return items
      .filter((i) => String(i['SK']) < end)
      .map((i) => ({
        entryId: String(i['entryId']),
        reason: String(i['reason']),
        delta: big(i['delta'] as Num),
      }));
  }
}
