/**
 * Idempotency records: one per (partner, scope, Idempotency-Key), claimed with a conditional write
 * before a request has any effect, and kept for the retention window (DESIGN.md §8, ADR 0012).
 */
export type IdempotencyStatus = 'IN_PROGRESS' | 'COMPLETED';

export interface IdempotencyRecord {
  readonly partnerId: string;
  /** The operation the key belongs to (`withdrawal`, `deposit-request`, `whitelist-entry`, …). */
  readonly scope: string;
  readonly key: string;
  /** Fingerprint of the request body: the same key with another body is a mistake, not a retry. */
  readonly requestHash: string;
  readonly status: IdempotencyStatus;
  /** When the key was first used: ids derived from the key (a withdrawal code's date) use this, never "now". */
  readonly createdAt: string;
  /** The owner's lease on an IN_PROGRESS record: once it has passed, a retry may take the record over. */
  readonly lockedUntil: string;
  /** Fencing token of the current owner; complete / release / unlock are conditioned on it. */
  readonly owner: string;
  /** COMPLETED: the resource the request made (withdrawal code, request id, whitelist entry id). */
  readonly resourceId?: string;
  /** COMPLETED: a small JSON snapshot of the answer, for resources that cannot be read back by id. */
  readonly response?: string;
  /** When the record may be forgotten (createdAt + retention); a later use of the key starts afresh. */
  readonly expiresAt: string;
}

export interface IdempotencyClaimInput {
  readonly partnerId: string;
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  readonly owner: string;
  readonly now: Date;
  readonly leaseMs: number;
  readonly retentionMs: number;
}

/**
 * OWNED: this caller may do the work (a new record, or one whose owner's lease passed: `resumed`, and
 * then `record.createdAt` is the first attempt's). COMPLETED: answer with `record.resourceId`. BUSY:
 * another caller owns it now. MISMATCH: the key was used with another body.
 */
export type IdempotencyClaim =
  | { readonly kind: 'OWNED'; readonly record: IdempotencyRecord; readonly resumed: boolean }
  | { readonly kind: 'COMPLETED'; readonly record: IdempotencyRecord }
  | { readonly kind: 'BUSY'; readonly record: IdempotencyRecord }
  | { readonly kind: 'MISMATCH'; readonly record: IdempotencyRecord };

export interface IdempotencyStore {
  claim(input: IdempotencyClaimInput): Promise<IdempotencyClaim>;
  get(partnerId: string, scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Records the outcome (only while `record.owner` still owns it); ConflictError when it lost the record. */
  complete(
    record: IdempotencyRecord,
    outcome: { readonly resourceId: string; readonly response?: string },
  ): Promise<IdempotencyRecord>;
  /** Forgets a claim whose request was refused and left nothing behind: the key is free again. */
  release(record: IdempotencyRecord): Promise<void>;
  /** Ends the owner's lease now (an unexpected error): the next retry takes over and finishes the work. */
  unlock(record: IdempotencyRecord, now: Date): Promise<void>;
}
