import { ConflictError, GatewayError, isGatewayError, NotFoundError } from '../../domain/errors';
import { accounts } from '../../domain/ledger/accounts';
import type { EntryRequest } from '../../domain/ledger/entry';
import { gasCost, usdValue } from '../../domain/sweeps/gas';
import type { Withdrawal, WithdrawalStatus } from '../../domain/withdrawal/withdrawal';
import { bumpedGasPrice, transitionWithdrawal, withdrawalEntryIds } from '../../domain/withdrawal/withdrawal';
import type { ChainReceipt } from '../../ports/sweeps';
import type { WithdrawalDeps } from './deps';
import { holdEntry } from './request-withdrawal';
import { tronFollow, tronPrepare, tronReplace, tronSend } from './tron-withdrawal-steps';
import { publishWithdrawalEvent } from './withdrawal-view';

/**
 * The task states of the withdrawal state machine (infra/workflows/withdrawal.asl.json). Every task
 * reads the withdrawal, does the one step its status allows, writes the new status on the condition
 * that the old one is unchanged, and answers with the route the definition follows next. So every
 * task is safe to run twice, after a crash, or after another actor (approve, cancel) moved first,
 * and an execution restarted from the top picks up where the last one stopped.
 */
export type Route =
  'AWAIT_APPROVAL' | 'PROCESS' | 'BROADCAST' | 'WAIT_FUNDS' | 'TRACK' | 'REPLACE' | 'CONFIRM' | 'DONE';

export type TaskName =
  | 'begin'
  | 'awaitApproval'
  | 'settleApproval'
  | 'expireApproval'
  | 'prepare'
  | 'broadcast'
  | 'track'
  | 'replace'
  | 'confirm'
  | 'fail'
  | 'finish';

export interface TaskInput {
  readonly task: TaskName;
  readonly partnerId: string;
  readonly code: string;
  readonly taskToken?: string;
  /** awaitApproval: when the approval wait times out (the definition's TimeoutSecondsPath value). */
  readonly approvalTimeoutSeconds?: number;
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

export interface TaskOutput {
  readonly route: Route;
  readonly status: WithdrawalStatus;
}

const SYSTEM = 'system';

async function load(deps: WithdrawalDeps, input: Pick<TaskInput, 'partnerId' | 'code'>): Promise<Withdrawal> {
  const w = await deps.withdrawals.get(input.partnerId, input.code);
  if (!w) throw new NotFoundError(`Withdrawal ${input.code} not found`);
  return w;
}

function out(w: Withdrawal, route: Route): TaskOutput {
  return { route, status: w.status };
}

/** Where an execution goes from a withdrawal's current status. */
function routeOf(w: Withdrawal): Route {
  switch (w.status) {
    case 'REQUESTED':
      return 'PROCESS';
    case 'PENDING_APPROVAL':
      return 'AWAIT_APPROVAL';
    case 'APPROVED':
      return 'PROCESS';
    case 'PROCESSING':
      return w.tx && w.tx.attempts.length > 0 ? 'BROADCAST' : 'PROCESS';
    case 'BROADCASTING':
      return 'TRACK';
    default:
      return 'DONE';
  }
}

/**
 * Moves a withdrawal by an event, on the condition that its status is still the one read. Returns the
 * new withdrawal, or the current one when someone else moved it first (the caller re-routes).
 */
async function move(
  deps: WithdrawalDeps,
  w: Withdrawal,
  event: Parameters<typeof transitionWithdrawal>[1],
  patch: Parameters<WithdrawalDeps['withdrawals']['transition']>[4] = {},
  by = SYSTEM,
): Promise<{ readonly moved: boolean; readonly withdrawal: Withdrawal }> {
  const to = transitionWithdrawal(w.status, event);
  try {
    const next = await deps.withdrawals.transition(
      w.partnerId,
      w.code,
      w.status,
      { status: to, at: deps.clock.now().toISOString(), by },
      patch,
    );
    return { moved: true, withdrawal: next };
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    return { moved: false, withdrawal: await load(deps, w) };
  }
}

/** Releases the hold of a withdrawal that will not pay out (idempotent: one void id per withdrawal). */
export async function releaseHold(
  deps: Pick<WithdrawalDeps, 'ledger' | 'clock'>,
  w: Withdrawal,
): Promise<void> {
  const ids = withdrawalEntryIds(w.code);
  // The same payload on every call (a retry must be a duplicate, not a conflict): the time and kind of
  // the first status that ended the withdrawal without paying out.
  const ended = w.history.find(
    (h) => h.status === 'REJECTED' || h.status === 'CANCELLED' || h.status === 'FAILED',
  );
  try {
    await deps.ledger.post({
      id: ids.void,
      kind: 'VOID_PENDING',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: w.code },
      pendingId: ids.hold,
      postings: [],
      effectiveAt: ended?.at ?? w.updatedAt,
      metadata: { status: ended?.status ?? w.status },
    });
  } catch (e) {
    // No hold (the request crashed before holding) or already resolved by an earlier run: nothing to release.
    if (isGatewayError(e, 'PENDING_NOT_FOUND') || isGatewayError(e, 'PENDING_ALREADY_RESOLVED')) return;
    throw e;
  }
}

/** Debits the held funds for good: the transfer is final on chain. */
async function postHold(deps: WithdrawalDeps, w: Withdrawal, txHash: string): Promise<void> {
  const ids = withdrawalEntryIds(w.code);
  // Deterministic payload (see releaseHold): effective when it was sent, with the mined transaction.
  await deps.ledger.post({
    id: ids.post,
    kind: 'POST_PENDING',
    reason: 'WITHDRAWAL',
    cause: { type: 'withdrawal', id: w.code },
    pendingId: ids.hold,
    postings: [],
    effectiveAt: w.tx?.broadcastAt ?? w.createdAt,
    metadata: { txHash, network: w.network },
  });
}

/** REQUESTED: make sure the hold exists, then route by the approval policy. */
async function begin(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  let w = await load(deps, input);
  if (w.status !== 'REQUESTED') return out(w, routeOf(w));
  try {
    // The request held it (the usual case): a read, not a second write to the partner's busy balance item.
    if (!(await deps.ledger.getEntry(withdrawalEntryIds(w.code).hold))) await deps.ledger.post(holdEntry(w));
  } catch (e) {
    if (!isGatewayError(e, 'INSUFFICIENT_FUNDS')) throw e;
    const failed = await move(deps, w, 'FAIL', { failureReason: 'INSUFFICIENT_FUNDS' });
    if (failed.moved) await publishWithdrawalEvent(deps, failed.withdrawal);
    return out(failed.withdrawal, routeOf(failed.withdrawal));
  }
  const moved = await move(deps, w, w.requiresApproval ? 'NEEDS_APPROVAL' : 'AUTO_APPROVE');
  w = moved.withdrawal;
  if (moved.moved && w.status === 'APPROVED') await publishWithdrawalEvent(deps, w);
  return out(w, routeOf(w));
}

/**
 * PENDING_APPROVAL: store the task token the approve / reject / cancel calls resume. If a decision
 * landed before the token was stored, resume at once (the decision's own resume found no token).
 */
async function awaitApproval(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  if (!input.taskToken) throw new GatewayError('VALIDATION_FAILED', 'awaitApproval needs the task token');
  // Until the wait times out, a live execution holds this withdrawal: not a stall (ADR 0010).
  const waitingUntil =
    input.approvalTimeoutSeconds === undefined
      ? undefined
      : new Date(deps.clock.now().getTime() + input.approvalTimeoutSeconds * 1_000).toISOString();
  const saved = await deps.withdrawals.saveTaskToken(
    input.partnerId,
    input.code,
    input.taskToken,
    waitingUntil,
  );
  const w = await load(deps, input);
  if (saved === 'NOT_PENDING') await deps.workflow.resume(input.taskToken, { decision: w.status });
  return out(w, routeOf(w));
}

/** After the wait: the stored status is the decision (approve / reject / cancel wrote it). */
async function settleApproval(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  const w = await load(deps, input);
  if (w.status === 'REJECTED' || w.status === 'CANCELLED') await finish(deps, input);
  return out(w, routeOf(w));
}

/** The approval window closed without a decision: cancel (unless a decision landed meanwhile). */
async function expireApproval(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  let w = await load(deps, input);
  if (w.status === 'PENDING_APPROVAL') {
    const moved = await move(deps, w, 'APPROVAL_EXPIRED', { failureReason: 'APPROVAL_EXPIRED' });
    w = moved.withdrawal;
    if (moved.moved) {
      await releaseHold(deps, w);
      await publishWithdrawalEvent(deps, w);
    }
  }
  if (w.status === 'REJECTED' || w.status === 'CANCELLED') await finish(deps, input);
  return out(w, routeOf(w));
}

/**
 * APPROVED → PROCESSING, then: MASTER can pay (on-chain balance less what is in flight, and gas), a
 * nonce from the sequencer, the transaction signed and stored before anything is sent.
 */
async function prepare(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  let w = await load(deps, input);
  if (w.status === 'APPROVED') {
    const moved = await move(deps, w, 'START_PROCESSING');
    w = moved.withdrawal;
  }
  if (w.status !== 'PROCESSING') return out(w, routeOf(w));
  if (w.tx && w.tx.attempts.length > 0) return out(w, 'BROADCAST');
  if (w.network === 'TRON') {
    const r = await tronPrepare(deps, w);
    if (r.route === 'WAIT_FUNDS') await requestSweep(deps, w);
    return out(r.withdrawal, r.route === 'ROUTE' ? routeOf(r.withdrawal) : (r.route as Route));
  }

  const chain = deps.chain(w.network);
  const master = await deps.masterWallet(w.partnerId, w.network);
  const token = chain.tokenAddress(w.token);
  const data = chain.encodeTransfer(w.address, w.amount);

  if (!w.tx) {
    const [balance, inFlight, gasPrice, native] = await Promise.all([
      chain.tokenBalance(w.token, master.address),
      deps.withdrawals.inFlightFrom(w.network, master.address),
      chain.gasPrice(),
      chain.nativeBalance(master.address),
    ]);
    // Sent but not yet mined still sits in the on-chain balance: count it as spent.
    const reserved = inFlight
      .filter((o) => o.code !== w.code && o.token === w.token && !o.tx?.minedHash)
      .reduce((sum, o) => sum + o.amount, 0n);
    if (balance - reserved < w.amount) {
      await deps.alerts.insufficientMasterBalance({
        partnerId: w.partnerId,
        network: w.network,
        address: master.address,
        asset: w.asset,
        needed: w.amount,
        available: balance - reserved,
        code: w.code,
      });
      await requestSweep(deps, w);
      return out(w, 'WAIT_FUNDS');
    }
    const estimate = await chain.estimateGas({ from: master.address, to: token, data });
    const gasLimit = (estimate * BigInt(100 + deps.timings.gasMarginPercent)) / 100n;
    const required = gasLimit * gasPrice * BigInt(inFlight.length + 1);
    if (native < required) {
      await askForMasterGas(deps, w, master.address, { required, native, gasPrice });
      return out(w, 'WAIT_FUNDS');
    }
    w = await allocateNonce(deps, w, master.address, gasLimit);
    if (w.status !== 'PROCESSING') return out(w, routeOf(w));
    if (w.tx && w.tx.attempts.length > 0) return out(w, 'BROADCAST');
  }
  try {
    w = (await signEvmAttempt(deps, w, await chain.gasPrice())).withdrawal;
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    // A concurrent run stored its signature first: that one is the transaction (ours is never sent).
    w = await load(deps, w);
  }
  return out(w, routeOf(w));
}

/**
 * A signed transfer the node refuses for funds: MASTER's gas went to others meanwhile (withdrawals
 * prepared at once, each seeing the other not yet in flight). The same top-up path as in prepare.
 */
async function askForGasToSend(deps: WithdrawalDeps, w: Withdrawal, gasPrice: bigint): Promise<void> {
  const tx = w.tx;
  if (!tx) return;
  const chain = deps.chain(w.network);
  const [inFlight, native] = await Promise.all([
    deps.withdrawals.inFlightFrom(w.network, tx.from),
    chain.nativeBalance(tx.from),
  ]);
  const required = tx.gasLimit * gasPrice * BigInt(Math.max(inFlight.length, 1));
  await askForMasterGas(deps, w, tx.from, { required, native, gasPrice });
}

/** Gas of the gas tank's own top-up transaction (a plain transfer), with room for a price rise. */
const TOP_UP_GAS = 30_000n;

/**
 * MASTER lacks native coin for its transfer (and those in flight): when the gas tank can cover the
 * shortfall, a MasterGasRequest (one per withdrawal) asks the sweep process — the one writer of the
 * gas tank's nonces — to top MASTER up, and a sweep is requested so it happens now; the withdrawal
 * waits (WAIT_FUNDS) and proceeds once the top-up has landed. Only a gas tank that cannot cover it
 * (or no top-up wiring) raises masterGasLow for an operator.
 */
async function askForMasterGas(
  deps: WithdrawalDeps,
  w: Withdrawal,
  master: string,
  need: { readonly required: bigint; readonly native: bigint; readonly gasPrice: bigint },
): Promise<void> {
  const masterGas = deps.masterGas;
  const chain = deps.chain(w.network);
  if (masterGas && w.network !== 'TRON') {
    const tank = await masterGas.gasTank(w.network);
    const covered =
      (await chain.nativeBalance(tank)) >= need.required - need.native + TOP_UP_GAS * need.gasPrice;
    if (covered) {
      const at = deps.clock.now().toISOString();
      await masterGas.requests.requestMasterGas({
        network: w.network,
        partnerId: w.partnerId,
        code: w.code,
        master,
        token: w.token,
        required: need.required,
        status: 'REQUESTED',
        createdAt: at,
        updatedAt: at,
      });
      await requestSweep(deps, w);
      return;
    }
  }
  await deps.alerts.masterGasLow({
    partnerId: w.partnerId,
    network: w.network,
    address: master,
    code: w.code,
  });
}

/**
 * MASTER cannot pay yet: ask for the partner's credited deposits on the network to be swept now rather
 * than at the next scheduled sweep (ADR 0010). A failed request only delays the withdrawal until the
 * schedule, so it is reported, never thrown.
 */
async function requestSweep(deps: WithdrawalDeps, w: Withdrawal): Promise<void> {
  if (!deps.sweepTrigger) return;
  try {
    await deps.sweepTrigger.requestSweep(w.partnerId, w.network);
  } catch (e) {
    deps.onError?.(`sweep request for withdrawal ${w.code} failed`, e);
  }
}

/**
 * Signs the withdrawal's transfer with its nonce at `gasPrice` (one digest signature: a KMS Sign call
 * on AWS) and stores it as the next attempt, on the condition that no other attempt was stored
 * meanwhile (ConflictError otherwise; the stored one is the transaction).
 */
async function signEvmAttempt(
  deps: WithdrawalDeps,
  w: Withdrawal,
  gasPrice: bigint,
  newFill?: NonNullable<Withdrawal['tx']>['fill'],
): Promise<{ readonly withdrawal: Withdrawal; readonly raw: string }> {
  const tx = w.tx;
  if (!tx) throw new GatewayError('INTERNAL', `Withdrawal ${w.code} has no nonce`);
  const chain = deps.chain(w.network);
  const signer = await deps.signers.signerFor(w.partnerId, w.network);
  if (signer.address.toLowerCase() !== tx.from.toLowerCase()) {
    throw new GatewayError('INTERNAL', `MASTER signer ${signer.address} does not match ${tx.from}`);
  }
  // A filler (see fillNonce) uses the nonce and moves nothing: MASTER sends 0 to itself.
  const filler = (newFill ?? tx.fill) !== undefined;
  const signed = await signer.signTransaction({
    chainId: chain.chainId,
    nonce: tx.nonce,
    to: filler ? tx.from : chain.tokenAddress(w.token),
    data: filler ? '0x' : chain.encodeTransfer(w.address, w.amount),
    value: 0n,
    gasLimit: tx.gasLimit,
    gasPrice,
  });
  const withdrawal = await deps.withdrawals.addAttempt(
    w,
    { hash: signed.hash, raw: signed.raw, gasPrice, signedAt: deps.clock.now().toISOString() },
    { status: w.status, attempts: tx.attempts.length },
    newFill ? { fill: newFill } : {},
  );
  return { withdrawal, raw: signed.raw };
}

/**
 * The withdrawal holds nonce n of its MASTER but its transfer was never signed (RPC or KMS down past
 * the retries). n must still be used, or every later transaction of that MASTER waits behind the gap:
 * sign a zero-value self-transfer at n with the same signer (a signer still down fails this task and
 * the definition retries it; a lost execution is resumed by the stall sweeper and signs either) and
 * store it, marked `fill`, in the same conditional write that would have stored the transfer — so
 * exactly one of the two is ever the transaction at n. The withdrawal is FAILED once the filler is
 * final (track), with its gas recorded like any withdrawal's. ADR 0010.
 */
async function fillNonce(deps: WithdrawalDeps, w: Withdrawal, reason: string): Promise<Withdrawal> {
  const fill = { reason, at: deps.clock.now().toISOString() };
  try {
    return (await signEvmAttempt(deps, w, await deps.chain(w.network).gasPrice(), fill)).withdrawal;
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    // Another run stored its transaction at this nonce first (the transfer or a filler): that one goes.
    return load(deps, w);
  }
}

/** One nonce per withdrawal from the (network, MASTER) sequencer; a lost race reads again. */
async function allocateNonce(
  deps: WithdrawalDeps,
  w: Withdrawal,
  from: string,
  gasLimit: bigint,
): Promise<Withdrawal> {
  const chain = deps.chain(w.network);
  for (let attempt = 0; attempt < 20; attempt++) {
    const stored = await deps.withdrawals.nextNonce(w.network, from);
    const initial = stored === undefined;
    const expectedNext = stored ?? (await chain.transactionCount(from, 'pending'));
    try {
      return await deps.withdrawals.allocateNonce(w, { from, expectedNext, initial, gasLimit });
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const current = await load(deps, w);
      if (current.status !== 'PROCESSING' || current.tx) return current;
    }
  }
  throw new GatewayError('LEDGER_CONTENTION', `Nonce allocation for ${from} kept losing races`);
}

/** Sends the stored signed transaction (a re-send after a crash is the same bytes). */
async function broadcast(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  let w = await load(deps, input);
  if ((w.status !== 'PROCESSING' && w.status !== 'BROADCASTING') || !w.tx || w.tx.attempts.length === 0) {
    return out(w, routeOf(w));
  }
  if (w.network === 'TRON') {
    if ((await tronSend(deps, w)) === 'WAIT_FUNDS') return out(w, 'WAIT_FUNDS');
    if (w.status === 'PROCESSING') {
      const moved = await move(deps, w, 'BROADCAST', {
        tx: { ...w.tx, broadcastAt: deps.clock.now().toISOString() },
      });
      w = moved.withdrawal;
    }
    return out(w, routeOf(w));
  }
  const chain = deps.chain(w.network);
  const attempt = w.tx.attempts.at(-1);
  if (!attempt) return out(w, routeOf(w));
  const outcome = await chain.broadcast(attempt.raw);
  if (outcome === 'INSUFFICIENT_FUNDS') {
    await askForGasToSend(deps, w, attempt.gasPrice);
    return out(w, 'WAIT_FUNDS');
  }
  if (outcome === 'NONCE_USED') {
    const mined = await minedAttempt(deps, w);
    if (!mined) {
      throw new GatewayError(
        'INTERNAL',
        `Nonce ${w.tx.nonce} of ${w.tx.from} was used by a transaction that is not this withdrawal's`,
      );
    }
  }
  // ACCEPTED, ALREADY_KNOWN, UNDERPRICED (another attempt of ours is pending: tracking replaces if stuck).
  if (w.status === 'PROCESSING') {
    const moved = await move(deps, w, 'BROADCAST', {
      tx: { ...w.tx, broadcastAt: deps.clock.now().toISOString() },
    });
    w = moved.withdrawal;
  }
  return out(w, routeOf(w));
}

async function minedAttempt(deps: WithdrawalDeps, w: Withdrawal): Promise<ChainReceipt | undefined> {
  const chain = deps.chain(w.network);
  for (const a of [...(w.tx?.attempts ?? [])].reverse()) {
    const receipt = await chain.receipt(a.hash);
    if (receipt) return receipt;
  }
  return undefined;
}

interface Observed {
  readonly receipt: ChainReceipt;
  /** Final by the network's rule (EVM: finalized and still canonical; TRON: solidified). */
  readonly final: boolean;
  /** Native coin the transaction cost (EVM: gas × price; TRON: TRX burned, sun). */
  readonly nativeAmount: bigint;
}

/** The mined attempt of a withdrawal, if any, and whether it is final. */
async function observe(deps: WithdrawalDeps, w: Withdrawal): Promise<Observed | undefined> {
  if (w.network === 'TRON') {
    const { mined } = await tronFollow(deps, w);
    if (!mined?.outcome) return undefined;
    const o = mined.outcome;
    return {
      receipt: {
        hash: o.txId,
        blockNumber: o.blockNumber,
        blockHash: '',
        gasUsed: BigInt(o.energyTotal),
        effectiveGasPrice: 0n,
        success: o.success,
      },
      final: mined.state === 'SOLIDIFIED',
      nativeAmount: o.feeSun,
    };
  }
  const receipt = await minedAttempt(deps, w);
  if (!receipt) return undefined;
  const chain = deps.chain(w.network);
  const head = await chain.head();
  const final =
    receipt.blockNumber <= head.finalized &&
    (await chain.canonicalBlockHash(receipt.blockNumber)) === receipt.blockHash;
  return { receipt, final, nativeAmount: gasCost(receipt.gasUsed, receipt.effectiveGasPrice) };
}

/**
 * BROADCASTING: which attempt was mined, is it final and canonical; if none was mined in time,
 * replace it; if the node forgot the transaction, send it again.
 */
async function track(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  let w = await load(deps, input);
  if (w.status !== 'BROADCASTING' || !w.tx) return out(w, routeOf(w));
  const observed = await observe(deps, w);
  if (observed) {
    const { receipt, final } = observed;
    if (w.tx.minedHash !== receipt.hash || w.tx.blockNumber !== receipt.blockNumber) {
      w = await deps.withdrawals.updateTx(w, {
        ...w.tx,
        minedHash: receipt.hash,
        blockNumber: receipt.blockNumber,
        gasUsed: receipt.gasUsed,
        effectiveGasPrice: receipt.effectiveGasPrice,
      });
    }
    if (!final) return out(w, 'TRACK');
    const fill = w.tx?.fill;
    if (receipt.success && !fill) return out(w, 'CONFIRM');
    // Mined and reverted, or the nonce's filler is final: the funds did not move and the nonce is
    // spent; the gas is recorded and the hold released.
    await recordGas(deps, w, receipt, observed.nativeAmount);
    const failed = await move(deps, w, 'FAIL', { failureReason: fill ? fill.reason : 'REVERTED_ON_CHAIN' });
    if (failed.moved) {
      await releaseHold(deps, failed.withdrawal);
      await publishWithdrawalEvent(deps, failed.withdrawal);
    }
    return out(failed.withdrawal, routeOf(failed.withdrawal));
  }
  if (w.tx.minedHash) {
    // It was mined and is gone: a reorg. Forget the receipt and send again (the same bytes).
    w = await deps.withdrawals.updateTx(w, {
      from: w.tx.from,
      nonce: w.tx.nonce,
      gasLimit: w.tx.gasLimit,
      attempts: w.tx.attempts,
      ...(w.tx.broadcastAt ? { broadcastAt: w.tx.broadcastAt } : {}),
    });
  }
  const last = w.tx?.attempts.at(-1);
  if (!last) return out(w, 'TRACK');
  if (w.network === 'TRON') {
    // Expired attempts can never be mined: only then is a new one built.
    const { allExpired } = await tronFollow(deps, w);
    if (allExpired) return out(w, 'REPLACE');
    await tronSend(deps, w);
    return out(w, 'TRACK');
  }
  const chain = deps.chain(w.network);
  if (!(await chain.isKnown(last.hash))) {
    // Dropped by the node (or never seen by this one): send it again. Refused for funds, MASTER
    // lost its gas after the broadcast (the node dropped it for that): ask for a top-up, as the
    // broadcast does, and keep tracking — no replacement, which would cost more gas still.
    if ((await chain.broadcast(last.raw)) === 'INSUFFICIENT_FUNDS') {
      await askForGasToSend(deps, w, last.gasPrice);
      return out(w, 'TRACK');
    }
  }
  const age = deps.clock.now().getTime() - Date.parse(last.signedAt);
  if (age >= deps.timings.stuckAfterMs && (w.tx?.attempts.length ?? 0) < deps.timings.maxAttempts)
    return out(w, 'REPLACE');
  return out(w, 'TRACK');
}

/** Same nonce, same transfer, a price at least 15 % higher: whichever attempt is mined, it pays once. */
async function replace(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  let w = await load(deps, input);
  const tx = w.tx;
  const last = tx?.attempts.at(-1);
  if (w.status !== 'BROADCASTING' || !tx || !last) return out(w, routeOf(w));
  if (w.network === 'TRON') {
    try {
      return out(await tronReplace(deps, w), 'TRACK');
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      return out(await load(deps, w), 'TRACK');
    }
  }
  if (await minedAttempt(deps, w)) return out(w, 'TRACK');
  const chain = deps.chain(w.network);
  let raw: string;
  try {
    ({ withdrawal: w, raw } = await signEvmAttempt(
      deps,
      w,
      bumpedGasPrice(last.gasPrice, await chain.gasPrice()),
    ));
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    return out(await load(deps, w), 'TRACK');
  }
  // NONCE_USED here means an earlier attempt was just mined; tracking finds it.
  await chain.broadcast(raw);
  return out(w, 'TRACK');
}

/**
 * The gas a withdrawal's mined transaction cost, booked against the MASTER's native custody (MASTER
 * pays its own gas): `gas:{network}` debit, `custody:{pid}:MASTER/{native}` credit. The id is the
 * transaction's (`gas:{network}:{hash}`, like the sweeps'), the payload fixed by the withdrawal, so
 * the confirm step and any retry of it post it once.
 */
export function withdrawalGasEntry(
  w: Withdrawal,
  receipt: Pick<ChainReceipt, 'hash' | 'success'>,
  nativeAsset: string,
  nativeAmount: bigint,
): EntryRequest | undefined {
  if (nativeAmount <= 0n) return undefined;
  return {
    id: `gas:${w.network}:${receipt.hash}`,
    kind: 'POSTED',
    reason: 'GAS',
    cause: { type: 'gas', id: `${w.network}.${receipt.hash}` },
    postings: [
      {
        debit: accounts.gas(w.network, nativeAsset),
        credit: accounts.custody(w.partnerId, 'MASTER', nativeAsset),
        amount: nativeAmount,
      },
    ],
    effectiveAt: w.tx?.broadcastAt ?? w.createdAt,
    metadata: { type: 'WITHDRAWAL', withdrawal: w.code, success: String(receipt.success) },
  };
}

async function recordGas(
  deps: WithdrawalDeps,
  w: Withdrawal,
  receipt: ChainReceipt,
  nativeAmount: bigint,
): Promise<void> {
  const network = deps.networks[w.network];
  const entry = withdrawalGasEntry(w, receipt, `${network.nativeSymbol}@${w.network}`, nativeAmount);
  if (entry) await deps.ledger.post(entry);
  await deps.gasRecords.record({
    network: w.network,
    type: 'WITHDRAWAL',
    partnerId: w.partnerId,
    txHash: receipt.hash,
    address: w.tx?.from ?? '',
    token: w.token,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
    nativeAmount,
    nativeAsset: `${network.nativeSymbol}@${w.network}`,
    transferredAmount: 0n,
    usdValue: usdValue(nativeAmount, network.nativeDecimals, deps.nativeUsdPrice?.(w.network)),
    success: receipt.success,
    at: deps.clock.now().toISOString(),
    reference: w.code,
  });
}

/** Final and successful: debit the hold, record the gas, CONFIRMED. Each step is idempotent. */
async function confirm(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  const w = await load(deps, input);
  if (w.status !== 'BROADCASTING') return out(w, routeOf(w));
  if (w.tx?.fill) return out(w, 'TRACK'); // a filler never pays out: track fails the withdrawal
  const observed = await observe(deps, w);
  if (!observed || !observed.final || !observed.receipt.success) return out(w, 'TRACK');
  const { receipt } = observed;
  const at = deps.clock.now().toISOString();
  await postHold(deps, w, receipt.hash);
  await recordGas(deps, w, receipt, observed.nativeAmount);
  const moved = await move(deps, w, 'CONFIRM', {
    confirmedAt: at,
    tx: {
      ...(w.tx as NonNullable<Withdrawal['tx']>),
      minedHash: receipt.hash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
      effectiveGasPrice: receipt.effectiveGasPrice,
    },
  });
  if (moved.moved) await publishWithdrawalEvent(deps, moved.withdrawal);
  return out(moved.withdrawal, routeOf(moved.withdrawal));
}

/**
 * Where the definition's catches land after retries ran out. Fails the withdrawal (releasing the hold)
 * when nothing of it can reach the chain any more; once a transaction is signed its nonce is spent,
 * so it is never failed here: the execution goes back to sending and tracking it (and alerts).
 */
async function fail(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  const w = await load(deps, input);
  deps.onError?.(
    `withdrawal ${w.code} step failed in ${w.status}`,
    new Error(`${input.error?.Error ?? 'Error'}: ${input.error?.Cause ?? ''}`),
  );
  const signed = (w.tx?.attempts.length ?? 0) > 0;
  if (signed) return out(w, w.status === 'PROCESSING' ? 'BROADCAST' : 'TRACK');
  const reason = (input.error?.Error ?? 'PROCESSING_ERROR').slice(0, 120);
  if (w.status === 'PROCESSING' && w.tx && deps.networks[w.network].family === 'EVM') {
    // A nonce is allocated: it is filled on chain, then the withdrawal fails (track).
    const filled = await fillNonce(deps, w, reason);
    return out(filled, routeOf(filled));
  }
  if (w.status === 'REQUESTED' || w.status === 'APPROVED' || w.status === 'PROCESSING') {
    const moved = await move(deps, w, 'FAIL', { failureReason: reason });
    if (moved.moved) {
      await releaseHold(deps, moved.withdrawal);
      await publishWithdrawalEvent(deps, moved.withdrawal);
    }
    return out(moved.withdrawal, routeOf(moved.withdrawal));
  }
  return out(w, routeOf(w));
}

/** The end of every path: the ledger agrees with the final status (both idempotent). */
async function finish(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  const w = await load(deps, input);
  if (w.status === 'REJECTED' || w.status === 'CANCELLED' || w.status === 'FAILED')
    await releaseHold(deps, w);
  if (w.status === 'CONFIRMED' && w.tx?.minedHash) await postHold(deps, w, w.tx.minedHash);
  return out(w, routeOf(w));
}

const TASKS: Readonly<Record<TaskName, (deps: WithdrawalDeps, input: TaskInput) => Promise<TaskOutput>>> = {
  begin,
  awaitApproval,
  settleApproval,
  expireApproval,
  prepare,
  broadcast,
  track,
  replace,
  confirm,
  fail,
  finish,
};

export function isTaskName(name: unknown): name is TaskName {
  return typeof name === 'string' && Object.hasOwn(TASKS, name);
}

export async function runWithdrawalTask(deps: WithdrawalDeps, input: TaskInput): Promise<TaskOutput> {
  const task = TASKS[input.task];
  if (!task) throw new GatewayError('VALIDATION_FAILED', `Unknown withdrawal task ${String(input.task)}`);
  const output = await task(deps, input);
  // The execution waits for MASTER funds on purpose: a sign of life for the stall sweeper.
  if (output.route === 'WAIT_FUNDS')
    await deps.withdrawals.markActive(
      input.partnerId,
      input.code,
      output.status,
      deps.clock.now().toISOString(),
    );
  return output;
}
