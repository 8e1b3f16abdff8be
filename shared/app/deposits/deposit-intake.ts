import type { NetworkCode, NetworkConfig } from '../../domain/chains/networks';
import { confirmationsOf, depositCode, depositId, transitionDeposit } from '../../domain/deposit/deposit';
import type {
  AttributionMethod,
  DepositEvent,
  DepositStatus,
  FailureReason,
} from '../../domain/deposit/deposit';
import { splitDepositFee } from '../../domain/deposit/fees';
import { isGatewayError, NotFoundError } from '../../domain/errors';
import { accounts } from '../../domain/ledger/accounts';
import { formatAmount } from '../../domain/ledger/amount';
import { findAsset } from '../../domain/ledger/asset';
import type { Asset } from '../../domain/ledger/asset';
import type { EntryRequest, Posting } from '../../domain/ledger/entry';
import type { Clock } from '../../ports/clock';
import type { DepositPatch, DepositRepository, StoredDeposit } from '../../ports/deposits';
import type {
  ChainHeadInfo,
  DepositIntake,
  ObservedTransfer,
  TransferScanner,
} from '../../ports/evm-transfers';
import type { FeeSettingsStore } from '../../ports/fee-settings';
import type { LedgerStore } from '../../ports/ledger';
import type { RevenueCounters } from '../../ports/subtree-activity';
import type { PartnerRepository } from '../../ports/partner-store';
import type { AlertPublisher } from '../../ports/reconciliation';
import type { WalletAddress, WalletRepository } from '../../ports/wallets';
import type { OutboxEvent } from '../../ports/outbox';
import type { WebhookEventType } from '../../ports/webhooks';
import { depositView } from './deposit-queries';
import { depositFeeTermsFor } from './fee-chain';
import { describeFailure, isTransientFailure } from './intake-failures';

export interface PoolAmountMatcher {
  /** The open request this exact amount answers, claimed for this deposit (exactly once). */
  claim(
    wallet: WalletAddress,
    token: string,
    amount: bigint,
    depositId: string,
    at: string,
  ): Promise<{ userId: string } | undefined>;
}

export interface DepositIntakeDeps {
  readonly wallets: WalletRepository;
  readonly deposits: DepositRepository;
  readonly ledger: LedgerStore;
  readonly partners: PartnerRepository;
  readonly fees: FeeSettingsStore;
  readonly clock: Clock;
  readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>;
  /** Smallest amount credited, per asset; smaller transfers are recorded and not credited. */
  readonly minimumAmount: (asset: Asset) => bigint;
  /** Whether a deposit of this USD value is LARGE_DEPOSIT for the partner (its webhook threshold). */
  readonly isLargeDeposit?: (partnerId: string, amountUsd: string) => Promise<boolean>;
  readonly poolMatcher?: PoolAmountMatcher;
  readonly onError?: (message: string, e: unknown) => void;
  /** Where a deposit needing review is announced (DEPOSIT_NEEDS_REVIEW, with its tx hash). */
  readonly alerts?: AlertPublisher;
  /** Store/network outage (fail the round) versus a transfer that cannot be processed (flag it); see intake-failures.ts. */
  readonly isTransient?: (e: unknown) => boolean;
  /** Tries per transfer within one round before it is judged (default 2). */
  readonly recordAttempts?: number;
  /** The revenue counters each credit moves with its entry (ADR 0032); the composition always wires them. */
  readonly revenueCounters?: RevenueCounters;
}

const OPEN_BATCH = 200;
const RECORD_ATTEMPTS = 2;

function attribute(wallet: WalletAddress): { method: AttributionMethod; userId: string | null } {
  if (wallet.kind === 'HOT' && wallet.purpose === 'USER')
    return { method: 'HOT_ADDRESS', userId: wallet.userId };
  if (wallet.kind === 'HOT' && wallet.purpose === 'RESERVATION' && wallet.status === 'ACTIVE')
    return { method: 'RESERVATION', userId: wallet.userId };
  return { method: 'UNATTRIBUTED', userId: null };
}

/**
 * Turns what the poller saw into deposits and credits: matches recipients (and, for MASTER/POOL,
 * senders) against the address index in bulk, records deposits idempotently, and confirms them once
 * their block is final and still canonical — one ledger entry with a deterministic id per deposit.
 * Webhook events leave through the transactional outbox: each is written in the same transaction as
 * the deposit change it reports (created → DEPOSIT_DETECTED and LARGE_DEPOSIT; credited and CONFIRMED →
 * DEPOSIT_CONFIRMED; FAILED after DEPOSIT_DETECTED was sent → DEPOSIT_FAILED with the reason), so a
 * webhook outage never holds a deposit back (see shared/app/outbox).
 */
export class DepositIntakeService implements DepositIntake {
  /** Deposits already alerted for failing to confirm, so a stuck one pages once, not every round. */
  private readonly confirmAlerted = new Set<string>();

  constructor(private readonly deps: DepositIntakeDeps) {}

  async ingest(
    network: NetworkCode,
    transfers: readonly ObservedTransfer[],
    head: ChainHeadInfo,
  ): Promise<{ detected: number }> {
    if (transfers.length === 0) return { detected: 0 };
    const ours = await this.deps.wallets.lookup(network, [...new Set(transfers.map((t) => t.to))]);
    const toUs = transfers.filter((t) => ours.has(t.to.toLowerCase()));
    if (toUs.length === 0) return { detected: 0 };
    // A transfer between two addresses of the same partner is the gateway moving custody (a sweep
    // HOT/POOL → MASTER), already booked by the sweep: never a deposit. From another partner's
    // address (a withdrawal to one of our users) it is one.
    const fromUs = await this.deps.wallets.lookup(network, [...new Set(toUs.map((t) => t.from))]);
    const relevant = toUs.filter(
      (t) => fromUs.get(t.from.toLowerCase())?.partnerId !== ours.get(t.to.toLowerCase())?.partnerId,
    );
    if (relevant.length === 0) return { detected: 0 };
    const senders = await this.deps.wallets.lookupExternal(network, [
      ...new Set(relevant.filter((t) => ours.get(t.to.toLowerCase())?.kind !== 'HOT').map((t) => t.from)),
    ]);
    let detected = 0;
    for (const t of relevant) {
      const wallet = ours.get(t.to.toLowerCase()) as WalletAddress;
      const recorded = await this.recordIsolated(
        network,
        t,
        wallet,
        senders.get(t.from.toLowerCase())?.partnerId === wallet.partnerId
          ? senders.get(t.from.toLowerCase())?.userId
          : undefined,
        head,
      );
      if (recorded) detected += 1;
    }
    return { detected };
  }

  /**
   * One transfer, isolated from the others in the round (issue 12 §0): a transfer the intake cannot
   * process must not stop the network. Each transfer gets `recordAttempts` tries (a one-off race or
   * blip passes on the second). Then:
   * - the store or the network to it is down (isTransientFailure): rethrow. The round fails, the cursor
   *   stays, the next round records the transfer normally — nothing is lost or parked.
   * - anything else: the transfer is poison. It is recorded FAILED / INTAKE_ERROR (no credit) and
   *   alerted with its tx hash, and the round goes on, so the cursor passes it.
   * If even that record cannot be written, the store is the problem: the error propagates.
   * The bulk address look-ups in `ingest` are store reads for the whole batch, not one transfer's
   * processing: their failures fail the round (and the poller-health alarm covers a stuck network).
   */
  private async recordIsolated(
    network: NetworkCode,
    t: ObservedTransfer,
    wallet: WalletAddress,
    externalUserId: string | undefined,
    head: ChainHeadInfo,
  ): Promise<boolean> {
    const attempts = Math.max(1, this.deps.recordAttempts ?? RECORD_ATTEMPTS);
    const isTransient = this.deps.isTransient ?? isTransientFailure;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.record(network, t, wallet, externalUserId, head);
      } catch (e) {
        if (attempt < attempts) continue;
        if (isTransient(e)) throw e;
        await this.flagForReview(network, t, wallet, head, e);
        return false;
      }
    }
  }

  /** What the chain says of a transfer, the same on every deposit record made from it. */
  private onChainFacts(
    network: NetworkCode,
    t: ObservedTransfer,
    wallet: WalletAddress,
    head: ChainHeadInfo,
  ) {
    return {
      network,
      token: t.token,
      txHash: t.txHash.toLowerCase(),
      logIndex: t.logIndex,
      blockNumber: t.blockNumber,
      blockHash: t.blockHash,
      fromAddress: t.from,
      toAddress: t.to,
      walletType: wallet.kind,
      amount: t.amount,
      confirmations: confirmationsOf(t.blockNumber, head.latest),
      requiredConfirmations: this.deps.networks[network].finality.confirmations,
    };
  }

  /** Records a transfer the intake could not process as FAILED / INTAKE_ERROR, and raises the alert. */
  private async flagForReview(
    network: NetworkCode,
    t: ObservedTransfer,
    wallet: WalletAddress,
    head: ChainHeadInfo,
    e: unknown,
  ): Promise<void> {
    const id = depositId(network, t.txHash, t.logIndex);
    const now = this.deps.clock.now().toISOString();
    const reason = describeFailure(e);
    const { created } = await this.deps.deposits.create({
      id,
      code: depositCode(id, now),
      partnerId: wallet.partnerId,
      userId: null,
      method: 'UNATTRIBUTED',
      ...this.onChainFacts(network, t, wallet, head),
      asset: findAsset(`${t.token}@${network}`)?.code ?? `${t.token}@${network}`,
      fee: 0n,
      netAmount: 0n,
      feeShares: [],
      status: 'FAILED',
      failureReason: 'INTAKE_ERROR',
      failureDetail: reason,
      failedAt: now,
      detectedAt: now,
      updatedAt: now,
    });
    // The deposit may exist already (flagged earlier, or recorded by a concurrent poller before this
    // failure): then it stands as it is, and a rescan of the same range does not page twice.
    if (!created) return;
    this.deps.onError?.(
      `deposit ${id} (tx ${t.txHash}) could not be processed; recorded FAILED/INTAKE_ERROR for review`,
      e,
    );
    await this.alert({
      type: 'DEPOSIT_NEEDS_REVIEW',
      stage: 'INTAKE',
      network,
      depositId: id,
      txHash: t.txHash.toLowerCase(),
      logIndex: t.logIndex,
      partnerId: wallet.partnerId,
      reason,
    });
  }

  private async alert(alert: Parameters<AlertPublisher['raise']>[0]): Promise<void> {
    try {
      await this.deps.alerts?.raise(alert);
    } catch (e) {
      // The record stands and the log line above names the deposit; an alert channel outage must not fail the round.
      this.deps.onError?.(`alert ${alert.type} failed`, e);
    }
  }

  private async record(
    network: NetworkCode,
    t: ObservedTransfer,
    wallet: WalletAddress,
    externalUserId: string | undefined,
    head: ChainHeadInfo,
  ): Promise<boolean> {
    const asset = findAsset(`${t.token}@${network}`);
    if (!asset) return false;
    const id = depositId(network, t.txHash, t.logIndex);
    const existing = await this.deps.deposits.get(id);
    if (existing) {
      // The same log re-included in another block after a reorg: follow it while it is still open.
      if (
        existing.blockHash !== t.blockHash &&
        (existing.status === 'DETECTED' || existing.status === 'CONFIRMING')
      ) {
        await this.deps.deposits.update(id, existing.status, {
          blockNumber: t.blockNumber,
          blockHash: t.blockHash,
          updatedAt: this.deps.clock.now().toISOString(),
        });
      }
      return false;
    }
    const now = this.deps.clock.now().toISOString();
    const partner = await this.deps.partners.get(wallet.partnerId);
    // An address of ours whose partner is gone is a data fault to review, not a transfer to drop silently.
    if (!partner) throw new NotFoundError(`Partner ${wallet.partnerId} of ${t.to} not found`);
    let { method, userId } = attribute(wallet);
    if (wallet.kind !== 'HOT') {
      const pooled =
        wallet.kind === 'POOL' && this.deps.poolMatcher
          ? await this.deps.poolMatcher.claim(wallet, t.token, t.amount, id, now)
          : undefined;
      if (pooled) ({ method, userId } = { method: 'POOL_AMOUNT', userId: pooled.userId });
      else if (externalUserId) ({ method, userId } = { method: 'EXTERNAL_WALLET', userId: externalUserId });
    }
    // Any partner type can receive deposits; the fee rule per type is in domain/deposit/fees.ts.
    const { chain, depositFeeRate } = await depositFeeTermsFor(this.deps, partner);
    const split = splitDepositFee(t.amount, depositFeeRate, chain);
    const dust = t.amount < this.deps.minimumAmount(asset);
    const status: DepositStatus = dust ? 'FAILED' : 'DETECTED';
    const deposit: StoredDeposit = {
      id,
      code: depositCode(id, now),
      partnerId: partner.id,
      userId,
      method,
      ...this.onChainFacts(network, t, wallet, head),
      asset: asset.code,
      fee: dust ? 0n : split.fee,
      netAmount: dust ? 0n : split.net,
      feeShares: dust ? [] : split.shares,
      feeRates: { depositFeeRate, chain: chain.map((l) => ({ partnerId: l.partnerId, rate: l.rate })) },
      // The fee chain names every ancestor (platform first): the sub-partner counters' path (ADR 0032).
      ancestry: chain
        .map((link) => link.partnerId)
        .filter((id) => id !== partner.id)
        .reverse(),
      status,
      ...(dust ? { failureReason: 'BELOW_MINIMUM' as const, failedAt: now } : {}),
      ...(dust ? {} : { detectedNotified: true }),
      detectedAt: now,
      updatedAt: now,
    };
    const { created } = await this.deps.deposits.create(
      deposit,
      dust ? {} : { events: await this.detectedEvents(deposit, asset, now) },
    );
    return created;
  }

  /** DEPOSIT_DETECTED, and LARGE_DEPOSIT when it reaches the partner's threshold (stablecoins count 1:1 in USD). */
  private async detectedEvents(d: StoredDeposit, asset: Asset, at: string): Promise<OutboxEvent[]> {
    const large = this.deps.isLargeDeposit
      ? await this.deps.isLargeDeposit(d.partnerId, formatAmount(d.amount, asset.decimals)).catch(() => false)
      : false;
    return [this.event('DEPOSIT_DETECTED', d, at), ...(large ? [this.event('LARGE_DEPOSIT', d, at)] : [])];
  }

  /** Deposits recorded before the outbox existed and never announced: their DETECTED events, once, with the flag. */
  private async notifyDetected(d: StoredDeposit, asset: Asset): Promise<StoredDeposit> {
    if (d.detectedNotified) return d;
    const at = this.deps.clock.now().toISOString();
    return this.deps.deposits.update(
      d.id,
      d.status,
      { detectedNotified: true },
      { events: await this.detectedEvents(d, asset, at) },
    );
  }

  /**
   * Fails an open deposit with its reason (no credit was ever posted: credit and CONFIRMED are one
   * transaction). A partner told of the deposit (DEPOSIT_DETECTED sent) is told of its failure too:
   * DEPOSIT_FAILED, with `failureReason`, written in the same transaction as the status change.
   */
  private async fail(
    d: StoredDeposit,
    event: Extract<DepositEvent, 'REORGED' | 'REJECTED'>,
    reason: FailureReason,
  ): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    const patch: DepositPatch = {
      status: transitionDeposit(d.status, event),
      failureReason: reason,
      failedAt: at,
      updatedAt: at,
    };
    const events = d.detectedNotified ? [this.event('DEPOSIT_FAILED', { ...d, ...patch }, at)] : [];
    await this.deps.deposits.update(d.id, d.status, patch, { events });
  }

  async confirm(
    network: NetworkCode,
    head: ChainHeadInfo,
    scanner: TransferScanner,
  ): Promise<{ confirmed: number; failed: number }> {
    const open = await this.deps.deposits.listOpen(network, OPEN_BATCH);
    const hashes = new Map<number, Promise<string | undefined>>();
    const canonical = (n: number) => {
      let h = hashes.get(n);
      if (!h) {
        h = scanner.canonicalBlockHash(n);
        hashes.set(n, h);
      }
      return h;
    };
    let confirmed = 0;
    let failed = 0;
    for (const d of open) {
      try {
        if (d.blockNumber > head.latest) continue;
        const announced = await this.notifyDetected(d, findAsset(d.asset) as Asset);
        const hash = await canonical(d.blockNumber);
        if (hash !== d.blockHash) {
          const now = (await scanner.transfersInTransaction(d.txHash)).find(
            (t) =>
              t.logIndex === d.logIndex &&
              t.to.toLowerCase() === d.toAddress.toLowerCase() &&
              t.amount === d.amount,
          );
          if (now && (await canonical(now.blockNumber)) === now.blockHash) {
            await this.deps.deposits.update(d.id, d.status, {
              blockNumber: now.blockNumber,
              blockHash: now.blockHash,
              updatedAt: this.deps.clock.now().toISOString(),
            });
          } else {
            await this.fail(announced, 'REORGED', 'REORGED');
            failed += 1;
          }
          continue;
        }
        const confirmations = confirmationsOf(d.blockNumber, head.latest);
        if (d.blockNumber <= head.finalized) {
          if (await this.credit(d, confirmations)) confirmed += 1;
        } else if (d.status === 'DETECTED' || confirmations !== d.confirmations) {
          await this.deps.deposits.update(d.id, d.status, {
            status: transitionDeposit(d.status, 'CONFIRMATION_SEEN'),
            confirmations,
            updatedAt: this.deps.clock.now().toISOString(),
          });
        }
      } catch (e) {
        // Another poller moved it first, or a transient error: the next round looks again. One deposit's
        // failure never fails the round: the others in the batch go on.
        if (!isGatewayError(e, 'ILLEGAL_TRANSITION')) {
          this.deps.onError?.(`confirming ${d.id} failed`, e);
          // A failure that is not an outage will repeat every round: page once per deposit (per
          // container) instead of only logging. The deposit stays open — its credit may already be
          // posted, so FAILED would contradict the ledger — and is retried, safely, every round.
          if (!(this.deps.isTransient ?? isTransientFailure)(e) && !this.confirmAlerted.has(d.id)) {
            this.confirmAlerted.add(d.id);
            await this.alert({
              type: 'DEPOSIT_NEEDS_REVIEW',
              stage: 'CONFIRM',
              network,
              depositId: d.id,
              txHash: d.txHash,
              logIndex: d.logIndex,
              partnerId: d.partnerId,
              reason: describeFailure(e),
            });
          }
        }
      }
    }
    return { confirmed, failed };
  }

  /**
   * Credits a deposit exactly once and confirms it in the same transaction: the ledger entry (its id is
   * the deposit's, so a retry is a no-op), the status change CONFIRMING → CONFIRMED (conditioned on the
   * status read) and the DEPOSIT_CONFIRMED outbox event.
   */
  private async credit(d: StoredDeposit, confirmations: number): Promise<boolean> {
    const custody = accounts.custody(d.partnerId, d.walletType, d.asset);
    const postings: Posting[] = [];
    if (d.netAmount > 0n)
      postings.push({
        debit: custody,
        credit: accounts.partnerAvailable(d.partnerId, d.asset),
        amount: d.netAmount,
      });
    for (const share of d.feeShares) {
      postings.push({
        debit: custody,
        credit:
          share.role === 'PLATFORM'
            ? accounts.platformRevenue(d.asset)
            : accounts.distributorRevenue(share.partnerId, d.asset),
        amount: share.amount,
        reason: share.role === 'PLATFORM' ? 'DEPOSIT_FEE' : 'REVENUE_SHARE',
      });
    }
    const entry: EntryRequest = {
      id: `deposit:${d.network}:${d.txHash}:${d.logIndex}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: `${d.network}.${d.txHash}.${d.logIndex}` },
      postings,
      effectiveAt: d.detectedAt,
      metadata: { depositCode: d.code, ...(d.userId ? { userId: d.userId } : {}) },
    };
    // What each partner earned, on the revenue counters (ADR 0032): in the entry's transaction, so they
    // move exactly when the revenue accounts do.
    const revenue = this.deps.revenueCounters?.creditEffect(d);
    const earned = revenue ? [revenue] : [];
    const at = this.deps.clock.now().toISOString();
    const patch: DepositPatch = {
      status: transitionDeposit(d.status, 'FINALIZED'),
      confirmations,
      ledgerEntryId: entry.id,
      confirmedAt: at,
      updatedAt: at,
    };
    const confirmedEvent = this.event('DEPOSIT_CONFIRMED', { ...d, ...patch }, at);
    const posted = await this.deps.ledger.post(entry, {
      alsoWrite: [
        { type: 'DEPOSIT_TRANSITION', depositId: d.id, from: d.status, patch },
        { type: 'OUTBOX_EVENT', outbox: confirmedEvent },
        ...earned,
      ],
    });
    if (posted.status === 'DUPLICATE') {
      // Credited before the status moved: written by the older three-step flow (credit, publish, status)
      // that a webhook outage could stop half-way. Finish it: the status and the event, one transaction.
      // (A concurrent poller that confirmed it first makes this ILLEGAL_TRANSITION, as any lost race.)
      await this.deps.deposits.update(d.id, d.status, patch, { events: [confirmedEvent] });
    }
    return true;
  }

  /** A webhook event about a deposit, for the outbox; its id is deterministic, so re-emitting it is harmless. */
  private event(
    type: Extract<
      WebhookEventType,
      'DEPOSIT_DETECTED' | 'DEPOSIT_CONFIRMED' | 'DEPOSIT_FAILED' | 'LARGE_DEPOSIT'
    >,
    d: StoredDeposit,
    at: string,
  ): OutboxEvent {
    const occurredAt =
      type === 'DEPOSIT_CONFIRMED'
        ? (d.confirmedAt ?? d.updatedAt)
        : type === 'DEPOSIT_FAILED'
          ? (d.failedAt ?? d.updatedAt)
          : d.detectedAt;
    return {
      event: {
        id: `${type}:${d.id}`,
        type,
        partnerId: d.partnerId,
        occurredAt,
        data: { depositId: d.id, ...depositView(d, this.deps.networks) },
      },
      recordedAt: at,
    };
  }
}
