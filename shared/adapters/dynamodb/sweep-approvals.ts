import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NetworkCode, TokenSymbol } from '../../config/networks';
import type { SweepApproval } from '../../domain/sweeps/sweep-transaction';

/**
 * `SWEEPAPPROVAL#<network>#<address>#<token>`: the gas tank's approval on a HOT address and token
 * (written by DynamoSweepStore, which keeps the rest of the sweep state; see its comment).
 */
export const approvalKey = (network: string, address: string, token: string) => ({
  PK: `SWEEPAPPROVAL#${network}#${address.toLowerCase()}#${token}`,
  SK: 'APPROVAL',
});

export function fromApprovalItem(item: Record<string, unknown>): SweepApproval {
  const { PK: _a, SK: _b, entity: _c, GSI2PK: _d, GSI2SK: _e, ...rest } = item;
  const out: Record<string, unknown> = { ...rest, failures: Number(rest['failures'] ?? 0) };
  for (const f of ['approveGasLimit', 'approveGasPrice'])
    if (rest[f] !== undefined) out[f] = BigInt(String(rest[f]));
  return out as unknown as SweepApproval;
}

/** Reads one approval: what the console's wallet detail shows, without the sweep store's writes. */
export async function getSweepApproval(
  db: DynamoDBDocumentClient,
  tableName: string,
  network: NetworkCode,
  address: string,
  token: TokenSymbol,
): Promise<SweepApproval | undefined> {
  const out = await db.send(
    new GetCommand({ TableName: tableName, Key: approvalKey(network, address, token), ConsistentRead: true }),
  );
  return out.Item ? fromApprovalItem(out.Item) : undefined;
}

/** The approvals alone (the console's wallet detail): DynamoSweepStore's `getApproval`. */
export class DynamoSweepApprovalReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  getApproval(network: NetworkCode, address: string, token: TokenSymbol): Promise<SweepApproval | undefined> {
    return getSweepApproval(this.db, this.tableName, network, address, token);
  }
}
