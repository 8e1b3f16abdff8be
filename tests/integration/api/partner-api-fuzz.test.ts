import { createHash } from 'node:crypto';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { getDeps } from '../../../shared/composition/gateway';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { contractChecker } from '../../support/openapi-contract';
import { invokeHandler, requestArbitrary, seededOperations } from '../../support/partner-api-fuzz';
import type { FuzzOutcome, FuzzPrincipal, FuzzRequest } from '../../support/partner-api-fuzz';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
/** A fixed, seeded sample: the same requests on every run. More with FUZZ_RUNS (npm run bench -- fuzz). */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 2000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261207);
const CONCURRENCY = 4;
const WRITE_BATCH = 2;

/** Per-request bookkeeping that every signed request writes (the replay claim, the key's last use). */
const BOOKKEEPING = /^(REPLAY#|APIKEY#|THROTTLE#)/;

describe('partner API fuzz: thousands of mutated, validly signed requests to every route', () => {
  let dropTable: () => Promise<void>;
  let tableName: string;
  let principal: FuzzPrincipal;
  const checker = contractChecker();

  beforeAll(async () => {
    const table = await createTestTable('fuzz');
    dropTable = table.dropTable;
    tableName = table.config.tableName;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    const shop = await createPartner(deps, OPERATOR, {
      code: 'SHOP',
      name: 'Shop',
      type: 'MERCHANT',
      parentCode: 'PLATFORM',
    });
    const key = await issueApiKey(deps, OPERATOR, { partnerId: shop.id, name: 'fuzzer' });
    principal = {
      partnerId: shop.id,
      partnerCode: shop.code,
      partnerType: shop.type,
      apiKey: key.apiKey.id,
      apiSecret: key.secret,
    };
  });
  afterAll(async () => {
    await dropTable();
  });

  /**
   * Sends one request, then drops its replay claim: the claim is bookkeeping every signed request
   * leaves, and thousands of them would make each state digest scan slow. Signatures here are unique.
   */
  const spent = new Map<string, number[]>();
  async function sendOne(request: FuzzRequest): Promise<FuzzOutcome> {
    const t0 = Date.now();
    const outcome = await invokeHandler(principal, request);
    spent.set(request.operation, [...(spent.get(request.operation) ?? []), Date.now() - t0]);
    if (request.body) {
      await getDeps().db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: { PK: `REPLAY#${principal.apiKey}#${outcome.signature}`, SK: 'REPLAY' },
        }),
      );
    }
    return outcome;
  }

  /** Everything the partner API could change, as one digest (bookkeeping items left out). */
  async function stateDigest(): Promise<string> {
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await getDeps().db.send(
        new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? [])
        if (!BOOKKEEPING.test(String(item['PK']))) items.push(JSON.stringify(item, Object.keys(item).sort()));
      start = out.LastEvaluatedKey;
    } while (start);
    return createHash('sha256').update(items.sort().join('\n')).digest('hex');
  }

  it('never answers 5xx, always a documented status and body, and a refused change leaves no trace', async () => {
    const started = Date.now();
    const requests = fc.sample(requestArbitrary(checker), { numRuns: RUNS, seed: SEED });
    const reads = requests.filter((r) => r.method === 'GET');
    const writes = requests.filter((r) => r.method !== 'GET');
    const outcomes: FuzzOutcome[] = [];
    const stateChangingRefusals: string[] = [];

    // Reads in parallel.
    for (let i = 0; i < reads.length; i += CONCURRENCY) {
      outcomes.push(...(await Promise.all(reads.slice(i, i + CONCURRENCY).map(sendOne))));
    }
    const readsDone = Date.now();
    // Writes one at a time, in batches with a table digest around each: a batch of refusals only must
    // leave the digest unchanged. (A batch with a success in it changes the table by design; its
    // refusals are not checked, and the summary says how many were.)
    let digestMs = 0;
    let checkedRefusals = 0;
    const digest = async () => {
      const t = Date.now();
      const d = await stateDigest();
      digestMs += Date.now() - t;
      return d;
    };
    let before = await digest();
    for (let i = 0; i < writes.length; i += WRITE_BATCH) {
      const batch: FuzzOutcome[] = [];
      for (const request of writes.slice(i, i + WRITE_BATCH)) batch.push(await sendOne(request));
      outcomes.push(...batch);
      const after = await digest();
      if (batch.every((o) => o.status >= 400)) {
        checkedRefusals += batch.length;
        if (after !== before) {
          stateChangingRefusals.push(
            ...batch.map(
              (o) =>
                `${o.status} ${o.request.method} ${o.request.path.slice(0, 120)} ${o.request.body.slice(0, 200)}`,
            ),
          );
        }
      }
      before = after;
    }

    const serverErrors = outcomes.filter((o) => o.status >= 500);
    const contractBreaks = outcomes.flatMap((o) =>
      checker
        .check(o.request.method, o.request.path, o.status, o.body)
        .map((p) => `${p} (${JSON.stringify(o.body).slice(0, 200)})`),
    );
    const routes = new Set(outcomes.map((o) => o.request.operation));
    const byStatus: Record<string, number> = {};
    for (const o of outcomes) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    process.stdout.write(
      `partner API fuzz: ${outcomes.length} requests, ${routes.size} routes, 5xx: ${serverErrors.length}, ` +
        `statuses ${JSON.stringify(byStatus)}, seed ${SEED}; reads ${readsDone - started} ms, writes ${Date.now() - readsDone} ms\n`,
    );

    const slowest = [...spent]
      .map(([op, ms]) => [op, Math.round(ms.reduce((x, y) => x + y, 0) / ms.length)] as const)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5);
    process.stdout.write(
      `refusals checked for state change: ${checkedRefusals} of ${writes.length} writes; state digests ${digestMs} ms; slowest routes (mean ms) ${JSON.stringify(slowest)}\n`,
    );
    expect(routes.size).toBe(seededOperations().length);
    expect(
      serverErrors.map(
        (o) =>
          `${o.status} ${o.request.method} ${o.request.path.slice(0, 120)} ${JSON.stringify(o.request.query).slice(0, 200)} ${o.request.body.slice(0, 200)}`,
      ),
    ).toEqual([]);
    expect(contractBreaks.slice(0, 20)).toEqual([]);
    expect(stateChangingRefusals.slice(0, 20)).toEqual([]);
    expect(checkedRefusals).toBeGreaterThan(writes.length / 2);
    // The sample must mostly be refusals (what is being tested), with some successes among them.
    expect(outcomes.filter((o) => o.status >= 400).length).toBeGreaterThan(outcomes.length / 2);
    expect(outcomes.some((o) => o.status < 300)).toBe(true);
  }, 600_000);
});
