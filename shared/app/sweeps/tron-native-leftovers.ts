import { isGatewayError } from '../../domain/errors';
import { accounts } from '../../domain/ledger/accounts';
import type { Posting } from '../../domain/ledger/entry';
import { usdValue } from '../../domain/sweeps/gas';
import { tronBandwidthSun, tronTxBytes } from '../../domain/chains/tron-bandwidth';
import { decideLeftover } from '../../domain/sweeps/leftovers';
import type { LeftoverDecision } from '../../domain/sweeps/leftovers';
import { nextSweepStatus } from '../../domain/sweeps/sweep-status';
import type { SweepEvent } from '../../domain/sweeps/sweep-status';
import type { ChainHeadInfo } from '../../ports/evm-transfers';
import type {
  TronLeftoverEntry,
  TronLeftoverReturn,
  TronLeftoverStore,
  TronTx,
} from '../../ports/tron-sweeps';
import type { TronSweepDeps } from './deps';
import { emptyLeftoverReport } from './native-leftovers';
import type { LeftoverReport } from './native-leftovers';
import { PLATFORM_CUSTODY, gasEntryOf } from './sweep-accounting';
import type { SweepRunContext } from './sweep-process';

/**
 * Native leftovers back to the gas tank (ADR 0024), the TRON part. A sweep that sent its address TRX
 * (activation, burn top-up) queues the address when it closes (the store does it in the closing write).
 * Once per run the strategy looks at up to `maxPerRun` queued addresses: one with deposits waiting is
 * left alone (to the back of the queue); else, with `available = min(TRX balance, the partner's booked
 * HOT/POOL TRX custody)` and `cost` the transfer's bandwidth (free or staked bandwidth when it covers
 * the whole transaction, else every byte burned at the chain's price: `tronBandwidthSun`), it sends
 * `available − cost` when the shared rule says it is worth it. The transfer is signed by the address's
 * HD key and recorded (bytes, txID, expiration; id `TRON:RETURN:<txID>`) in the one write that takes the
 * address's sweep lock — so no sweep or second return is under way there — and its queue entries out;
 * only then is it broadcast. Followed every round: re-sent as the same bytes while unexpired, expired
 * unmined → DROPPED (and queued again), solidified → booked once (`gas:TRON:<txID>`: the address's TRX
 * custody → the gas tank, its bandwidth fee from the address) with a RETURN gas record, FINAL.
 */
export interface TronLeftoverContext {
  readonly deps: TronSweepDeps;
  readonly store: TronLeftoverStore;
  readonly run: SweepRunContext;
  head(): Promise<ChainHeadInfo & { readonly timestamp: number }>;
}

const QUEUE_READ_FACTOR = 4;
const QUEUE_READ_CAP = 200;
const OPEN_LIMIT = 100;
const NATIVE = 'TRX@TRON';

export async function returnTronLeftovers(
  ctx: TronLeftoverContext,
  busy: ReadonlySet<string>,
): Promise<LeftoverReport> {
  const report = emptyLeftoverReport();
  const settings = ctx.deps.settings.leftovers;
  if (!settings || settings.maxPerRun === 0) return report;
  const queued = await ctx.store.listLeftovers(
    Math.min(settings.maxPerRun * QUEUE_READ_FACTOR, QUEUE_READ_CAP),
  );
  const addresses = [...new Set(queued.map((e) => e.address))];
  const deferred: TronLeftoverEntry[] = [];
  for (const address of addresses) {
    if (report.checked >= settings.maxPerRun) break;
    report.checked += 1;
    const entries = queued.filter((e) => e.address === address);
    const leave = (reason: string) => {
      report.leftAlone.push({ address, reason });
      deferred.push(...entries);
    };
    if (busy.has(address.toLowerCase())) {
      leave('DEPOSITS_WAITING');
      continue;
    }
    try {
      const outcome = await returnOne(ctx, address, entries);
      if (outcome === 'RETURNED') report.returned += 1;
      else if (outcome === 'NOT_WORTH') report.notWorth += 1;
      else leave(outcome);
    } catch (e) {
      report.failed += 1;
      deferred.push(...entries);
      ctx.run.fail(`leftover ${address}`, e);
    }
  }
  if (deferred.length > 0) await ctx.store.deferLeftovers(deferred, ctx.run.now());
  return report;
}

async function returnOne(
  ctx: TronLeftoverContext,
  address: string,
  entries: readonly TronLeftoverEntry[],
): Promise<'RETURNED' | 'NOT_WORTH' | 'CONTENDED'> {
  const { deps, run } = ctx;
  const settings = deps.settings.leftovers;
  if (!settings) return 'NOT_WORTH';
  const wallet = (await deps.wallets.lookup('TRON', [address])).get(address.toLowerCase());
  if (!wallet || (wallet.kind !== 'HOT' && wallet.kind !== 'POOL'))
    throw new Error(`${address} is not a HOT or POOL address of ours`);
  const tank = deps.gasTank.address;
  const [account, resources, sunPerByte, custody] = await Promise.all([
    deps.chain.account(address),
    deps.chain.resources(address),
    deps.chain.bandwidthPriceSun(),
    deps.ledger.balance(accounts.custody(wallet.partnerId, wallet.kind, NATIVE)),
  ]);
  // Never more than the ledger books there: TRX someone else sent to the address is not ours to move.
  const available = account.balanceSun < custody.available ? account.balanceSun : custody.available;
  const policy = { minimum: settings.minimum, maxCostPercent: settings.maxCostPercent };
  const bandwidthAvailable = Math.max(resources.freeNetAvailable, resources.netAvailable);
  const costOf = (tx: TronTx) =>
    tronBandwidthSun({ bytes: tronTxBytes(tx.raw_data_hex), bandwidthAvailable, sunPerByte });
  // The size depends (by a byte or so) on the amount: built until the cost it keeps back is its own.
  let decision: LeftoverDecision = { worth: false, reason: 'NOTHING_LEFT', cost: 0n };
  let tx: TronTx | undefined;
  if (available > 0n) {
    let cost = costOf(await deps.chain.buildTrxTransfer(address, tank, available));
    for (let i = 0; i < 3; i++) {
      decision = decideLeftover(available, cost, policy);
      if (!decision.worth) break;
      tx = await deps.chain.buildTrxTransfer(address, tank, decision.amount);
      const own = costOf(tx);
      if (own <= cost) break;
      cost = own;
      tx = undefined;
    }
  }
  if (!decision.worth || !tx) {
    await ctx.store.removeLeftovers(entries);
    deps.log?.info('TRX leftover not worth returning', {
      address,
      balance: account.balanceSun.toString(),
      booked: custody.available.toString(),
      cost: decision.cost.toString(),
      reason: decision.worth ? 'SIZE_UNSTABLE' : decision.reason,
    });
    return 'NOT_WORTH';
  }
  const signer = await deps.addressSigner(wallet.hdAccount, wallet.hdIndex);
  if (signer.address !== address)
    throw new Error(`HD key ${wallet.hdAccount}/${wallet.hdIndex} is not ${address}`);
  const signed = await signer.signTransaction(tx);
  const at = run.now();
  const ret: TronLeftoverReturn = {
    id: `TRON:RETURN:${signed.txID}`,
    network: 'TRON',
    status: 'SIGNED',
    partnerId: wallet.partnerId,
    address,
    walletType: wallet.kind,
    to: tank,
    sun: decision.amount,
    costSun: decision.cost,
    signed,
    txId: signed.txID,
    ...(expirationOf(signed) !== undefined ? { expiration: expirationOf(signed) } : {}),
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await ctx.store.createReturn(ret, entries);
  } catch (e) {
    // An open sweep or return holds the address, or another run took the entry: looked at again later.
    if (isGatewayError(e, 'CONFLICT')) return 'CONTENDED';
    throw e;
  }
  deps.log?.info('returning a TRX leftover to the gas tank', {
    address,
    sun: ret.sun.toString(),
    cost: ret.costSun.toString(),
    txId: ret.txId,
  });
  await deps.chain.broadcast(signed);
  return 'RETURNED';
}

/** Follows every open return one step; answers how many are still open. */
export async function followTronReturns(ctx: TronLeftoverContext): Promise<number> {
  let open = 0;
  let returns: TronLeftoverReturn[];
  try {
    returns = await ctx.store.listOpenReturns(OPEN_LIMIT);
  } catch (e) {
    ctx.run.fail('open TRX returns', e);
    return 0;
  }
  for (const ret of returns) {
    try {
      if (!(await followOne(ctx, ret))) open += 1;
    } catch (e) {
      if (!isGatewayError(e, 'CONFLICT')) ctx.run.fail(`return ${ret.id}`, e);
    }
  }
  return open;
}

/** True when the return is closed. */
async function followOne(ctx: TronLeftoverContext, initial: TronLeftoverReturn): Promise<boolean> {
  const { deps } = ctx;
  const head = await ctx.head();
  let ret = initial;
  const save = (event: SweepEvent, patch: Partial<TronLeftoverReturn> = {}) =>
    ctx.store.updateReturn(ret.status, {
      ...ret,
      ...patch,
      status: nextSweepStatus(ret.status, event),
      revision: ret.revision + 1,
      updatedAt: ctx.run.now(),
    });
  const outcome = await deps.chain.transaction(ret.txId);
  if (ret.status === 'EXPIRED') {
    await save('DROP');
    return true;
  }
  if (ret.status === 'SIGNED') {
    if (!outcome) {
      if (ret.expiration !== undefined && head.timestamp > ret.expiration) {
        // Expired unmined: the TRX never left; closed, and the address queued again.
        ret = await save('EXPIRE');
        await save('DROP');
        return true;
      }
      await deps.chain.broadcast(ret.signed); // the same bytes
      return false;
    }
    ret = await save('MINE', { outcome });
  }
  if (ret.status !== 'MINED') return false;
  if (!outcome) {
    await save('REORGED_OUT', { outcome: undefined }); // the same bytes are sent again
    return false;
  }
  if (outcome.blockNumber > head.finalized) return false;
  await book(ctx, ret, outcome);
  await save(outcome.success ? 'FINALIZED' : 'FINALIZED_REVERTED', { outcome });
  return true;
}

async function book(
  ctx: TronLeftoverContext,
  ret: TronLeftoverReturn,
  o: NonNullable<TronLeftoverReturn['outcome']>,
): Promise<void> {
  const { deps } = ctx;
  const tank = accounts.custody(PLATFORM_CUSTODY, 'HOT', NATIVE);
  const address = accounts.custody(ret.partnerId, ret.walletType, NATIVE);
  const sent = o.success ? ret.sun : 0n;
  // A TOPUP the other way: the value back to the gas tank, the bandwidth burned from the address.
  const postings: Posting[] = [];
  if (sent > 0n) postings.push({ debit: tank, credit: address, amount: sent, reason: 'TRANSFER' });
  if (o.feeSun > 0n)
    postings.push({ debit: accounts.gas('TRON', NATIVE), credit: address, amount: o.feeSun });
  if (postings.length > 0)
    await deps.ledger.post(
      gasEntryOf('TRON', ret.txId, postings, o.blockTime, {
        type: 'RETURN',
        partnerId: ret.partnerId,
        address: ret.address,
        success: String(o.success),
      }),
    );
  await deps.gasRecords.record({
    network: 'TRON',
    type: 'RETURN',
    partnerId: ret.partnerId,
    txHash: ret.txId,
    address: ret.address,
    token: 'USDT',
    blockNumber: o.blockNumber,
    gasUsed: 0n,
    effectiveGasPrice: 0n,
    nativeAmount: o.feeSun,
    nativeAsset: NATIVE,
    transferredAmount: sent,
    usdValue: usdValue(o.feeSun, 6, deps.settings.nativeUsdPrice),
    success: o.success,
    at: o.blockTime,
  });
}

function expirationOf(tx: TronTx): number | undefined {
  const e = (tx.raw_data as { expiration?: unknown }).expiration;
  return typeof e === 'number' ? e : undefined;
}
