import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GasRecord } from '../../shared/ports/gas-records';
import { withBenchTable } from './bench-support';

const BATCH = 25;

/** Writes items with BatchWriteItem, `concurrency` batches in flight, re-sending what comes back unprocessed. */
async function writeAll(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: Iterable<Record<string, unknown>>,
  concurrency: number,
): Promise<number> {
  const iterator = items[Symbol.iterator]();
  let written = 0;
  const worker = async () => {
    for (;;) {
      const batch: Record<string, unknown>[] = [];
      for (let r = iterator.next(); !r.done; r = iterator.next()) {
        batch.push(r.value);
        if (batch.length === BATCH) break;
      }
      if (batch.length === 0) return;
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
      written += batch.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return written;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * `npm run bench -- gas-invoices [--partners 1000 --records 1000 --concurrency 4]`: partners under the
 * platform, each with `records` gas records in November 2026 (three networks, some without a price),
 * seeded straight into DynamoDB Local (in memory) in batches; then the monthly job issues the month
 * (no document publisher) and runs again (everything already issued). Prints seeding time, issuing
 * time, the second run's time and the process's peak RSS (the job holds one page of 1,000 records per
 * partner in flight, never a month).
 */
export async function benchGasInvoices(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    allowNegative: true,
    options: {
      partners: { type: 'string', default: '1000' },
      records: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '4' },
      documents: { type: 'boolean', default: true },
    },
  });
  const partnerCount = Number(values.partners);
  const recordCount = Number(values.records);
  const concurrency = Number(values.concurrency);
  await withBenchTable('gas-invoices', async ({ tableName, dir }) => {
    // With documents (the default, as the scheduled job runs): each invoice's PDF and CSV rendered and
    // written to an S3 twin (s3rver) before the invoice is ISSUED.
    const s3 = values.documents
      ? await (await import('../local/s3/local-s3')).startLocalS3({ port: 0, directory: join(dir, 's3') })
      : undefined;
    if (s3)
      Object.assign(process.env, {
        DOCUMENTS_BUCKET: s3.bucket,
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
      });
    try {
      await issueBench(tableName, { partnerCount, recordCount, concurrency, documents: !!s3 });
    } finally {
      await s3?.stop();
    }
  });
}

async function issueBench(
  tableName: string,
  options: { partnerCount: number; recordCount: number; concurrency: number; documents: boolean },
): Promise<void> {
  const { partnerCount, recordCount, concurrency } = options;
  {
    const { getDeps } = await import('../../shared/composition/gateway');
    const { gasInvoiceDeps } = await import('../../shared/composition/gas-invoices');
    const { issueMonthlyInvoices } = await import('../../shared/app/invoices/gas-invoices');
    const { gasRecordItem } = await import('../../shared/adapters/dynamodb/gas-record-store');
    const deps = getDeps();
    const created = '2026-01-01T00:00:00.000Z';
    const platform = {
      id: 'pt_bench_platform',
      code: 'PLATFORM',
      name: 'Bench',
      type: 'PLATFORM' as const,
      status: 'ACTIVE' as const,
      parentId: null,
      depth: 0,
      createdAt: created,
    };
    await deps.partners.create(platform);
    const ids = Array.from({ length: partnerCount }, (_, i) => `pt_bench_${String(i).padStart(5, '0')}`);
    const t0 = performance.now();
    for (let i = 0; i < ids.length; i += 20)
      await Promise.all(
        ids.slice(i, i + 20).map((id, j) =>
          deps.partners.create({
            id,
            code: `M${String(i + j).padStart(5, '0')}`,
            name: `Merchant ${i + j}`,
            type: 'MERCHANT',
            status: 'ACTIVE',
            parentId: platform.id,
            depth: 1,
            createdAt: created,
          }),
        ),
      );
    const networks = [
      { network: 'BSC', nativeAsset: 'BNB@BSC', nativeAmount: 5n * 10n ** 13n },
      { network: 'POLYGON', nativeAsset: 'POL@POLYGON', nativeAmount: 63n * 10n ** 13n },
      { network: 'TRON', nativeAsset: 'TRX@TRON', nativeAmount: 13_650_000n },
    ] as const;
    function* items() {
      let n = 0;
      for (const partnerId of ids)
        for (let r = 0; r < recordCount; r++) {
          n += 1;
          const net = networks[r % 3]!;
          const record: GasRecord = {
            network: net.network,
            type: r % 2 ? 'SWEEP' : 'WITHDRAWAL',
            partnerId,
            txHash: `0x${n.toString(16).padStart(64, '0')}`,
            address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
            token: 'USDT',
            blockNumber: n,
            gasUsed: 50_000n,
            effectiveGasPrice: 10n ** 9n,
            nativeAmount: net.nativeAmount,
            nativeAsset: net.nativeAsset,
            transferredAmount: 0n,
            usdValue: r % 50 === 0 ? null : '0.030025',
            success: true,
            at: new Date(
              Date.UTC(2026, 10, 1) + Math.floor((r / recordCount) * 29 * 86_400_000),
            ).toISOString(),
          };
          yield gasRecordItem(record);
        }
    }
    const written = await writeAll(deps.db, tableName, items(), 8);
    const seedS = (performance.now() - t0) / 1000;
    process.stdout.write(
      `gas-invoices: seeded ${partnerCount} partners × ${recordCount} records = ${written} records in ${seedS.toFixed(1)} s\n`,
    );

    const { invoiceDocumentPublisher } = await import('../../shared/composition/invoice-documents');
    const invoices = gasInvoiceDeps(
      deps,
      options.documents ? { publisher: invoiceDocumentPublisher(deps) } : {},
    );
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const rssBefore = process.memoryUsage().rss;
    const t1 = performance.now();
    const first = await issueMonthlyInvoices({ ...invoices, concurrency }, '2026-11');
    const issueS = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    const second = await issueMonthlyInvoices({ ...invoices, concurrency }, '2026-11');
    const rerunS = (performance.now() - t2) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    process.stdout.write(
      [
        `  issue (concurrency ${concurrency}, ${options.documents ? 'PDF + CSV to the S3 twin' : 'no documents'}): ${issueS.toFixed(1)} s, ${JSON.stringify(first)}`,
        `  per partner: ${((issueS * 1000) / partnerCount).toFixed(1)} ms; records read per second: ${Math.round(written / issueS)}`,
        `  re-run (nothing to issue): ${rerunS.toFixed(1)} s, ${JSON.stringify(second)}`,
        `  RSS before ${mb(rssBefore)}, peak during the job ${mb(peakRss)} (maxRSS of the process ${mb(process.resourceUsage().maxRSS * 1024)})`,
        '',
      ].join('\n'),
    );
  }
}
