import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssetCode } from '../../domain/ledger/asset';
import type { ReconciliationReport, ReconciliationReports } from '../../ports/reconciliation';

const reportKey = (asset: AssetCode, at: string) => ({ PK: `RECON#${asset}`, SK: `REPORT#${at}` });
const latestKey = (asset: AssetCode) => ({ PK: `RECON#${asset}`, SK: 'LATEST' });

/** Amounts as strings: reports are read by people and tools, and must stay exact. */
function toItem(r: ReconciliationReport) {
  return {
    ...r,
    liabilities: r.liabilities.toString(),
    custody: r.custody.toString(),
    ledgerDrift: r.ledgerDrift.toString(),
    unbalanced: r.unbalanced.toString(),
    // A partner's HOT custody can stand for thousands of addresses: the item keeps the first few.
    custodyDrifts: r.custodyDrifts.map((d) => ({
      account: d.account,
      accounts: d.accounts,
      addresses: d.addresses.slice(0, MAX_ADDRESSES_KEPT),
      addressCount: d.addresses.length,
      ledger: d.ledger.toString(),
      onChain: d.onChain.toString(),
    })),
  };
}

const MAX_ADDRESSES_KEPT = 20;

export class DynamoReconciliationReports implements ReconciliationReports {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(report: ReconciliationReport): Promise<void> {
    const item = toItem(report);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...reportKey(report.asset, report.at), entity: 'ReconciliationReport', ...item },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { ...latestKey(report.asset), entity: 'ReconciliationReport', ...item },
            },
          },
        ],
      }),
    );
  }

  async latest(asset: AssetCode): Promise<ReconciliationReport | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: latestKey(asset), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const i = out.Item as Record<string, unknown>;
    const n = (v: unknown) =>
      BigInt(
        typeof v === 'object' && v !== null && 'value' in v
          ? String((v as { value: string }).value)
          : String(v),
      );
    return {
      asset: String(i['asset']),
      at: String(i['at']),
      status: i['status'] as ReconciliationReport['status'],
      liabilities: n(i['liabilities']),
      custody: n(i['custody']),
      ledgerDrift: n(i['ledgerDrift']),
      unbalanced: n(i['unbalanced']),
      onChain: i['onChain'] as ReconciliationReport['onChain'],
      custodyDrifts: (
        (i['custodyDrifts'] as {
          account: string;
          accounts?: string[];
          addresses?: string[];
          ledger: string;
          onChain: string;
        }[]) ?? []
      ).map((d) => ({
        account: d.account,
        accounts: d.accounts ?? [d.account],
        addresses: d.addresses ?? [],
        ledger: BigInt(d.ledger),
        onChain: BigInt(d.onChain),
      })),
      accounts: Number(n(i['accounts'])),
    };
  }
}
