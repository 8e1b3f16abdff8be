import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPartnerClient } from '../../clients/typescript/partner-client';
import { percentile, withBenchTable } from './bench-support';

/** Signed GET /v1/partner through the API stand-in: authorizer + handler against DynamoDB Local. */
export async function benchAuth(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { requests: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '8' } },
  });
  const total = Number(values.requests);
  const concurrency = Number(values.concurrency);
  await withBenchTable('auth', async ({ dir }) => {
    const { getDeps } = await import('../../shared/composition/gateway');
    const { createLocalApiServer } = await import('../local/api-server');
    const { seedDemo } = await import('../local/seed');
    const deps = getDeps();
    let dynamoCalls = 0;
    deps.db.middlewareStack.add((next) => (a) => ((dynamoCalls += 1), next(a)), {
      step: 'initialize',
      name: 'countCalls',
    });
    const [, , merchant] = await seedDemo(deps, join(dir, 'secrets.json'));
    if (!merchant) throw new Error('seed failed');
    const server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = createPartnerClient({ apiUrl, apiKey: merchant.apiKey, apiSecret: merchant.apiSecret });

    for (let i = 0; i < 50; i++) await client.get('/v1/partner'); // warm-up: module load, JIT, connections
    dynamoCalls = 0;
    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next += 1;
          const t = performance.now();
          const res = await client.get('/v1/partner');
          latencies.push(performance.now() - t);
          if (res.status !== 200) failures += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const fmt = (n: number) => n.toFixed(2);
    process.stdout.write(
      [
        `auth: ${total} signed GET /v1/partner, concurrency ${concurrency} (authorizer + handler, DynamoDB Local in memory)`,
        `  throughput      ${fmt(total / seconds)} req/s`,
        `  latency ms      p50 ${fmt(percentile(latencies, 50))}  p95 ${fmt(percentile(latencies, 95))}  p99 ${fmt(percentile(latencies, 99))}  max ${fmt(latencies.at(-1) ?? NaN)}`,
        `  DynamoDB calls  ${fmt(dynamoCalls / total)} per request`,
        `  failures        ${failures}`,
        `  heap used       ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`,
        '',
      ].join('\n'),
    );
    await new Promise((r) => server.close(r));
  });
}
