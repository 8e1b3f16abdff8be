import type { NetworkCode, NetworkConfig } from '../../config/networks';
import { confirmationsOf, depositCode, depositId, transitionDeposit } from '../../domain/deposit/deposit';
import type { AttributionMethod, DepositStatus } from '../../domain/deposit/deposit';
import { splitDepositFee } from '../../domain/deposit/fees';
import { isGatewayError } from '../../domain/errors';
import { accounts } from '../../domain/ledger/accounts';
import { formatAmount } from '../../domain/ledger/amount';
import { findAsset } from '../../domain/ledger/asset';
import type { Asset } from '../../domain/ledger/asset';
import type { EntryRequest, Posting } from '../../domain/ledger/entry';
import type { Clock } from '../../ports/clock';
import type { DepositPatch, DepositRepository, StoredDeposit } from '../../ports/deposits';
import type { ChainHeadInfo, DepositIntake, ObservedTransfer, TransferScanner } from '../../ports/evm-transfers';
import type { FeeSettingsStore } from '../../ports/fee-settings';
import type { LedgerStore } from '../../ports/ledger';
import type { PartnerRepository } from '../../ports/partner-store';
import type { WalletAddress, WalletRepository } from '../../ports/wallets';
import type { OutboxEvent } from '../../ports/outbox';
import type { WebhookEventType } from '../../ports/webhooks';
import { depositView } from './deposit-queries';
import { feeChainFor } from './fee-chain';

export interface PoolAmountMatcher {
  /** The open request this exact amount answers, claimed for this deposit (exactly once). */
  claim(wallet: WalletAddress, token: string, amount: bigint, depositId: string, at: string): Promise<{ userId: string } | undefined>;
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
}

const OPEN_BATCH = 200;

function attribute(wallet: WalletAddress): { method: AttributionMethod; userId: string | null } {
  if (wallet.kind === 'HOT' && wallet.purpose === 'USER') return { method: 'HOT_ADDRESS', userId: wallet.userId };
  if (wallet.kind === 'HOT' && wallet.purpose === 'RESERVATION' && wallet.status === 'ACTIVE') return { method: 'RESERVATION', userId: wallet.userId };
  return { method: 'UNATTRIBUTED', userId: null };
}

/**
 * Turns what the poller saw into deposits and credits: matches recipients (and, for MASTER/POOL,
 * senders) against the address index in bulk, records deposits idempotently, and confirms them once
 * their block is final and still canonical — one ledger entry with a deterministic id per deposit.
 * Webhook events leave through the transactional outbox: each is written in the same transaction as
 * the deposit change it reports (created → DEPOSIT_DETECTED and LARGE_DEPOSIT; credited and CONFIRMED →
 * DEPOSIT_CONFIRMED), so a webhook outage never holds a deposit back (see shared/app/outbox).
 */
export class DepositIntakeService implements DepositIntake {
  constructor(private readonly deps: DepositIntakeDeps) {}

  async ingest(network: NetworkCode, transfers: readonly ObservedTransfer[], head: ChainHeadInfo): Promise<{ detected: number }> {
    if (transfers.length === 0) return { detected: 0 };
    const ours = await this.deps.wallets.lookup(network, [...new Set(transfers.map((t) => t.to))]);
    const toUs = transfers.filter((t) => ours.has(t.to.toLowerCase()));
    if (toUs.length === 0) return { detected: 0 };
    // A transfer between two addresses of the same partner is the gateway moving custody (a sweep
    // HOT/POOL → MASTER), already booked by the sweep: never a deposit. From another partner's
    // address (a withdrawal to one of our users) it is one.
    const fromUs = await this.deps.wallets.lookup(network, [...new Set(toUs.map((t) => t.from))]);
    const relevant = toUs.filter((t) => fromUs.get(t.from.toLowerCase())?.partnerId !== ours.get(t.to.toLowerCase())?.partnerId);
    if (relevant.length === 0) return { detected: 0 };
    const senders = await this.deps.wallets.lookupExternal(
      network,
      [...new Set(relevant.filter((t) => ours.get(t.to.toLowerCase())?.kind !== 'HOT').map((t) => t.from))],
    );
    let detected = 0;
    for (const t of relevant) {
      const wallet = ours.get(t.to.toLowerCase()) as WalletAddress;
      const recorded = await this.record(network, t, wallet, senders.get(t.from.toLowerCase())?.partnerId === wallet.partnerId ? senders.get(t.from.toLowerCase())?.userId : undefined, head);
      if (recorded) detected += 1;
    }
    return { detected };
  }

  private async record(network: NetworkCode, t: ObservedTransfer, wallet: WalletAddress, externalUserId: string | undefined, head: ChainHeadInfo): Promise<boolean> {
    const asset = findAsset(`${t.token}@${network}`);
    if (!asset) return false;
    const id = depositId(network, t.txHash, t.logIndex);
    const existing = await this.deps.deposits.get(id);
    if (existing) {
      // The same log re-included in another block after a reorg: follow it while it is still open.
      if (existing.blockHash !== t.blockHash && (existing.status === 'DETECTED' || existing.status === 'CONFIRMING')) {
        await this.deps.deposits.update(id, existing.status, { blockNumber: t.blockNumber, blockHash: t.blockHash, updatedAt: this.deps.clock.now().toISOString() });
      }
      return false;
    }
    const now = this.deps.clock.now().toISOString();
    const partner = await this.deps.partners.get(wallet.partnerId);
    if (!partner) return false;
    let { method, userId } = attribute(wallet);
    if (wallet.kind !== 'HOT') {
      const pooled = wallet.kind === 'POOL' && this.deps.poolMatcher ? await this.deps.poolMatcher.claim(wallet, t.token, t.amount, id, now) : undefined;
      if (pooled) ({ method, userId } = { method: 'POOL_AMOUNT', userId: pooled.userId });
      else if (externalUserId) ({ method, userId } = { method: 'EXTERNAL_WALLET', userId: externalUserId });
    }
    const { chain, depositFeeRate } = await feeChainFor(this.deps, partner);
    const split = splitDepositFee(t.amount, depositFeeRate, chain);
    const dust = t.amount < this.deps.minimumAmount(asset);
    const status: DepositStatus = dust ? 'FAILED' : 'DETECTED';
    const deposit: StoredDeposit = {
      id,
      code: depositCode(id, now),
      partnerId: partner.id,
      userId,
      method,
      network,
      token: t.token,
      asset: asset.code,
      txHash: t.txHash.toLowerCase(),
      logIndex: t.logIndex,
      blockNumber: t.blockNumber,
      blockHash: t.blockHash,
      fromAddress: t.from,
      toAddress: t.to,
      walletType: wallet.kind,
      amount: t.amount,
      fee: dust ? 0n : split.fee,
      netAmount: dust ? 0n : split.net,
      feeShares: dust ? [] : split.shares,
      status,
      confirmations: confirmationsOf(t.blockNumber, head.latest),
      requiredConfirmations: this.deps.networks[network].finality.confirmations,
      ...(dust ? { failureReason: 'BELOW_MINIMUM' as const, failedAt: now } : {}),
      ...(dust ? {} : { detectedNotified: true }),
      detectedAt: now,
      updatedAt: now,
    };
    const { created } = await this.deps.deposits.create(deposit, dust ? {} : { events: await this.detectedEvents(deposit, asset, now) });
    return created;
  }

  /** DEPOSIT_DETECTED, and LARGE_DEPOSIT when it reaches the partner's threshold (stablecoins count 1:1 in USD). */
  private async detectedEvents(d: StoredDeposit, asset: Asset, at: string): Promise<OutboxEvent[]> {
    const large = this.deps.isLargeDeposit ? await this.deps.isLargeDeposit(d.partnerId, formatAmount(d.amount, asset.decimals)).catch(() => false) : false;
    return [this.event('DEPOSIT_DETECTED', d, at), ...(large ? [this.event('LARGE_DEPOSIT', d, at)] : [])];
  }

  /** Deposits recorded before the outbox existed and never announced: their DETECTED events, once, with the flag. */
  private async notifyDetected(d: StoredDeposit, asset: Asset): Promise<void> {
    if (d.detectedNotified) return;
    const at = this.deps.clock.now().toISOString();
    await this.deps.deposits.update(d.id, d.status, { detectedNotified: true }, { events: await this.detectedEvents(d, asset, at) });
  }

  async confirm(network: NetworkCode, head: ChainHeadInfo, scanner: TransferScanner): Promise<{ confirmed: number; failed: number }> {
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
        await this.notifyDetected(d, findAsset(d.asset) as Asset);
        const hash = await canonical(d.blockNumber);
        if (hash !== d.blockHash) {
          const now = (await scanner.transfersInTransaction(d.txHash)).find(
            (t) => t.logIndex === d.logIndex && t.to.toLowerCase() === d.toAddress.toLowerCase() && t.amount === d.amount,
          );
          if (now && (await canonical(now.blockNumber)) === now.blockHash) {
            await this.deps.deposits.update(d.id, d.status, { blockNumber: now.blockNumber, blockHash: now.blockHash, updatedAt: this.deps.clock.now().toISOString() });
          } else {
            const at = this.deps.clock.now().toISOString();
            await this.deps.deposits.update(d.id, d.status, { status: transitionDeposit(d.status, 'REORGED'), failureReason: 'REORGED', failedAt: at, updatedAt: at });
            failed += 1;
          }
          continue;
        }
        const confirmations = confirmationsOf(d.blockNumber, head.latest);
        if (d.blockNumber <= head.finalized) {
          if (await this.credit(d, confirmations)) confirmed += 1;
        } else if (d.status === 'DETECTED' || confirmations !== d.confirmations) {
          await this.deps.deposits.update(d.id, d.status, { status: transitionDeposit(d.status, 'CONFIRMATION_SEEN'), confirmations, updatedAt: this.deps.clock.now().toISOString() });
        }
      } catch (e) {
        // Another poller moved it first, or a transient error: the next round looks again.
        if (!isGatewayError(e, 'ILLEGAL_TRANSITION')) this.deps.onError?.(`confirming ${d.id} failed`, e);
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
    if (d.netAmount > 0n) postings.push({ debit: custody, credit: accounts.partnerAvailable(d.partnerId, d.asset), amount: d.netAmount });
    for (const share of d.feeShares) {
      postings.push({
        debit: custody,
        credit: share.role === 'PLATFORM' ? accounts.platformRevenue(d.asset) : accounts.distributorRevenue(share.partnerId, d.asset),
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
    const at = this.deps.clock.now().toISOString();
    const patch: DepositPatch = { status: transitionDeposit(d.status, 'FINALIZED'), confirmations, ledgerEntryId: entry.id, confirmedAt: at, updatedAt: at };
    const confirmedEvent = this.event('DEPOSIT_CONFIRMED', { ...d, ...patch }, at);
    const posted = await this.deps.ledger.post(entry, {
      alsoWrite: [
        { type: 'DEPOSIT_TRANSITION', depositId: d.id, from: d.status, patch },
        { type: 'OUTBOX_EVENT', outbox: confirmedEvent },
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
  private event(type: Extract<WebhookEventType, 'DEPOSIT_DETECTED' | 'DEPOSIT_CONFIRMED' | 'LARGE_DEPOSIT'>, d: StoredDeposit, at: string): OutboxEvent {
    return {
      event: {
        id: `${type}:${d.id}`,
        type,
        partnerId: d.partnerId,
        occurredAt: type === 'DEPOSIT_CONFIRMED' ? (d.confirmedAt ?? d.updatedAt) : d.detectedAt,
        data: { depositId: d.id, ...depositView(d, this.deps.networks) },
      },
      recordedAt: at,
    };
  }
}
