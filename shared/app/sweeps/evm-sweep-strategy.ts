import { isGatewayError } from '../../domain/errors';
import { approveBudget, isStuck, relayerBudget, replacementGasPrice } from '../../domain/sweeps/gas';
import { decideSweep } from '../../domain/sweeps/sweep-plan';
import type { SweepGroup } from '../../domain/sweeps/sweep-plan';
import { nextSweepStatus } from '../../domain/sweeps/sweep-status';
import {
  MAX_APPROVAL_FAILURES,
  latestAttempt,
  masterGasRequestId,
  masterTopUpAmount,
  nextRelayerNonce,
  sweepTxId,
} from '../../domain/sweeps/sweep-transaction';
import type {
  MasterGasRequest,
  SweepApproval,
  SweepTx,
  SweepTxReceipt,
  SweepTxType,
} from '../../domain/sweeps/sweep-transaction';
import type { ChainHeadInfo } from '../../ports/evm-transfers';
import type { TransactionSigner } from '../../ports/sweeps';
import type { SweepDeps } from './deps';
import { returnEvmLeftovers } from './native-leftovers';
import type { LeftoverReport } from './native-leftovers';
import { evmSweptFunds, gasEntry, gasRecord, sweepEntry } from './sweep-accounting';
import type { GroupState, SweepReportBase, SweepRunContext, SweepStrategy } from './sweep-process';

/**
 * The EVM strategy of the sweep process (sweep-process.ts; ADR 0006): for each address and token with
 * enough credited funds, make sure the gas tank may move them (one-time top-up + approve) and send
 * `transferFrom(address, MASTER, amount)` from the gas tank, which pays the gas. Every transaction is
 * recorded with its signed bytes (SIGNED) before it is broadcast, with its nonce, so a run that dies
 * anywhere re-sends the same bytes and never signs a second transfer of the same funds; the deposits
 * a sweep moves are claimed (CONFIRMED → COLLECTING) in the write that records it and takes the
 * (address, token) lock. Stuck transactions are replaced at a higher
 * price with the same nonce; a nonce taken by another transaction drops the record and releases the
 * deposits; a reorg before finality sends the recorded bytes again.
 */
export interface EvmSweepCounters {
  topUpsSent: number;
  /** Gas-tank top-ups of a MASTER for a waiting withdrawal (MasterGasRequest). */
  masterTopUpsSent: number;
  approvesSent: number;
  sweepsSent: number;
  replacements: number;
  mined: number;
  settledSweeps: number;
  failedSweeps: number;
  dropped: number;
  depositsSettled: number;
  skipped: { readonly address: string; readonly token: string; readonly reason: string }[];
  stuck: string[];
}

export type SweepRunReport = SweepReportBase & EvmSweepCounters;

const OPEN_TX_LIMIT = 500;

/** Who a gas-tank transaction is for (a planned group, or a MASTER waiting for gas). */
type TxSubject = Pick<SweepTx, 'partnerId' | 'address' | 'walletType' | 'token'>;

/** A call the sweeper signs: where, what, and what it moves. */
interface RelayedCall {
  readonly to: string;
  readonly data: string;
  readonly value: bigint;
  readonly amount: bigint;
  readonly depositIds: readonly string[];
  readonly destination?: string;
}

export class EvmSweepStrategy implements SweepStrategy<EvmSweepCounters> {
  readonly counters: EvmSweepCounters = {
    topUpsSent: 0,
    masterTopUpsSent: 0,
    approvesSent: 0,
    sweepsSent: 0,
    replacements: 0,
    mined: 0,
    settledSweeps: 0,
    failedSweeps: 0,
    dropped: 0,
    depositsSettled: 0,
    skipped: [],
    stuck: [],
  };
  readonly network: 'BSC' | 'POLYGON';
  moves = 0;
  private relayer!: TransactionSigner;
  private head: ChainHeadInfo | undefined;
  private open = 0;

  constructor(
    private readonly deps: SweepDeps,
    private readonly run: SweepRunContext,
  ) {
    this.network = deps.network;
  }
  private get chain() {
    return this.deps.chain;
  }

  async begin(): Promise<void> {
    this.relayer = await this.deps.gasTank.gasTank(this.deps.network);
  }

  async nextRound(): Promise<void> {
    this.head = undefined;
  }

  async stillOpen(): Promise<number> {
    return this.open;
  }

  /** Native leftovers of approved addresses back to the gas tank (native-leftovers.ts, ADR 0024). */
  async returnLeftovers(busy: ReadonlySet<string>): Promise<LeftoverReport> {
    const report = await returnEvmLeftovers(
      { deps: this.deps, run: this.run, gasTank: this.relayer.address, send: (tx) => this.sendSigned(tx) },
      busy,
    );
    this.moves += report.returned;
    this.open += report.returned;
    return report;
  }

  async gasTank() {
    return {
      address: this.relayer.address,
      asset: this.chain.nativeAsset,
      balance: await this.chain.nativeBalance(this.relayer.address),
    };
  }

  private async chainHead(): Promise<ChainHeadInfo> {
    this.head ??= await this.chain.head();
    return this.head;
  }

  // --- Transactions in flight --------------------------------------------------------------------

  /** Moves every open transaction as far as it goes now, counting those still open. */
  async followOpen(): Promise<void> {
    const open = await this.deps.store.listOpenTxs(this.deps.network, OPEN_TX_LIMIT);
    let still = 0;
    for (const tx of open) {
      try {
        this.moves += await this.advance(tx);
        const now = await this.deps.store.getTx(tx.id);
        if (now && (now.status === 'SIGNED' || now.status === 'SENT' || now.status === 'MINED')) still += 1;
      } catch (e) {
        still += 1;
        // CONFLICT: another run moved it first; it is theirs to finish.
        if (!isGatewayError(e, 'CONFLICT')) this.run.fail(`${tx.type} ${tx.id}`, e);
      }
    }
    this.open = still;
    await this.serveMasterGas();
  }

  // --- MASTER gas for waiting withdrawals --------------------------------------------------------

  /**
   * Serves the withdrawals' MASTER gas requests (MasterGasRequest): the gas tank sends MASTER what it
   * lacks, recorded (signed bytes, nonce) in the same write that moves the request to TOPPING_UP, so
   * a crash or a second run re-sends that one transaction and never pays twice. Booked like a HOT
   * top-up once final (sweep-accounting.ts gasEntry: gas tank → MASTER native custody, plus its gas).
   */
  private async serveMasterGas(): Promise<void> {
    let requests: MasterGasRequest[];
    try {
      requests = await this.deps.store.listMasterGasRequests(this.deps.network, OPEN_TX_LIMIT);
    } catch (e) {
      // The sweeps go on; the next round (or run) serves the requests.
      this.run.fail('MASTER gas requests', e);
      return;
    }
    // Top-ups on their way to each MASTER (one address may serve several requests: a KMS MASTER is
    // every partner's), read once and kept current as this round records more.
    let onTheWay: Map<string, bigint> | undefined;
    for (const request of requests) {
      try {
        if (request.status === 'REQUESTED' && !onTheWay) onTheWay = await this.topUpsOnTheWay();
        this.moves += await this.serveMasterGasRequest(request, onTheWay ?? new Map());
      } catch (e) {
        if (!isGatewayError(e, 'CONFLICT'))
          this.run.fail(
            `MASTER gas ${masterGasRequestId(request.network, request.partnerId, request.code)}`,
            e,
          );
      }
    }
  }

  private async topUpsOnTheWay(): Promise<Map<string, bigint>> {
    const sums = new Map<string, bigint>();
    for (const t of await this.deps.store.listOpenTxs(this.deps.network, OPEN_TX_LIMIT)) {
      // A mined one is in MASTER's balance already (a reorg takes it back to SIGNED).
      if (t.type !== 'TOPUP' || t.status === 'MINED') continue;
      const to = t.address.toLowerCase();
      sums.set(to, (sums.get(to) ?? 0n) + t.value);
    }
    return sums;
  }

  private async serveMasterGasRequest(
    request: MasterGasRequest,
    onTheWay: Map<string, bigint>,
  ): Promise<number> {
    const at = this.run.now();
    if (request.status === 'TOPPING_UP') {
      const tx = request.topUpTxId ? await this.deps.store.getTx(request.topUpTxId) : undefined;
      if (tx && (tx.status === 'SIGNED' || tx.status === 'SENT' || tx.status === 'MINED')) return 0;
      // Final: served. Dropped (its nonce taken) or reverted: asked again, the next round tops up anew.
      const served = tx?.status === 'FINAL' && tx.receipt?.success === true;
      const moved = await this.deps.store.updateMasterGasRequest(request, {
        status: served ? 'DONE' : 'REQUESTED',
        updatedAt: at,
      });
      return moved && !served ? 1 : 0;
    }
    const master = request.master.toLowerCase();
    const balance = await this.chain.nativeBalance(request.master);
    const amount = masterTopUpAmount(request.required, balance, onTheWay.get(master) ?? 0n);
    if (amount === 0n) {
      await this.deps.store.updateMasterGasRequest(request, { status: 'DONE', updatedAt: at });
      return 0;
    }
    const tank = await this.chain.nativeBalance(this.relayer.address);
    if (tank < amount) return this.tankCannotCover(request, amount, tank);
    const subject: TxSubject = {
      partnerId: request.partnerId,
      address: request.master,
      walletType: 'MASTER',
      token: request.token,
    };
    const tx = await this.newRelayerTx('TOPUP', subject, {
      to: request.master,
      data: '0x',
      value: amount,
      amount: 0n,
      depositIds: [],
    });
    const first = latestAttempt(tx.tx);
    // Signed, not recorded: if the tank cannot pay the top-up and its gas, these bytes are never sent.
    if (tank < amount + first.gasLimit * first.gasPrice) return this.tankCannotCover(request, amount, tank);
    const recorded: SweepTx = {
      ...tx.tx,
      masterGasRequest: masterGasRequestId(request.network, request.partnerId, request.code),
    };
    try {
      await this.deps.store.createRelayerTx({
        tx: recorded,
        expectedCounter: tx.counter,
        masterGas: request,
      });
    } catch (e) {
      // Another run took the nonce or served this request: the next round sees where it stands.
      if (isGatewayError(e, 'CONFLICT')) return 0;
      throw e;
    }
    this.counters.masterTopUpsSent += 1;
    this.open += 1;
    onTheWay.set(master, (onTheWay.get(master) ?? 0n) + amount);
    this.deps.log?.info('topping up MASTER for a waiting withdrawal', {
      network: this.deps.network,
      master: request.master,
      partnerId: request.partnerId,
      code: request.code,
      value: amount.toString(),
      txId: recorded.id,
    });
    await this.sendSigned(recorded);
    return 1;
  }

  private async advance(tx: SweepTx): Promise<number> {
    switch (tx.status) {
      case 'SIGNED':
        return this.sendSigned(tx);
      case 'SENT':
        return this.followSent(tx);
      case 'MINED':
        return this.followMined(tx);
      default:
        return 0;
    }
  }

  private async findReceipt(tx: SweepTx): Promise<SweepTxReceipt | undefined> {
    for (const attempt of [...tx.attempts].reverse()) {
      const r = await this.chain.receipt(attempt.hash);
      if (r) return r;
    }
    return undefined;
  }

  /** Broadcasts a recorded transaction (again, after a crash: the same bytes, so the same hash). */
  private async sendSigned(tx: SweepTx): Promise<number> {
    const mined = await this.findReceipt(tx);
    if (mined) return this.markMined(tx, mined);
    const outcome = await this.chain.broadcast(latestAttempt(tx).raw);
    if (outcome === 'INSUFFICIENT_FUNDS') {
      this.run.fail(
        `${tx.type} ${tx.id}`,
        new Error(`${tx.from} cannot pay for its transaction (gas tank empty?)`),
      );
      return 0;
    }
    if (outcome === 'NONCE_USED') return this.checkNonceConsumed(tx);
    // ACCEPTED, ALREADY_KNOWN, or UNDERPRICED (a pricier attempt of ours holds the nonce): it is out.
    await this.deps.store.updateTx(tx.id, 'SIGNED', {
      status: nextSweepStatus('SIGNED', 'BROADCAST'),
      updatedAt: this.run.now(),
    });
    return 1;
  }

  private async followSent(tx: SweepTx): Promise<number> {
    const mined = await this.findReceipt(tx);
    if (mined) return this.markMined(tx, mined);
    const consumed = await this.checkNonceConsumed(tx);
    if (consumed) return consumed;
    const last = latestAttempt(tx);
    // A node that restarted (or a load balancer on another node) may not know it: send it again.
    if (!(await this.chain.isKnown(last.hash))) {
      const outcome = await this.chain.broadcast(last.raw);
      if (outcome === 'NONCE_USED') return this.checkNonceConsumed(tx);
    }
    if (!isStuck(last.signedAt, this.deps.clock.now(), this.deps.settings.stuckAfterMs)) return 0;
    // The address's own transactions (APPROVE, RETURN) are not replaced: the gas tank signs replacements.
    if (
      tx.type === 'APPROVE' ||
      tx.type === 'RETURN' ||
      tx.attempts.length >= this.deps.settings.maxAttempts
    ) {
      if (!this.counters.stuck.includes(tx.id)) {
        this.counters.stuck.push(tx.id);
        this.deps.log?.warn('sweep transaction stuck', {
          network: tx.network,
          txId: tx.id,
          type: tx.type,
          hash: last.hash,
          attempts: tx.attempts.length,
          gasPrice: last.gasPrice.toString(),
        });
      }
      return 0;
    }
    return this.replace(tx);
  }

  /** The same call with the same nonce at a higher gas price: whichever attempt is mined, only one is. */
  private async replace(tx: SweepTx): Promise<number> {
    const last = latestAttempt(tx);
    const gasPrice = replacementGasPrice(last.gasPrice, await this.chain.gasPrice());
    const signed = await this.relayer.signTransaction({
      chainId: this.chain.chainId,
      nonce: tx.nonce,
      to: tx.to,
      data: tx.data,
      value: tx.value,
      gasLimit: last.gasLimit,
      gasPrice,
    });
    const at = this.run.now();
    const updated = await this.deps.store.addAttempt(
      tx.id,
      tx.attempts.length,
      { hash: signed.hash, raw: signed.raw, gasLimit: last.gasLimit, gasPrice, signedAt: at },
      at,
    );
    this.counters.replacements += 1;
    this.deps.log?.warn('replacing a stuck sweep transaction', {
      network: tx.network,
      txId: tx.id,
      type: tx.type,
      previous: last.hash,
      hash: signed.hash,
      gasPrice: gasPrice.toString(),
    });
    const outcome = await this.chain.broadcast(signed.raw);
    if (outcome === 'NONCE_USED') await this.checkNonceConsumed(updated);
    return 1;
  }

  /**
   * When the sender's mined nonce is past this transaction's and none of its attempts has a receipt,
   * another transaction took the nonce: none of ours can ever be mined, so it is DROPPED (and what it
   * was for starts over). Returns 1 when it moved.
   */
  private async checkNonceConsumed(tx: SweepTx): Promise<number> {
    if ((await this.chain.transactionCount(tx.from, 'latest')) <= tx.nonce) return 0;
    const mined = await this.findReceipt(tx);
    if (mined) return this.markMined(tx, mined);
    if (tx.type === 'SWEEP') {
      await this.run.deposits.release(tx.depositIds, tx.id);
      await this.deps.store.releaseLock(tx.network, tx.address, tx.token, tx.id);
    }
    await this.deps.store.updateTx(tx.id, tx.status, {
      status: nextSweepStatus(tx.status, 'NONCE_CONSUMED'),
      updatedAt: this.run.now(),
    });
    this.counters.dropped += 1;
    this.deps.log?.error('sweep transaction dropped: its nonce was used by another transaction', {
      network: tx.network,
      txId: tx.id,
      type: tx.type,
    });
    return 1;
  }

  private async markMined(tx: SweepTx, receipt: SweepTxReceipt): Promise<number> {
    const at = this.run.now();
    const updated = await this.deps.store.updateTx(tx.id, tx.status, {
      status: nextSweepStatus(tx.status, 'MINE'),
      receipt,
      minedAt: at,
      updatedAt: at,
    });
    this.counters.mined += 1;
    if (updated.type === 'SWEEP' && receipt.success) await this.collect(updated, receipt);
    await this.followMined(updated);
    return 1;
  }

  /** Waits for finality, then books it: custody moved, deposits SETTLED (or back), gas recorded. */
  private async followMined(tx: SweepTx): Promise<number> {
    const receipt = tx.receipt;
    if (!receipt) throw new Error(`mined transaction ${tx.id} has no receipt`);
    if (tx.type === 'SWEEP' && receipt.success) await this.collect(tx, receipt);
    const head = await this.chainHead();
    if (receipt.blockNumber > head.finalized) return 0;
    if ((await this.chain.canonicalBlockHash(receipt.blockNumber)) !== receipt.blockHash) {
      // Reorged out of that block: re-included elsewhere, or back to the pool (sent again).
      const now = await this.findReceipt(tx);
      if (now) {
        await this.deps.store.updateTx(tx.id, 'MINED', { receipt: now, updatedAt: this.run.now() });
      } else {
        // Back to SIGNED: the recorded bytes are sent again (and SENT once a node has them).
        const signed = await this.deps.store.updateTx(tx.id, 'MINED', {
          status: nextSweepStatus('MINED', 'REORGED_OUT'),
          updatedAt: this.run.now(),
        });
        await this.sendSigned(signed);
      }
      return 1;
    }
    await this.book(tx, receipt);
    const final = nextSweepStatus('MINED', receipt.success ? 'FINALIZED' : 'FINALIZED_REVERTED');
    await this.deps.store.updateTx(tx.id, 'MINED', {
      status: final,
      finalAt: this.run.now(),
      updatedAt: this.run.now(),
      ...(tx.type === 'SWEEP' && receipt.success
        ? { ledgerEntryId: `sweep:${tx.network}:${receipt.hash}` }
        : {}),
    });
    if (tx.type === 'SWEEP') {
      if (receipt.success) this.counters.settledSweeps += 1;
      else this.counters.failedSweeps += 1;
    }
    return 1;
  }

  /** Idempotent: deterministic entry ids, conditional moves, a gas record written once. */
  private async book(tx: SweepTx, receipt: SweepTxReceipt): Promise<void> {
    const at = tx.minedAt ?? this.run.now();
    if (tx.type === 'SWEEP') {
      if (receipt.success) {
        await this.deps.ledger.post(sweepEntry(evmSweptFunds(tx, receipt), at));
        this.counters.depositsSettled += await this.run.deposits.settle(
          tx.depositIds,
          tx.id,
          receipt.hash,
          tx.minedAt ?? this.run.now(),
        );
      } else {
        await this.run.deposits.release(tx.depositIds, tx.id);
        this.deps.log?.error('sweep reverted', {
          network: tx.network,
          txId: tx.id,
          hash: receipt.hash,
          address: tx.address,
          token: tx.token,
        });
      }
      await this.deps.store.releaseLock(tx.network, tx.address, tx.token, tx.id);
    }
    const native = {
      asset: this.chain.nativeAsset,
      decimals: this.chain.nativeDecimals,
      usdPrice: this.deps.settings.nativeUsdPrice,
    };
    const codes = tx.type === 'SWEEP' ? await this.run.deposits.codes(tx.depositIds) : [];
    await this.deps.gasRecords.record(gasRecord(tx, receipt, native, at, codes));
    const entry = gasEntry(tx, receipt, this.chain.nativeAsset, at);
    if (entry) await this.deps.ledger.post(entry);
  }

  /** SWEEP mined with success: its deposits are COLLECTED. */
  private collect(tx: SweepTx, receipt: SweepTxReceipt): Promise<void> {
    return this.run.deposits.collect(tx.depositIds, tx.id, receipt.hash, tx.minedAt ?? this.run.now());
  }

  // --- Groups: approval, then the sweep ----------------------------------------------------------

  private skip(group: SweepGroup, reason: string): GroupState {
    this.counters.skipped.push({ address: group.address, token: group.token, reason });
    return 'DONE';
  }

  async progressGroup(group: SweepGroup): Promise<GroupState> {
    const holder = await this.deps.store.lockHolder(this.deps.network, group.address, group.token);
    if (holder) return this.skip(group, 'SWEEP_IN_FLIGHT');
    const allowance = await this.chain.allowance(group.token, group.address, this.relayer.address);
    if (allowance < group.amount) return this.approve(group);
    const approval = await this.deps.store.getApproval(this.deps.network, group.address, group.token);
    if (approval?.status !== 'APPROVED') {
      await this.deps.store.markApproved(
        approval ?? {
          network: this.deps.network,
          address: group.address,
          token: group.token,
          partnerId: group.partnerId,
          status: 'APPROVED',
          failures: 0,
          updatedAt: this.run.now(),
        },
      );
    }
    return this.startSweep(group);
  }

  private async approve(group: SweepGroup): Promise<GroupState> {
    const approval = await this.deps.store.getApproval(this.deps.network, group.address, group.token);
    if (!approval || approval.status === 'FAILED') {
      if (approval && approval.failures >= MAX_APPROVAL_FAILURES)
        return this.skip(group, 'APPROVAL_FAILED_REPEATEDLY');
      if (await this.startTopUp(group, approval)) this.moves += 1;
      return 'WAITING';
    }
    // TOPPING_UP waits for its top-up, APPROVING for its approve; one that failed starts over.
    const txId = approval.status === 'TOPPING_UP' ? approval.topUpTxId : approval.approveTxId;
    const tx = approval.status !== 'APPROVED' && txId ? await this.deps.store.getTx(txId) : undefined;
    const failed =
      !tx ||
      tx.status === 'DROPPED' ||
      (tx.receipt && !tx.receipt.success && (tx.status === 'MINED' || tx.status === 'FAILED'));
    // APPROVED, yet the allowance does not cover the amount (changed on chain): approve again.
    if (failed || approval.status === 'APPROVED') {
      await this.deps.store.failApproval(approval, this.run.now());
      this.moves += 1;
    } else if (
      approval.status === 'TOPPING_UP' &&
      (tx.status === 'MINED' || tx.status === 'FINAL') &&
      tx.receipt?.success
    )
      await this.sendApprove(group, approval);
    // APPROVING and mined: the allowance is on chain; the next round sees it and sweeps.
    return 'WAITING';
  }

  /** Records and broadcasts the gas tank's top-up: just enough native coin for the approve. */
  private async startTopUp(group: SweepGroup, previous: SweepApproval | undefined): Promise<boolean> {
    const data = this.chain.encodeApprove(this.relayer.address);
    const tokenAddress = this.chain.tokenAddress(group.token);
    const budget = approveBudget({
      gasEstimate: await this.chain.estimateGas({ from: group.address, to: tokenAddress, data }),
      gasPrice: await this.chain.gasPrice(),
      marginPercent: this.deps.settings.gasMarginPercent,
    });
    const at = this.run.now();
    const tx = await this.newRelayerTx('TOPUP', group, {
      to: group.address,
      data: '0x',
      value: budget.maxCost,
      amount: 0n,
      depositIds: [],
    });
    const recorded = this.deps.store.createRelayerTx({
      tx: tx.tx,
      expectedCounter: tx.counter,
      approval: {
        next: {
          network: this.deps.network,
          address: group.address,
          token: group.token,
          partnerId: group.partnerId,
          status: 'TOPPING_UP',
          topUpTxId: tx.tx.id,
          approveGasLimit: budget.gasLimit,
          approveGasPrice: budget.gasPrice,
          failures: previous?.failures ?? 0,
          updatedAt: at,
        },
        ...(previous ? { previous } : {}),
      },
    });
    try {
      await recorded;
    } catch (e) {
      // Another run took the nonce or started this approval: the next round sees where it stands.
      if (isGatewayError(e, 'CONFLICT')) return false;
      throw e;
    }
    this.counters.topUpsSent += 1;
    this.deps.log?.info('topping up a deposit address for its approve', {
      network: this.deps.network,
      address: group.address,
      token: group.token,
      value: budget.maxCost.toString(),
      txId: tx.tx.id,
    });
    await this.sendSigned(tx.tx);
    return true;
  }

  /** The deposit address approves the gas tank once; its key is decrypted for this one signature. */
  private async sendApprove(group: SweepGroup, approval: SweepApproval): Promise<void> {
    if (approval.approveGasLimit === undefined || approval.approveGasPrice === undefined)
      throw new Error(`approval of ${group.address} has no budget`);
    const wallet = (await this.deps.wallets.lookup(this.deps.network, [group.address])).get(
      group.address.toLowerCase(),
    );
    if (!wallet || (wallet.kind !== 'HOT' && wallet.kind !== 'POOL'))
      throw new Error(`${group.address} is not a HOT or POOL address of ours`);
    const signer = await this.deps.addressSigners.signerFor(wallet.hdAccount, wallet.hdIndex);
    if (signer.address.toLowerCase() !== group.address.toLowerCase())
      throw new Error(`HD key ${wallet.hdAccount}/${wallet.hdIndex} does not derive ${group.address}`);
    const nonce = await this.chain.transactionCount(group.address, 'pending');
    const call = {
      to: this.chain.tokenAddress(group.token),
      data: this.chain.encodeApprove(this.relayer.address),
      value: 0n,
      amount: 0n,
      depositIds: [],
    };
    const tx = await this.signRecord(signer, group.address, 'APPROVE', group, call, nonce, {
      gasLimit: approval.approveGasLimit,
      gasPrice: approval.approveGasPrice,
    });
    try {
      await this.deps.store.createApproveTx(tx, { expectedTopUpTxId: approval.topUpTxId, at: tx.createdAt });
    } catch (e) {
      if (isGatewayError(e, 'CONFLICT')) return;
      throw e;
    }
    this.counters.approvesSent += 1;
    this.moves += 1;
    await this.sendSigned(tx);
  }

  /** Records the transferFrom with its deposits' claims and the lock (one write), then broadcasts it. */
  private async startSweep(group: SweepGroup): Promise<GroupState> {
    const onChain = await this.chain.tokenBalance(group.token, group.address);
    const decision = decideSweep(group, this.deps.settings.minimumAmount(group.asset), onChain);
    if (!decision.sweep) {
      if (decision.reason === 'CHAIN_BALANCE_SHORT') {
        this.deps.log?.error('address holds less than its credited deposits; not swept', {
          network: this.deps.network,
          address: group.address,
          token: group.token,
          credited: group.amount.toString(),
          onChain: onChain.toString(),
        });
      }
      return this.skip(group, decision.reason);
    }
    const master = await this.deps.masterWallet(group.partnerId);
    const data = this.chain.encodeTransferFrom(group.address, master.address, decision.amount);
    const tx = await this.newRelayerTx('SWEEP', group, {
      to: this.chain.tokenAddress(group.token),
      data,
      value: 0n,
      amount: decision.amount,
      depositIds: group.depositIds,
      destination: master.address,
    });
    try {
      await this.deps.store.createRelayerTx({
        tx: tx.tx,
        expectedCounter: tx.counter,
        lock: true,
        claimDeposits: group.depositIds,
      });
    } catch (e) {
      // Another run took the nonce, the lock, or one of the deposits: the next round looks again.
      if (isGatewayError(e, 'CONFLICT')) return this.skip(group, 'CONTENDED');
      throw e;
    }
    this.counters.sweepsSent += 1;
    this.moves += 1;
    this.deps.log?.info('sweeping', {
      network: this.deps.network,
      address: group.address,
      token: group.token,
      amount: decision.amount.toString(),
      deposits: group.depositIds.length,
      txId: tx.tx.id,
      hash: tx.tx.attempts[0]?.hash,
    });
    await this.sendSigned(tx.tx);
    return 'DONE';
  }

  /** Nothing recorded, nothing sent: the withdrawal alerts (masterGasLow), the run's check gasTankLow. */
  private tankCannotCover(request: MasterGasRequest, amount: bigint, tank: bigint): number {
    this.counters.skipped.push({ address: request.master, token: request.token, reason: 'GAS_TANK_LOW' });
    this.deps.log?.error('the gas tank cannot cover a MASTER top-up', {
      network: this.deps.network,
      master: request.master,
      code: request.code,
      needed: amount.toString(),
      tank: tank.toString(),
    });
    return 0;
  }

  /** Signs a gas-tank transaction at the next nonce (not yet recorded: the caller records it). */
  private async newRelayerTx(
    type: SweepTxType,
    group: TxSubject,
    call: RelayedCall,
  ): Promise<{ tx: SweepTx; counter: number | undefined }> {
    const from = this.relayer.address;
    const [counter, latest, pendingCount, gasPrice, gasEstimate] = await Promise.all([
      this.deps.store.relayerCounter(this.deps.network, from),
      this.chain.transactionCount(from, 'latest'),
      this.chain.transactionCount(from, 'pending'),
      this.chain.gasPrice(),
      this.chain.estimateGas({ from, to: call.to, data: call.data, value: call.value }),
    ]);
    const nonce = nextRelayerNonce(counter, latest, pendingCount);
    const budget = relayerBudget({
      gasEstimate,
      gasPrice,
      marginPercent: this.deps.settings.gasMarginPercent,
    });
    return { counter, tx: await this.signRecord(this.relayer, from, type, group, call, nonce, budget) };
  }

  /** `from` signs a call at `nonce`; its record (SIGNED, one attempt) is returned for the caller to write. */
  private async signRecord(
    signer: TransactionSigner,
    from: string,
    type: SweepTxType,
    group: TxSubject,
    call: RelayedCall,
    nonce: number,
    gas: { readonly gasLimit: bigint; readonly gasPrice: bigint },
  ): Promise<SweepTx> {
    const { to, data, value } = call;
    const { gasLimit, gasPrice } = gas;
    const signed = await signer.signTransaction({
      chainId: this.chain.chainId,
      nonce,
      to,
      data,
      value,
      gasLimit,
      gasPrice,
    });
    const at = this.run.now();
    return {
      id: sweepTxId(this.deps.network, from, nonce),
      type,
      network: this.deps.network,
      status: 'SIGNED',
      from,
      nonce,
      to,
      data,
      partnerId: group.partnerId,
      address: group.address,
      walletType: group.walletType,
      token: group.token,
      value,
      amount: call.amount,
      ...(call.destination ? { destination: call.destination } : {}),
      depositIds: call.depositIds,
      attempts: [{ hash: signed.hash, raw: signed.raw, gasLimit, gasPrice, signedAt: at }],
      createdAt: at,
      updatedAt: at,
    };
  }
}
