import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Wallet } from 'ethers';
import { createPartnerClient } from '../../clients/typescript/partner-client';
import { startLocalStack, useStackEnvironment } from '../../tests/e2e/support/local-stack';
import { fundFromFaucet } from '../local/evm/local-chains';
import type { LocalEvmNetwork } from '../local/evm/local-chains';
import { percentile } from './bench-support';

/**
 * Writes of one intake: the signature's replay claim, the idempotency claim, the withdrawal record, the
 * hold (one transaction), the REQUESTED event (outbox), the key's completion (see the request-count
 * test in tests/integration/withdrawals/withdrawal-intake.test.ts).
 */
const WRITES_PER_INTAKE = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  readonly key: string;
  readonly status: number;
  readonly code?: string;
  readonly errorCode?: string;
  readonly ms: number;
}

/**
 * `npm run bench -- withdrawal-intake [--levels 8,64,200] [--amount 1]`
 *
 * A fresh `npm start` (its own ports and data): DEMO_SHOP gets USDT on POLYGON through a real deposit,
 * then, per level, that many signed `POST /v1/withdrawals` are sent at once (same partner, distinct
 * Idempotency-Keys and bodies). Prints p50/p99/max latency and the answers by status per level, then
 * checks the money against DynamoDB: every 201 has its withdrawal and a hold of amount + fee, every
 * refusal left neither (the withdrawal code derives from the key), and the partner's available balance
 * dropped by exactly the sum of the holds. The withdrawals are auto-approved, so their lifecycles
 * (sweeps, broadcasts) run in the stack's process while later levels are measured, as they would.
 */
export async function benchWithdrawalIntake(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      levels: { type: 'string', default: '8,64,200' },
      amount: { type: 'string', default: '1' },
    },
  });
  const levels = values.levels.split(',').map(Number);
  const amount = values.amount;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const stack = await startLocalStack();
  try {
    const shop = stack.file.partners.find((p) => p.code === 'DEMO_SHOP');
    if (!shop) throw new Error('DEMO_SHOP missing from the stack file');
    const gw = createPartnerClient({
      apiUrl: stack.file.apiUrl,
      apiKey: shop.apiKey,
      apiSecret: shop.apiSecret,
    });
    const net = stack.file.networks['POLYGON'];
    if (!net) throw new Error('POLYGON missing from the stack file');
    const chain: LocalEvmNetwork = {
      code: 'POLYGON',
      rpcUrl: net.rpcUrl,
      chainId: net.chainId,
      tokens: net.tokens as LocalEvmNetwork['tokens'],
    };
    const decimals = net.tokens['USDT']?.decimals ?? 6;
    const total = levels.reduce((s, n) => s + n, 0);

    // Funds: one real deposit covering every withdrawal (amount + any fee, with room to spare).
    const userId = `bench-intake-${Date.now()}`;
    const address = (
      await gw.post<{ address: string }>('/v1/deposit-addresses', { userId, network: 'POLYGON' })
    ).body.address;
    const units = BigInt(Math.ceil(Number(amount) * 2 * total + 100));
    await fundFromFaucet(chain, 'USDT', address, units * 10n ** BigInt(decimals));
    let credited = false;
    for (let i = 0; i < 600 && !credited; i += 1) {
      const page = await gw.get<{ deposits: { status: string }[] }>(`/v1/deposits?userId=${userId}`);
      credited = page.body.deposits?.some((d) => d.status === 'CONFIRMED') ?? false;
      if (!credited) await sleep(250);
    }
    if (!credited) throw new Error('the funding deposit was not credited within 150 s');

    useStackEnvironment(stack);
    const { getDeps } = await import('../../shared/composition/gateway');
    const { DynamoWithdrawalRepository } =
      await import('../../shared/adapters/dynamodb/withdrawal-repository');
    const { accounts } = await import('../../shared/domain/ledger/accounts');
    const { withdrawalCode, withdrawalEntryIds } = await import('../../shared/domain/withdrawal/withdrawal');
    const deps = getDeps();
    const repo = new DynamoWithdrawalRepository(deps.db, stack.file.tableName);
    const account = accounts.partnerAvailable(shop.id, 'USDT@POLYGON');

    // Warm-up (module loading, first connections), not measured: one withdrawal, as a partner's first would be.
    const warm = await gw.post<{ withdrawal?: { code: string } }>(
      '/v1/withdrawals',
      {
        network: 'POLYGON',
        token: 'USDT',
        amount,
        address: Wallet.createRandom().address,
        reference: 'bench-warm-up',
      },
      { 'Idempotency-Key': randomUUID() },
    );
    if (warm.status !== 201)
      throw new Error(`warm-up withdrawal answered ${warm.status}: ${JSON.stringify(warm.body)}`);
    const availableBefore = (await deps.ledger.balance(account)).available;

    say(
      `\nwithdrawal intake — npm start, DEMO_SHOP, ${amount} USDT@POLYGON each, signed POST /v1/withdrawals all at once`,
    );
    say('concurrent   p50 ms   p99 ms   max ms   answers by status');
    const outcomes: Outcome[] = [];
    for (const level of levels) {
      // Destinations made before the clock starts: a random HD wallet costs the client ~14 ms of CPU
      // (its mnemonic's PBKDF2), which inside the timed loop delayed every send behind the others.
      const destinations = Array.from({ length: level }, () => Wallet.createRandom().address);
      const batch = await Promise.all(
        Array.from({ length: level }, async (_, i): Promise<Outcome> => {
          const key = randomUUID();
          const t0 = performance.now();
          try {
            const res = await gw.post<{ withdrawal?: { code: string }; error?: { code: string } }>(
              '/v1/withdrawals',
              {
                network: 'POLYGON',
                token: 'USDT',
                amount,
                address: destinations[i],
                reference: `bench-${level}-${i}`,
              },
              { 'Idempotency-Key': key },
            );
            const out: Outcome = {
              key,
              status: res.status,
              ms: performance.now() - t0,
              ...(res.body?.withdrawal ? { code: res.body.withdrawal.code } : {}),
              ...(res.body?.error ? { errorCode: res.body.error.code } : {}),
            };
            return out;
          } catch (e) {
            // No answer: say why (undici puts the socket error in `cause`).
            const cause = (e as Error).cause as { code?: string; message?: string } | undefined;
            const why = cause?.code ?? cause?.message;
            return {
              key,
              status: 0,
              errorCode: `${(e as Error).message}${why ? ` (${why})` : ''}`,
              ms: performance.now() - t0,
            };
          }
        }),
      );
      outcomes.push(...batch);
      const ms = batch.map((o) => o.ms).sort((a, b) => a - b);
      const byStatus = new Map<string, number>();
      for (const o of batch) {
        const label = o.status === 201 ? '201' : `${o.status} ${o.errorCode ?? ''}`.trim();
        byStatus.set(label, (byStatus.get(label) ?? 0) + 1);
      }
      say(
        `${String(level).padStart(10)} ${percentile(ms, 50).toFixed(0).padStart(8)} ${percentile(ms, 99).toFixed(0).padStart(8)} ${(ms.at(-1) ?? 0).toFixed(0).padStart(8)}   ` +
          [...byStatus].map(([s, n]) => `${s}×${n}`).join(', '),
      );
    }

    // The money: what each request left behind, from the table itself.
    const today = new Date().toISOString();
    let created = 0;
    let held = 0n;
    let expected = 0n;
    const problems: string[] = [];
    for (const o of outcomes) {
      const code = o.code ?? withdrawalCode(shop.id, o.key, today);
      const [w, hold] = await Promise.all([
        repo.get(shop.id, code),
        deps.ledger.getEntry(withdrawalEntryIds(code).hold),
      ]);
      const holdTotal = hold?.postings.reduce((s, p) => s + p.amount, 0n) ?? 0n;
      const released = hold?.pendingStatus === 'VOIDED';
      if (w) created += 1;
      if (hold && !released) held += holdTotal;
      if (w && !['REJECTED', 'CANCELLED', 'FAILED'].includes(w.status)) expected += w.amount + w.fee;
      if (o.status === 201 && (!w || !hold || holdTotal !== w.amount + w.fee))
        problems.push(`${code}: 201 without its hold`);
      if (o.status !== 201 && o.status !== 200 && (w || hold))
        problems.push(`${code}: answered ${o.status} but ${w ? 'created' : 'held'}`);
    }
    const availableAfter = (await deps.ledger.balance(account)).available;
    const answered201 = outcomes.filter((o) => o.status === 201).length;
    const fiveXx = outcomes.filter((o) => o.status >= 500 || o.status === 0).length;
    const fmt = (n: bigint) => (Number(n) / 10 ** decimals).toFixed(2);
    say(`created withdrawals: ${created} (answered 201: ${answered201}); 5xx or no answer: ${fiveXx}`);
    say(
      `holds: held ${fmt(held)} USDT, amount + fee of live created withdrawals ${fmt(expected)} USDT, available balance dropped ${fmt(availableBefore - availableAfter)} USDT → ${
        held === expected && availableBefore - availableAfter === expected && problems.length === 0
          ? 'match'
          : 'MISMATCH'
      }`,
    );
    for (const p of problems.slice(0, 10)) say(`  ${p}`);
    // The floor the emulator sets: DynamoDB Local on disk (npm start keeps its data) commits each write
    // to SQLite on its own, one at a time, so an intake's writes bound how fast a burst can be taken in.
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const writes = 400;
    let next = 0;
    const w0 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < writes) {
          const n = next++;
          await deps.db.send(
            new PutCommand({
              TableName: stack.file.tableName,
              Item: { PK: `BENCH#WRITE#${n}`, SK: 'BENCH', at: new Date().toISOString() },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
        }
      }),
    );
    const perSecond = writes / ((performance.now() - w0) / 1000);
    say(
      `DynamoDB Local (on disk): ${perSecond.toFixed(0)} conditional writes/s at 16 at once; an intake writes ${WRITES_PER_INTAKE} times → ` +
        `at least ${((200 * WRITES_PER_INTAKE) / perSecond).toFixed(1)} s for 200 at once, before any other work`,
    );
    if (fiveXx > 0) {
      // What the stack said about its 5xx answers: the distinct first lines of its internal errors.
      const reasons = new Map<string, number>();
      for (const line of stack.output().split('\n')) {
        const m = /internal error: (.*)/.exec(line);
        if (m?.[1]) reasons.set(m[1].slice(0, 200), (reasons.get(m[1].slice(0, 200)) ?? 0) + 1);
      }
      for (const [reason, n] of [...reasons].slice(0, 5)) say(`  stack: ${n} × ${reason}`);
    }
  } finally {
    await stack.stop();
  }
}
