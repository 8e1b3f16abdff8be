import {
  approveWithdrawal,
  cancelWithdrawal,
  rejectWithdrawal,
} from '../../../shared/app/withdrawals/decide-withdrawal';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { withdrawalEntryIds } from '../../../shared/domain/withdrawal/withdrawal';
import { startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { WithdrawalBench } from './withdrawal-support';

jest.setTimeout(60_000);

describe('withdrawal lifecycle on a local chain (real state machine definition, real signing, DynamoDB Local)', () => {
  let chain: SweepChainNode;
  let bench: WithdrawalBench;

  beforeAll(async () => {
    chain = await startSweepChain('POLYGON');
  });
  afterAll(async () => {
    await chain.node.stop();
  });
  afterEach(async () => {
    await bench.tearDown();
  });

  async function setUp(options: Parameters<WithdrawalBench['setUp']>[0] = {}) {
    bench = new WithdrawalBench(chain);
    await bench.setUp(options);
    bench.startMining(100);
  }

  it('pays an auto-approved withdrawal once: hold at REQUESTED, debit at CONFIRMED, signed webhooks for each step', async () => {
    await setUp();
    await bench.fund('100');
    const { withdrawal, created } = await bench.request('25.5');
    expect(created).toBe(true);
    expect(withdrawal.status).toBe('REQUESTED');
    expect(await bench.available()).toBe('74.5');
    const done = await bench.waitFor(withdrawal.code, ['CONFIRMED', 'FAILED']);
    expect(done.status).toBe('CONFIRMED');
    expect(done.history.map((h) => h.status)).toEqual([
      'REQUESTED',
      'APPROVED',
      'PROCESSING',
      'BROADCASTING',
      'CONFIRMED',
    ]);
    expect(await bench.tokenBalance(done.address)).toBe(bench.units('25.5'));
    expect(await bench.posted()).toBe('74.5');
    const hold = await bench.base.ledger.getEntry(withdrawalEntryIds(done.code).hold);
    expect(hold?.pendingStatus).toBe('POSTED');
    expect(bench.webhooks.map((e) => e.type)).toEqual([
      'WITHDRAWAL_REQUESTED',
      'WITHDRAWAL_APPROVED',
      'WITHDRAWAL_CONFIRMED',
    ]);
    await bench.executionEnd(done.code);
  });

  it('replays a retried request with the same Idempotency-Key and refuses the key with another body', async () => {
    await setUp();
    await bench.fund('10');
    const address = bench.newAddress();
    const first = await bench.request('1', { key: 'same-key', address });
    const again = await bench.request('1', { key: 'same-key', address });
    expect(again.created).toBe(false);
    expect(again.withdrawal.code).toBe(first.withdrawal.code);
    await expect(bench.request('2', { key: 'same-key', address })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    await bench.waitFor(first.withdrawal.code, 'CONFIRMED');
    expect(await bench.tokenBalance(address)).toBe(bench.units('1'));
    expect(await bench.posted()).toBe('9');
  });

  it('waits for a second person above the threshold; the requester cannot approve; approval pays out', async () => {
    await setUp({
      settings: {
        addressMode: 'MANUAL_ADDRESS',
        approval: { mode: 'CONDITIONAL', thresholdUsdt: 10_000_000n },
      },
    });
    await bench.fund('100');
    const small = await bench.request('10');
    const large = await bench.request('10.000001');
    await bench.waitFor(small.withdrawal.code, 'CONFIRMED');
    await bench.waitFor(large.withdrawal.code, 'PENDING_APPROVAL');
    await expect(
      approveWithdrawal(bench.wiring.deps, bench.partnerId, large.withdrawal.code, {
        kind: 'user',
        id: 'usr_requester',
      }),
    ).rejects.toMatchObject({ code: 'FOUR_EYES_VIOLATION' });
    expect((await bench.get(large.withdrawal.code)).status).toBe('PENDING_APPROVAL');
    const approved = await approveWithdrawal(bench.wiring.deps, bench.partnerId, large.withdrawal.code, {
      kind: 'user',
      id: 'usr_approver',
    });
    expect(approved.status).toBe('APPROVED');
    expect(approved.decidedBy).toBe('user:usr_approver');
    const done = await bench.waitFor(large.withdrawal.code, 'CONFIRMED');
    expect(await bench.tokenBalance(done.address)).toBe(bench.units('10.000001'));
    expect(await bench.posted()).toBe('79.999999');
    await bench.executionEnd(done.code);
  });

  it('releases the hold on rejection, with the reason, and the execution ends', async () => {
    await setUp({
      settings: { addressMode: 'MANUAL_ADDRESS', approval: { mode: 'CONDITIONAL', thresholdUsdt: 0n } },
    });
    await bench.fund('50');
    const { withdrawal } = await bench.request('20');
    await bench.waitFor(withdrawal.code, 'PENDING_APPROVAL');
    expect(await bench.available()).toBe('30');
    const rejected = await rejectWithdrawal(
      bench.wiring.deps,
      bench.partnerId,
      withdrawal.code,
      { kind: 'user', id: 'usr_approver' },
      'Unknown destination',
    );
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: 'Unknown destination' });
    expect(await bench.available()).toBe('50');
    await bench.executionEnd(withdrawal.code);
    expect((await bench.base.ledger.getEntry(withdrawalEntryIds(withdrawal.code).hold))?.pendingStatus).toBe(
      'VOIDED',
    );
    await expect(
      cancelWithdrawal(bench.wiring.deps, bench.partnerId, withdrawal.code, {
        kind: 'user',
        id: 'usr_requester',
      }),
    ).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
    expect(bench.webhooks.map((e) => e.type)).toEqual(['WITHDRAWAL_REQUESTED', 'WITHDRAWAL_REJECTED']);
  });

  it('cancels a withdrawal nobody decided on when the approval window closes', async () => {
    await setUp({
      approvalTimeoutSeconds: 1,
      settings: { addressMode: 'MANUAL_ADDRESS', approval: { mode: 'CONDITIONAL', thresholdUsdt: 0n } },
    });
    await bench.fund('5');
    const { withdrawal } = await bench.request('5');
    const cancelled = await bench.waitFor(withdrawal.code, 'CANCELLED');
    expect(cancelled.failureReason).toBe('APPROVAL_EXPIRED');
    // The hold is released by the execution's last step, after the status is written: wait for its end.
    await bench.executionEnd(withdrawal.code);
    expect(await bench.available()).toBe('5');
  });

  it('settles cancel racing approve with exactly one winner and consistent funds', async () => {
    await setUp({
      settings: { addressMode: 'MANUAL_ADDRESS', approval: { mode: 'CONDITIONAL', thresholdUsdt: 0n } },
    });
    await bench.fund('60');
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await bench.request('10')).withdrawal.code);
    for (const code of codes) await bench.waitFor(code, 'PENDING_APPROVAL');
    const outcomes = await Promise.all(
      codes.map((code) =>
        Promise.allSettled([
          approveWithdrawal(bench.wiring.deps, bench.partnerId, code, { kind: 'user', id: 'usr_approver' }),
          cancelWithdrawal(bench.wiring.deps, bench.partnerId, code, { kind: 'user', id: 'usr_requester' }),
        ]),
      ),
    );
    let confirmed = 0;
    for (const [i, pair] of outcomes.entries()) {
      if (pair.every((o) => o.status === 'rejected')) throw (pair[0] as PromiseRejectedResult).reason;
      expect(pair.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const loser = pair.find((o) => o.status === 'rejected');
      expect((loser as PromiseRejectedResult).reason).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
      const final = await bench.waitFor(codes[i] as string, ['CONFIRMED', 'CANCELLED']);
      if (final.status === 'CONFIRMED') confirmed += 1;
      await bench.executionEnd(final.code);
    }
    expect(await bench.posted()).toBe(String(60 - 10 * confirmed));
    expect(await bench.available()).toBe(String(60 - 10 * confirmed));
  });

  it('charges the configured fee: held with the amount, debited at CONFIRMED, credited to platform revenue', async () => {
    await setUp({ fees: { 'USDT@POLYGON': '0.5' } });
    await bench.fund('20');
    const revenue = accounts.platformRevenue('USDT@POLYGON');
    const revenueBefore = (await bench.base.ledger.balance(revenue)).posted;
    const { withdrawal } = await bench.request('10');
    expect(withdrawal.fee).toBe(bench.units('0.5'));
    expect(await bench.available()).toBe('9.5');
    const done = await bench.waitFor(withdrawal.code, 'CONFIRMED');
    expect(await bench.tokenBalance(done.address)).toBe(bench.units('10'));
    expect(await bench.posted()).toBe('9.5');
    expect((await bench.base.ledger.balance(revenue)).posted - revenueBefore).toBe(bench.units('0.5'));
    // MAX leaves room for the fee: 9.5 available → 9 sent + 0.5 fee.
    const max = await bench.request('MAX');
    expect(max.withdrawal.amount).toBe(bench.units('9'));
    await bench.waitFor(max.withdrawal.code, 'CONFIRMED');
    expect(await bench.posted()).toBe('0');
  });
});
