import { accounts } from '../../domain/ledger/accounts';
import { decideLeftover, evmReturnCost, NATIVE_TRANSFER_GAS } from '../../domain/sweeps/leftovers';
import { isGatewayError } from '../../domain/errors';
import { withMargin } from '../../domain/sweeps/gas';
import { CLOSED_SWEEP_STATUSES } from '../../domain/sweeps/sweep-status';
import { sweepTxId } from '../../domain/sweeps/sweep-transaction';
import type { SweepApproval, SweepTx } from '../../domain/sweeps/sweep-transaction';
import type { SweepDeps } from './deps';
import type { SweepRunContext } from './sweep-process';

/**
 * Native leftovers back to the gas tank (ADR 0024), the EVM part: once per run, after the groups, the
 * sweep process hands the strategy the addresses that still have deposits waiting; this looks at the
 * approvals whose top-up's leftover nobody dealt with yet (a sparse queue in the sweep store) and, per
 * address, when nothing of the address is in flight and returning is worth it
 * (shared/domain/sweeps/leftovers.ts), signs with the address's key a plain transfer of
 * `min(balance, booked custody) − 21,000 × gas price` to the gas tank at the address's next nonce,
 * records it (RETURN, signed bytes, id `<network>:<address>:<nonce>`) in the same write that takes its
 * approvals out of the queue, and only then broadcasts it. From there it is an ordinary open sweep
 * transaction: followed to final like the others, booked once (sweep-accounting.ts: the address's
 * native custody → the gas tank, its gas from the address), re-sent as the same bytes after a crash.
 */
export interface LeftoverReport {
  /** Addresses looked at this run. */
  checked: number;
  /** RETURN transactions recorded and sent. */
  returned: number;
  /** Addresses whose leftover is not worth returning (taken out of the queue). */
  notWorth: number;
  /** Addresses left alone this run: deposits waiting, something of theirs in flight, or contended. */
  leftAlone: { readonly address: string; readonly reason: string }[];
  /** Addresses that failed (recorded in the run's errors; they stay queued). */
  failed: number;
}

export function emptyLeftoverReport(): LeftoverReport {
  return { checked: 0, returned: 0, notWorth: 0, leftAlone: [], failed: 0 };
}

/** Queue entries read per run, per address looked at (some are left alone; one address has two tokens). */
const QUEUE_READ_FACTOR = 4;
const QUEUE_READ_CAP = 200;
const OPEN_TX_LIMIT = 500;
const TOKENS = ['USDT', 'USDC'] as const;

export interface EvmLeftoverContext {
  readonly deps: SweepDeps;
  readonly run: SweepRunContext;
  /** The gas tank's address: where leftovers go. */
  readonly gasTank: string;
  /** Broadcasts a recorded transaction (the strategy's own step); returns the moves it made. */
  send(tx: SweepTx): Promise<number>;
}

export async function returnEvmLeftovers(
  ctx: EvmLeftoverContext,
  busy: ReadonlySet<string>,
): Promise<LeftoverReport> {
  const report = emptyLeftoverReport();
  const settings = ctx.deps.settings.leftovers;
  if (!settings || settings.maxPerRun === 0) return report;
  const { store } = ctx.deps;
  const network = ctx.deps.network;
  const queued = await store.listLeftoverApprovals(
    network,
    Math.min(settings.maxPerRun * QUEUE_READ_FACTOR, QUEUE_READ_CAP),
  );
  // Addresses in queue order (an address with two tokens queued is looked at once).
  const addresses = [...new Set(queued.map((a) => a.address.toLowerCase()))];
  if (addresses.length === 0) return report;
  const inFlight = new Set<string>();
  for (const tx of await store.listOpenTxs(network, OPEN_TX_LIMIT)) {
    inFlight.add(tx.address.toLowerCase());
    inFlight.add(tx.from.toLowerCase());
  }
  const queuedOf = (address: string) => queued.filter((a) => a.address.toLowerCase() === address);
  const deferred: SweepApproval[] = [];
  for (const address of addresses) {
    if (report.checked >= settings.maxPerRun) break;
    report.checked += 1;
    // Left alone: to the back of the queue, so the addresses behind it get their turn.
    const leave = (reason: string) => {
      report.leftAlone.push({ address, reason });
      deferred.push(...queuedOf(address));
    };
    if (busy.has(address)) {
      leave('DEPOSITS_WAITING');
      continue;
    }
    if (inFlight.has(address)) {
      leave('TRANSACTION_IN_FLIGHT');
      continue;
    }
    try {
      const outcome = await returnOne(ctx, address);
      if (outcome === 'RETURNED') report.returned += 1;
      else if (outcome === 'NOT_WORTH') report.notWorth += 1;
      else leave(outcome);
    } catch (e) {
      report.failed += 1;
      deferred.push(...queuedOf(address));
      ctx.run.fail(`leftover ${address}`, e);
    }
  }
  if (deferred.length > 0) await store.deferLeftovers(deferred, ctx.run.now());
  return report;
}

type Outcome = 'RETURNED' | 'NOT_WORTH' | 'APPROVAL_IN_FLIGHT' | 'UNRECORDED_PENDING' | 'CONTENDED';

async function returnOne(ctx: EvmLeftoverContext, address: string): Promise<Outcome> {
  const { deps, run } = ctx;
  const { store, chain, network } = deps;
  const settings = deps.settings.leftovers;
  if (!settings) return 'NOT_WORTH';
  // Every approval of the address, queued or not: none may be under way (its approve needs the coin).
  const approvals = (await Promise.all(TOKENS.map((t) => store.getApproval(network, address, t)))).filter(
    (a): a is SweepApproval => !!a,
  );
  for (const a of approvals) {
    if (a.status !== 'APPROVED' && a.status !== 'FAILED') return 'APPROVAL_IN_FLIGHT';
    for (const id of [a.topUpTxId, a.approveTxId]) {
      if (!id) continue;
      const tx = await store.getTx(id);
      // EVM: only after the approve (and its top-up) is final and booked.
      if (tx && !CLOSED_SWEEP_STATUSES.includes(tx.status)) return 'APPROVAL_IN_FLIGHT';
    }
  }
  // Each approval whose top-up's leftover is not dealt with (queued or beyond this run's page): the
  // balance holds what all of them left, so one return (or one "not worth it") answers them all.
  const pending = approvals.filter((a) => a.topUpTxId !== undefined && a.leftoverDoneFor !== a.topUpTxId);
  if (pending.length === 0) return 'CONTENDED';

  const wallet = (await deps.wallets.lookup(network, [address])).get(address);
  if (!wallet || (wallet.kind !== 'HOT' && wallet.kind !== 'POOL'))
    throw new Error(`${address} is not a HOT or POOL address of ours`);
  const [latest, pendingCount, balance, price, custody] = await Promise.all([
    chain.transactionCount(address, 'latest'),
    chain.transactionCount(address, 'pending'),
    chain.nativeBalance(address),
    chain.gasPrice(),
    deps.ledger.balance(accounts.custody(wallet.partnerId, wallet.kind, chain.nativeAsset)),
  ]);
  // A transaction of the address's that the node holds and no record of ours does: leave it be.
  if (pendingCount > latest) return 'UNRECORDED_PENDING';
  // Priced like the approve (current price plus the sweep's margin): the address's own transaction is
  // never replaced, so it should not get stuck; the fee is exactly 21,000 × this price either way.
  const gasPrice = withMargin(price, deps.settings.gasMarginPercent);
  // Never more than the ledger books there: coin someone else sent to the address is not ours to move.
  const available = balance < custody.available ? balance : custody.available;
  const decision = decideLeftover(available, evmReturnCost(gasPrice), {
    minimum: settings.minimum,
    maxCostPercent: settings.maxCostPercent,
  });
  if (!decision.worth) {
    await store.markLeftoverDone(pending);
    deps.log?.info('native leftover not worth returning', {
      network,
      address,
      balance: balance.toString(),
      booked: custody.available.toString(),
      cost: decision.cost.toString(),
      reason: decision.reason,
    });
    return 'NOT_WORTH';
  }

  const signer = await deps.addressSigners.signerFor(wallet.hdAccount, wallet.hdIndex);
  if (signer.address.toLowerCase() !== address)
    throw new Error(`HD key ${wallet.hdAccount}/${wallet.hdIndex} does not derive ${address}`);
  const signed = await signer.signTransaction({
    chainId: chain.chainId,
    nonce: latest,
    to: ctx.gasTank,
    data: '0x',
    value: decision.amount,
    gasLimit: NATIVE_TRANSFER_GAS,
    gasPrice,
  });
  const at = run.now();
  const first = pending[0] as SweepApproval;
  const tx: SweepTx = {
    id: sweepTxId(network, address, latest),
    type: 'RETURN',
    network,
    status: 'SIGNED',
    from: signer.address,
    nonce: latest,
    to: ctx.gasTank,
    data: '0x',
    partnerId: wallet.partnerId,
    address: signer.address,
    walletType: wallet.kind,
    token: first.token,
    value: decision.amount,
    amount: 0n,
    depositIds: [],
    attempts: [{ hash: signed.hash, raw: signed.raw, gasLimit: NATIVE_TRANSFER_GAS, gasPrice, signedAt: at }],
    createdAt: at,
    updatedAt: at,
  };
  try {
    await store.createReturnTx(tx, pending);
  } catch (e) {
    // Another run recorded a transaction at this nonce, or the approval moved: the next run looks again.
    if (isGatewayError(e, 'CONFLICT')) return 'CONTENDED';
    throw e;
  }
  deps.log?.info('returning a native leftover to the gas tank', {
    network,
    address,
    value: decision.amount.toString(),
    cost: decision.cost.toString(),
    txId: tx.id,
    hash: signed.hash,
  });
  await ctx.send(tx);
  return 'RETURNED';
}
