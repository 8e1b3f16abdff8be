import { createHash } from 'node:crypto';
import { GatewayError, ValidationError } from '../errors';
import type { FieldIssue } from '../errors';
import { parseAccount } from './accounts';
import type { AccountId } from './accounts';
import { MAX_AMOUNT } from './amount';
import type { AssetCode } from './asset';

/**
 * Journal entries, TigerBeetle-style: immutable, identified by a deterministic id derived from their
 * cause, made of postings that each debit one account and credit another of the same asset (so every
 * entry balances per asset by construction). Two-phase: a PENDING entry reserves funds; exactly one
 * POST_PENDING (full or partial) or VOID_PENDING later resolves it. Corrections are REVERSAL entries.
 */
export type EntryKind = 'POSTED' | 'PENDING' | 'POST_PENDING' | 'VOID_PENDING';
export type ReasonCode =
  | 'DEPOSIT'
  | 'DEPOSIT_FEE'
  | 'REVENUE_SHARE'
  | 'SWEEP'
  | 'GAS'
  | 'WITHDRAWAL'
  | 'WITHDRAWAL_FEE'
  | 'TRANSFER'
  | 'ADJUSTMENT'
  | 'REVERSAL';
export const REASON_CODES: readonly ReasonCode[] = [
  'DEPOSIT',
  'DEPOSIT_FEE',
  'REVENUE_SHARE',
  'SWEEP',
  'GAS',
  'WITHDRAWAL',
  'WITHDRAWAL_FEE',
  'TRANSFER',
  'ADJUSTMENT',
  'REVERSAL',
];
export type CauseType =
  | 'deposit'
  | 'withdrawal'
  | 'sweep'
  | 'fee'
  | 'transfer'
  | 'adjustment'
  | 'gas'
  | 'reversal'
  /** A gas invoice settled from the partner's balance (ADR 0033). */
  | 'invoice';

export interface Posting {
  readonly debit: AccountId;
  readonly credit: AccountId;
  readonly amount: bigint;
  /** Reason of this line when it differs from the entry's (a fee inside a deposit entry). */
  readonly reason?: ReasonCode;
}

export interface EntryRequest {
  readonly id: string;
  readonly kind: EntryKind;
  readonly reason: ReasonCode;
  readonly cause: { readonly type: CauseType; readonly id: string };
  /**
   * POSTED/PENDING: the movements. POST_PENDING: the amounts to post, one per posting of the pending
   * entry in the same order (each ≤ the reserved amount; the rest is released); empty posts in full.
   * VOID_PENDING: empty.
   */
  readonly postings: readonly Posting[];
  readonly pendingId?: string;
  readonly reverses?: string;
  /** When the movement happened (block time, approval time); orders the account history. */
  readonly effectiveAt: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface StoredEntry extends EntryRequest {
  readonly payloadHash: string;
  /** PENDING entries only: moves from PENDING to POSTED or VOIDED exactly once. */
  readonly pendingStatus?: 'PENDING' | 'POSTED' | 'VOIDED';
  /** Partners whose accounts the entry touches (for tenant-scoped reads). */
  readonly partnerIds: readonly string[];
}

const ID_SEGMENT = /^[A-Za-z0-9_.@-]{1,100}$/;

/** Deterministic entry id from its cause, e.g. `entryId('deposit', 'BSC', txHash, logIndex)`. */
export function entryId(...parts: (string | number)[]): string {
  const text = parts.map(String);
  if (text.length < 2 || !text.every((p) => ID_SEGMENT.test(p))) {
    throw new ValidationError('Invalid entry id parts', [{ path: 'id', message: text.join(':') }]);
  }
  return text.join(':');
}

export function isValidEntryId(id: string): boolean {
  return id.length <= 400 && id.split(':').length >= 2 && id.split(':').every((p) => ID_SEGMENT.test(p));
}

export function assetOfAccount(id: AccountId): AssetCode {
  return parseAccount(id).asset;
}

/** Validates an entry's shape; returns it unchanged or throws a ValidationError listing every issue. */
export function validateEntry(e: EntryRequest): EntryRequest {
  const issues: FieldIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isValidEntryId(e.id)) add('id', 'Entry ids are colon-separated segments derived from the cause');
  if (!ID_SEGMENT.test(e.cause.id)) add('cause.id', 'Invalid cause id');
  if (Number.isNaN(Date.parse(e.effectiveAt))) add('effectiveAt', 'Not an ISO timestamp');
  if ((e.kind === 'POST_PENDING' || e.kind === 'VOID_PENDING') !== (e.pendingId !== undefined)) {
    add('pendingId', 'Required for POST_PENDING and VOID_PENDING, and only for them');
  }
  if (e.kind === 'VOID_PENDING' && e.postings.length > 0) add('postings', 'A void carries no postings');
  if ((e.kind === 'POSTED' || e.kind === 'PENDING') && e.postings.length === 0)
    add('postings', 'At least one posting');
  if (e.postings.length > 20) add('postings', 'At most 20 postings');
  e.postings.forEach((p, i) => {
    if (p.amount <= 0n && e.kind !== 'POST_PENDING') add(`postings.${i}.amount`, 'Must be greater than zero');
    if (p.amount < 0n) add(`postings.${i}.amount`, 'Must not be negative');
    if (p.amount > MAX_AMOUNT) add(`postings.${i}.amount`, 'Too large');
    if (p.debit === p.credit) add(`postings.${i}`, 'Debit and credit accounts must differ');
    try {
      if (parseAccount(p.debit).asset !== parseAccount(p.credit).asset)
        add(`postings.${i}`, 'Both sides must hold the same asset');
    } catch (err) {
      add(`postings.${i}`, (err as Error).message);
    }
  });
  if (issues.length) throw new ValidationError('Invalid journal entry', issues);
  return e;
}

/** Sum of signed amounts per asset (debits positive, credits negative): always zero for a valid entry. */
export function netPerAsset(postings: readonly Posting[]): Map<AssetCode, bigint> {
  const net = new Map<AssetCode, bigint>();
  for (const p of postings) {
    const d = assetOfAccount(p.debit);
    const c = assetOfAccount(p.credit);
    net.set(d, (net.get(d) ?? 0n) + p.amount);
    net.set(c, (net.get(c) ?? 0n) - p.amount);
  }
  return net;
}

/** Fingerprint of what an entry means; a retry with the same id must carry the same hash. */
export function payloadHash(e: EntryRequest): string {
  const canonical = JSON.stringify({
    kind: e.kind,
    reason: e.reason,
    cause: [e.cause.type, e.cause.id],
    postings: e.postings.map((p) => [p.debit, p.credit, p.amount.toString(), p.reason ?? null]),
    pendingId: e.pendingId ?? null,
    reverses: e.reverses ?? null,
    effectiveAt: e.effectiveAt,
    metadata: Object.entries(e.metadata ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export function partnerIdsOf(postings: readonly Posting[]): string[] {
  const ids = new Set<string>();
  for (const p of postings) {
    for (const a of [p.debit, p.credit]) {
      const owner = parseAccount(a).ownerPartnerId;
      if (owner) ids.add(owner);
    }
  }
  return [...ids].sort();
}

/** The correction of a posted entry: the same postings with debit and credit swapped. */
export function reversalOf(
  original: StoredEntry,
  effectiveAt: string,
  metadata?: Record<string, string>,
): EntryRequest {
  if (original.kind !== 'POSTED') {
    throw new GatewayError(
      'VALIDATION_FAILED',
      'Only POSTED entries are reversed; resolve pending ones with a void',
    );
  }
  return {
    id: `${original.id}:reversal`,
    kind: 'POSTED',
    reason: 'REVERSAL',
    cause: { type: 'reversal', id: original.id.replace(/:/g, '.') },
    postings: original.postings.map((p) => ({
      debit: p.credit,
      credit: p.debit,
      amount: p.amount,
      ...(p.reason ? { reason: p.reason } : {}),
    })),
    reverses: original.id,
    effectiveAt,
    ...(metadata ? { metadata } : {}),
  };
}
