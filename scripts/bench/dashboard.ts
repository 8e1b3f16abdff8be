import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoredDeposit } from '../../shared/ports/deposits';
import type { DayActivity } from '../../shared/ports/activity';
import { storedDeposit } from '../../tests/support/deposit-fixture';
import { percentile, withBenchTable } from './bench-support';

const DAY_MS = 24 * 60 * 60_000;
const BATCH = 25;

/** A settled 25 USDT BSC deposit of `partnerId`, number `n` (unique per `tag`), detected at `at`. */
function settledDeposit(partnerId: string, tag: string, n: number, at: string): StoredDeposit {
  const hex = `${tag}${n.toString(16)}`.padStart(64, '0');
  return storedDeposit(n, {
    id: `BSC:0x${hex}:0`,
    txHash: `0x${hex}`,
    code: `D${tag}${String(n).padStart(10, '0')}`,
    partnerId,
    userId: `user-${n % 500}`,
    status: 'SETTLED',
    confirmations: 15,
    requiredConfirmations: 15,
    detectedAt: at,
  });
}

/** Writes items with BatchWriteItem, `concurrency` batches of 25 in flight, re-sending what comes back unprocessed. */
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

/**
 * `npm run bench -- dashboard [--deposits 100000 --small 10 --calls 200 --concurrency 8]`: one partner
 * with 100,000 deposits in the 30 days up to now (deposit items written in batches with their daily
 * counters, as the deposit writes would have left them — not through the API), one with 10, both with
 * balances on every stablecoin. Then GET /api/console/dashboard through the API stand-in (console
 * authorizer + handler, DynamoDB Local in memory) for each, alternating: p50/p99 and DynamoDB requests
 * per call. The claim is a flat cost: the same requests and about the same time for both.
 */
export async function benchDashboard(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      deposits: { type: 'string', default: '100000' },
      small: { type: 'string', default: '10' },
      calls: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '8' },
    },
  });
  const bigCount = Number(values.deposits);
  const smallCount = Number(values.small);
  const calls = Number(values.calls);
  const concurrency = Number(values.concurrency);
  await withBenchTable('dashboard', async ({ tableName }) => {
    const { getDeps } = await import('../../shared/composition/gateway');
    const { createLocalApiServer } = await import('../local/api-server');
    const { createPlatform, createPartner } = await import('../../shared/app/partners/manage-partners');
    const { createConsoleUser } = await import('../../shared/app/accounts/members');
    const { depositItem } = await import('../../shared/adapters/dynamodb/deposit-repository');
    const { DynamoActivityCounters } = await import('../../shared/adapters/dynamodb/activity-counters');
    const { depositActivity } = await import('../../shared/domain/activity/daily-activity');
    const { accounts } = await import('../../shared/domain/ledger/accounts');
    const { STABLECOIN_ASSETS } = await import('../../shared/domain/ledger/asset');
    const deps = getDeps();
    const actor = { type: 'SYSTEM' as const, id: 'bench' };
    await createPlatform(deps, actor, { code: 'PLATFORM', name: 'Bench' });
    await createPartner(deps, actor, {
      code: 'DIST',
      name: 'Dist',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    const password = 'Bench-pass-1!';
    const now = deps.clock.now().getTime();

    const seed = async (code: string, count: number) => {
      const partner = await createPartner(deps, actor, {
        code,
        name: code,
        type: 'MERCHANT',
        parentCode: 'DIST',
      });
      const user = await createConsoleUser(deps, actor, {
        partnerId: partner.id,
        email: `${code.toLowerCase()}@bench.example`,
        name: code,
        role: 'OWNER',
        password,
      });
      // Deposits spread evenly over the last 30 days, and the daily counters they add up to.
      const days = new Map<string, DayActivity>();
      const tag = code === 'BIG' ? 'b1' : 'b2';
      function* items() {
        for (let n = 0; n < count; n++) {
          const at = new Date(now - Math.floor(((n + 0.5) / count) * 30 * DAY_MS)).toISOString();
          const d = settledDeposit(partner.id, tag, n, at);
          const delta = depositActivity(undefined, d);
          if (delta) {
            const day = days.get(delta.day) ?? {
              day: delta.day,
              depositCount: 0,
              depositUsd: 0n,
              withdrawalCount: 0,
              withdrawalUsd: 0n,
            };
            days.set(delta.day, {
              ...day,
              depositCount: day.depositCount + delta.depositCount,
              depositUsd: day.depositUsd + delta.depositUsd,
            });
          }
          yield depositItem(d);
        }
      }
      const t = performance.now();
      const written = await writeAll(deps.db, tableName, items(), concurrency);
      await new DynamoActivityCounters(deps.db, tableName).replace(partner.id, [...days.values()], 0, 0);
      const seedSeconds = (performance.now() - t) / 1000;
      // A balance on every stablecoin (the dashboard reads all of them either way).
      for (const asset of STABLECOIN_ASSETS)
        await deps.ledger.post({
          id: `bench:${partner.id}:${asset.code}`,
          kind: 'POSTED',
          reason: 'DEPOSIT',
          cause: { type: 'deposit', id: partner.id },
          effectiveAt: new Date(now).toISOString(),
          postings: [
            {
              debit: accounts.custody(partner.id, 'HOT', asset.code),
              credit: accounts.partnerAvailable(partner.id, asset.code),
              amount: 1_000n * 10n ** BigInt(asset.decimals),
            },
          ],
        });
      return { code, email: user.email, written, seedSeconds };
    };
    const seeded = [await seed('SMALL', smallCount), await seed('BIG', bigCount)];

    let dynamoCalls = 0;
    const ledgerDb = (deps.ledger as unknown as { db: DynamoDBDocumentClient }).db;
    for (const client of [deps.db, ledgerDb])
      client.middlewareStack.add((next) => (a) => ((dynamoCalls += 1), next(a)), {
        step: 'initialize',
        name: 'countCalls',
      });
    const server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const csrf = 'c'.repeat(43);
    const signIn = async (email: string) => {
      const res = await fetch(`${apiUrl}/api/console/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `gw_csrf=${csrf}`, 'x-csrf-token': csrf },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in ${res.status}: ${await res.text()}`);
      return res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
    };
    const runs = await Promise.all(
      seeded.map(async (s) => ({
        ...s,
        cookie: await signIn(s.email),
        ms: [] as number[],
        calls: 0,
        trend: 0,
      })),
    );
    const dashboard = async (cookie: string) => {
      const res = await fetch(`${apiUrl}/api/console/dashboard`, { headers: { cookie } });
      const body = (await res.json()) as { depositTrend?: { days: { count: number }[] } };
      if (res.status !== 200) throw new Error(`GET /console/dashboard ${res.status}`);
      return body.depositTrend?.days.reduce((n, d) => n + d.count, 0) ?? 0;
    };
    for (const r of runs) for (let i = 0; i < 20; i++) await dashboard(r.cookie); // warm-up
    // Alternate the two partners call by call so load from other work falls on both alike.
    for (let i = 0; i < calls; i++)
      for (const r of runs) {
        const before = dynamoCalls;
        const t = performance.now();
        r.trend = await dashboard(r.cookie);
        r.ms.push(performance.now() - t);
        r.calls += dynamoCalls - before;
      }
    await new Promise((r) => server.close(r));

    const fmt = (n: number) => n.toFixed(1);
    const lines = [
      `dashboard: GET /api/console/dashboard, ${calls} calls per partner, sequential, alternating (DynamoDB Local in memory, one process; load ${loadavg()[0]?.toFixed(1)})`,
      '| partner | deposits in 30 days | in the 7-day trend | seeded in | p50 | p99 | DynamoDB requests per call |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...runs.map((r) => {
        r.ms.sort((a, b) => a - b);
        return `| ${r.code} | ${r.written.toLocaleString('en-US')} | ${r.trend.toLocaleString('en-US')} | ${fmt(r.seedSeconds)} s | ${fmt(percentile(r.ms, 50))} ms | ${fmt(percentile(r.ms, 99))} ms | ${fmt(r.calls / calls)} |`;
      }),
      '',
    ];
    process.stdout.write(lines.join('\n'));
  });
}
