import { runWithdrawalTask } from '../../../shared/app/withdrawals/withdrawal-lifecycle';
import type { TaskInput } from '../../../shared/app/withdrawals/withdrawal-lifecycle';
import type { WithdrawalDeps } from '../../../shared/app/withdrawals/deps';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';
import { CrashPlan } from '../../support/faults/crash';
import type { FaultDice } from '../../support/faults/seeded';
import type { Violations } from '../../support/faults/invariants';

export const WITHDRAWAL_TERMINAL = ['CONFIRMED', 'FAILED', 'REJECTED', 'CANCELLED'];

/** WAIT_FUNDS has none here: the execution waits (WaitForFunds) and the caller's next round resumes it. */
const NEXT: Record<string, TaskInput['task'] | undefined> = {
  PROCESS: 'prepare',
  BROADCAST: 'broadcast',
  TRACK: 'track',
  REPLACE: 'replace',
  CONFIRM: 'confirm',
  DONE: 'finish',
};

/** TRON ports of a process that may crash: the node (wrapped on first use, never built otherwise) and the MASTER energy requests. */
function crashingTron(
  plan: CrashPlan,
  tron: NonNullable<WithdrawalDeps['tron']>,
): NonNullable<WithdrawalDeps['tron']> {
  const energy = tron.masterEnergy;
  return {
    signer: tron.signer,
    feeLimitSun: tron.feeLimitSun,
    get chain() {
      return plan.wrap('tronChain', tron.chain);
    },
    ...(energy ? { masterEnergy: { ...energy, requests: plan.wrap('masterEnergy', energy.requests) } } : {}),
  };
}

/**
 * One execution of a withdrawal as Step Functions runs it — begin, then the task each route names,
 * until DONE — in a process that may die at a step boundary (the plan drawn by the dice). A task that
 * fails ends the execution; the stall sweeper later starts a new one from begin (the caller re-drives).
 * WAIT_FUNDS (MASTER short of tokens or gas) ends the drive too: the execution waits while the sweep
 * process moves funds or tops MASTER up, and the caller's next round drives it on.
 */
export async function driveWithdrawal(
  base: WithdrawalDeps,
  partnerId: string,
  code: string,
  dice: FaultDice,
  crashP: number,
  mine: () => Promise<void>,
): Promise<void> {
  const plan = CrashPlan.draw(dice, crashP, 30);
  const deps: WithdrawalDeps = {
    ...base,
    withdrawals: plan.wrap('withdrawals', base.withdrawals),
    ledger: plan.wrap('ledger', base.ledger),
    signers: plan.wrap('signers', base.signers),
    chain: (n) => plan.wrap('chain', base.chain(n)),
    // TRON: its node (built on first use) and its MASTER energy requests die with the process too.
    ...(base.tron ? { tron: crashingTron(plan, base.tron) } : {}),
  };
  let task: TaskInput['task'] = 'begin';
  for (let step = 0; step < 12; step++) {
    let out: { route: string };
    try {
      out = (await runWithdrawalTask(deps, { task, partnerId, code })) as { route: string };
    } catch {
      return;
    }
    if (task === 'finish') return;
    const following = NEXT[out.route];
    if (!following) return;
    if (following === 'track') await mine();
    task = following;
  }
}

/**
 * Re-drives every open withdrawal without faults until all are terminal (bounded). `between` runs
 * after each round (default: `mine`): what the withdrawals wait for meanwhile, such as the sweep
 * process serving their MASTER gas requests.
 */
export async function healWithdrawals(
  deps: WithdrawalDeps,
  partnerId: string,
  dice: FaultDice,
  mine: () => Promise<void>,
  between: () => Promise<void> = mine,
): Promise<void> {
  for (let i = 0; i < 12; i++) {
    const open = (await deps.withdrawals.list(partnerId, { limit: 100 })).items.filter(
      (x) => !WITHDRAWAL_TERMINAL.includes(x.status),
    );
    if (open.length === 0) return;
    for (const x of open) await driveWithdrawal(deps, partnerId, x.code, dice, 0, mine);
    await between();
  }
}

/**
 * Withdrawal invariants: none left open; each paid at most once (exactly its amount when CONFIRMED,
 * nothing otherwise, read from the recipient's balance on chain); the sender's nonces gapless (the
 * allocated ones are 0…n−1 above `startNonce` and the chain's count is exactly past them; TRON has
 * none: `nonce` absent). Returns what was paid out.
 */
export async function checkWithdrawals(
  list: readonly Withdrawal[],
  v: Violations,
  chain: {
    tokenBalance(address: string): Promise<bigint>;
    nonce?(): Promise<number>;
    readonly startNonce?: number;
  },
): Promise<bigint> {
  let paidOut = 0n;
  const nonces: number[] = [];
  for (const x of list) {
    if (!WITHDRAWAL_TERMINAL.includes(x.status)) v.add(`withdrawal ${x.code} stuck in ${x.status}`);
    const received = await chain.tokenBalance(x.address);
    const expected = x.status === 'CONFIRMED' ? x.amount : 0n;
    if (received !== expected)
      v.money(
        received - expected,
        `withdrawal ${x.code} (${x.status}) paid ${received}, expected ${expected}`,
      );
    if (x.status === 'CONFIRMED') paidOut += x.amount;
    if (x.tx?.nonce !== undefined) nonces.push(x.tx.nonce);
  }
  if (!chain.nonce) return paidOut;
  nonces.sort((a, b) => a - b);
  const onChain = await chain.nonce();
  const start = chain.startNonce ?? 0;
  if (nonces.some((n, i) => n !== start + i) || onChain !== start + nonces.length)
    v.add(`sender nonces ${nonces.join(',')} from ${start}, ${onChain} on chain: not gapless`);
  return paidOut;
}
