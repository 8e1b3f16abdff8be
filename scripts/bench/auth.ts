import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPartnerClient } from '../../clients/typescript/partner-client';
import { percentile, withBenchTable } from './bench-support';

/** The unauthenticated route the baseline asks: answered by the same stand-in, no authorizer, no DynamoDB. */
const HEALTH_PATH = '/health';

interface Sample {
  readonly latencies: number[];
  failures: number;
  dynamoCalls: number;
  /** Summed time inside DynamoDB calls (they overlap across concurrent requests). */
  dynamoMs: number;
  seconds: number;
}

/**
 * Signed GET /v1/partner through the API stand-in (authorizer + handler against DynamoDB Local), and in
 * the same run a baseline: the same stand-in, HTTP client and signing answering an unauthenticated health
 * route, so the figure reads as a ratio on a shared machine. Rounds alternate baseline and auth so that
 * load from other work falls on both alike.
 */
export async function benchAuth(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      requests: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '8' },
      rounds: { type: 'string', default: '4' },
    },
  });
  const total = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const rounds = Number(values.rounds);
  await withBenchTable('auth', async ({ dir }) => {
    const { getDeps } = await import('../../shared/composition/gateway');
    const { createLocalApiServer } = await import('../local/api-server');
    const { seedDemo } = await import('../local/seed');
    const deps = getDeps();
    let dynamoCalls = 0;
    let dynamoMs = 0;
    deps.db.middlewareStack.add(
      (next) => async (a) => {
        dynamoCalls += 1;
        const t = performance.now();
        try {
          return await next(a);
        } finally {
          dynamoMs += performance.now() - t;
        }
      },
      { step: 'initialize', name: 'countCalls' },
    );
    const [, , merchant] = await seedDemo(deps, join(dir, 'secrets.json'));
    if (!merchant) throw new Error('seed failed');
    const server = createLocalApiServer({
      fallback: ({ method, path }) =>
        Promise.resolve(
          method === 'GET' && path === HEALTH_PATH
            ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }
            : undefined,
        ),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = createPartnerClient({ apiUrl, apiKey: merchant.apiKey, apiSecret: merchant.apiSecret });

    const run = async (path: string, count: number, into: Sample) => {
      let next = 0;
      const callsBefore = dynamoCalls;
      const msBefore = dynamoMs;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) {
            next += 1;
            const t = performance.now();
            const res = await client.get(path);
            into.latencies.push(performance.now() - t);
            if (res.status !== 200) into.failures += 1;
          }
        }),
      );
      into.seconds += (performance.now() - started) / 1000;
      into.dynamoCalls += dynamoCalls - callsBefore;
      into.dynamoMs += dynamoMs - msBefore;
    };
    const empty = (): Sample => ({ latencies: [], failures: 0, dynamoCalls: 0, dynamoMs: 0, seconds: 0 });

    // Warm-up: module load, JIT, connections, and the key's once-a-minute "last used" write.
    await run(HEALTH_PATH, 100, empty());
    await run('/v1/partner', 100, empty());
    const baseline = empty();
    const auth = empty();
    const load = loadavg()[0] ?? NaN;
    const perRound = Math.ceil(total / rounds);
    for (let r = 0; r < rounds; r++) {
      await run(HEALTH_PATH, perRound, baseline);
      await run('/v1/partner', perRound, auth);
    }

    const fmt = (n: number) => n.toFixed(2);
    const line = (label: string, s: Sample) => {
      const l = [...s.latencies].sort((a, b) => a - b);
      return `  ${label.padEnd(28)} p50 ${fmt(percentile(l, 50)).padStart(7)}  p95 ${fmt(percentile(l, 95)).padStart(7)}  p99 ${fmt(percentile(l, 99)).padStart(7)}  max ${fmt(l.at(-1) ?? NaN).padStart(7)}  ${fmt(l.length / s.seconds).padStart(8)} req/s  DynamoDB ${fmt(s.dynamoCalls / l.length)}/req (${fmt(s.dynamoMs / l.length)} ms)  failures ${s.failures}`;
    };
    const ratio = (p: number) => {
      const a = [...auth.latencies].sort((x, y) => x - y);
      const b = [...baseline.latencies].sort((x, y) => x - y);
      return fmt(percentile(a, p) / percentile(b, p));
    };
    process.stdout.write(
      [
        `auth: ${perRound * rounds} requests each, concurrency ${concurrency}, ${rounds} alternating rounds (DynamoDB Local in memory; load average ${fmt(load)} at start)`,
        '  latency ms',
        line(`baseline GET ${HEALTH_PATH} (no auth)`, baseline),
        line('signed GET /v1/partner', auth),
        `  ratio to baseline            p50 ${ratio(50)}×  p95 ${ratio(95)}×  p99 ${ratio(99)}×`,
        `  heap used                    ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`,
        '',
      ].join('\n'),
    );
    await new Promise((r) => server.close(r));
  });
}
