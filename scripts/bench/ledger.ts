import { parseArgs } from 'node:util';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { DynamoLedgerStore } from '../../shared/adapters/dynamodb/ledger-store';
import { accounts } from '../../shared/domain/ledger/accounts';
import type { EntryRequest } from '../../shared/domain/ledger/entry';
import { percentile, withBenchTable } from './bench-support';

const ASSET = 'USDT@BSC';
const UNIT = 10n ** 18n;

/** A deposit with a platform fee: 3 accounts (custody, partner, sharded platform revenue), 2 postings. */
function deposit(partner: string, n: string): EntryRequest {
  return {
    id: `deposit:BSC:${n}:0`,
    kind: 'POSTED',
    reason: 'DEPOSIT',
    cause: { type: 'deposit', id: n },
    effectiveAt: new Date().toISOString(),
    postings: [
      {
        debit: accounts.custody(partner, 'HOT', ASSET),
        credit: accounts.partnerAvailable(partner, ASSET),
        amount: 99n * UNIT,
      },
      {
        debit: accounts.custody(partner, 'HOT', ASSET),
        credit: accounts.platformRevenue(ASSET),
        amount: UNIT,
        reason: 'DEPOSIT_FEE',
      },
    ],
  };
}

/**
 * `npm run bench -- ledger [--entries 400]`: entries per second with 1, 8 and 32 concurrent writers,
 * on one hot partner (one balance item, then spread over 8 shards) and on many partners; DynamoDB
 * requests and consumed write units per entry; p50/p99 latency. DynamoDB Local is far slower than the
 * service and serializes more, so compare scenarios with each other, not with AWS limits.
 */
export async function benchLedger(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { entries: { type: 'string', default: '400' } } });
  const perScenario = Number(values.entries);
  await withBenchTable('ledger', async ({ endpoint, tableName }) => {
    const db = createDocumentClient({ region: 'us-east-1', endpoint, wrapNumbers: true });
    const counters = { requests: 0, wcu: 0 };
    db.middlewareStack.add(
      (next, context) => async (a) => {
        counters.requests += 1;
        const input = (a as { input: Record<string, unknown> }).input;
        if (context.commandName === 'TransactWriteItemsCommand') input['ReturnConsumedCapacity'] = 'TOTAL';
        const out = await next(a);
        const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number }[] }).ConsumedCapacity;
        for (const c of consumed ?? []) counters.wcu += c.CapacityUnits ?? 0;
        return out;
      },
      { step: 'initialize', name: 'benchCounters' },
    );
    const scenarios: { name: string; partner: (writer: number, i: number) => string; shards?: number }[] = [
      { name: 'one hot partner, 1 item', partner: () => 'hot1' },
      { name: 'one hot partner, 8 shards', partner: () => 'hot8', shards: 8 },
      { name: 'many partners', partner: (w, i) => `p${w}-${i % 7}` },
    ];
    const rows: string[] = [];
    let run = 0;
    for (const scenario of scenarios) {
      for (const writers of [1, 8, 32]) {
        run += 1;
        const store = new DynamoLedgerStore(db, tableName, {
          shardOverrides: new Map(scenario.shards ? [[`partner:hot8:available`, scenario.shards]] : []),
        });
        counters.requests = 0;
        counters.wcu = 0;
        const latencies: number[] = [];
        let next = 0;
        let failures = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            while (next < perScenario) {
              const i = next++;
              const t = performance.now();
              try {
                await store.post(deposit(scenario.partner(w, i), `r${run}-${i}`));
              } catch {
                failures += 1;
              }
              latencies.push(performance.now() - t);
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        rows.push(
          [
            scenario.name.padEnd(26),
            String(writers).padStart(3),
            (perScenario / seconds).toFixed(0).padStart(8),
            ((perScenario * 2) / seconds).toFixed(0).padStart(9),
            percentile(latencies, 50).toFixed(1).padStart(7),
            percentile(latencies, 99).toFixed(1).padStart(7),
            (counters.requests / perScenario).toFixed(2).padStart(8),
            (counters.wcu / perScenario).toFixed(1).padStart(8),
            String(failures).padStart(5),
          ].join('  '),
        );
      }
    }
    process.stdout.write(
      [
        `ledger: ${perScenario} deposit entries per scenario (2 postings, 3 accounts; platform revenue on 8 shards), DynamoDB Local in memory`,
        `${'scenario'.padEnd(26)}  wrt  entries/s  postings/s  p50 ms  p99 ms  DDB req  WCU/entry  fail`,
        ...rows,
        '',
      ].join('\n'),
    );
  });
}
