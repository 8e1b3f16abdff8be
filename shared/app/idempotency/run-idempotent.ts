import { createHash, randomUUID } from 'node:crypto';
import { GatewayError, isGatewayError, ValidationError } from '../../domain/errors';
import type { Clock } from '../../ports/clock';
import type { IdempotencyRecord, IdempotencyStore } from '../../ports/idempotency';

/** How long a key is remembered: a retry within this window returns the first result. */
export const IDEMPOTENCY_RETENTION_DAYS = 30;
export const IDEMPOTENCY_RETENTION_MS = IDEMPOTENCY_RETENTION_DAYS * 24 * 60 * 60 * 1000;
/**
 * The owner's lease. Longer than any function serving a keyed POST may run (tests/unit/idempotency
 * checks the catalog), so a lease only passes when its owner is gone (a crash or timeout), and a retry
 * then takes the record over and finishes the work with the first attempt's ids.
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;
/** How long a concurrent duplicate waits for the first request before IDEMPOTENCY_REQUEST_IN_PROGRESS. */
export const IDEMPOTENCY_WAIT_MS = 5_000;
const POLL_MS = 50;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_:-]{1,64}$/;

/** The Idempotency-Key header: undefined when absent (the caller decides whether that is allowed). */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!IDEMPOTENCY_KEY.test(raw)) {
    throw new ValidationError('Invalid Idempotency-Key', [
      { path: 'Idempotency-Key', message: '1-64 characters: letters, digits, "-", "_", ":"' },
    ]);
  }
  return raw;
}

/** A request's fingerprint: sha256 of the canonical JSON of the parts that define it. */
export function requestFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export interface IdempotencyDeps {
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
}

export interface IdempotentRequest {
  readonly partnerId: string;
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
}

export interface IdempotentWork<T> {
  /**
   * Does the work (first attempt, or a take-over after a crash: then `claim.resumed` and
   * `claim.createdAt` is the first attempt's time, so deterministic ids come out the same). A refusal
   * (a GatewayError other than a transient one) must leave nothing behind: the key is freed.
   */
  execute(claim: { readonly createdAt: Date; readonly resumed: boolean }): Promise<{
    readonly resourceId: string;
    readonly response?: string;
    readonly result: T;
  }>;
  /** The answer for a completed key (read the resource back, or use the stored snapshot). */
  replay(record: IdempotencyRecord & { readonly resourceId: string }): Promise<T>;
}

/** Errors after which the work may be half done: keep the record (same ids) for the retry to finish. */
const TRANSIENT: ReadonlySet<string> = new Set([
  'INTERNAL',
  'LEDGER_CONTENTION',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
]);

function isRefusal(e: unknown): boolean {
  return isGatewayError(e) && !TRANSIENT.has(e.code);
}

function keyReused(scope: string): GatewayError {
  return new GatewayError(
    'IDEMPOTENCY_KEY_REUSED',
    `This Idempotency-Key was used for a different ${scope} request`,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a POST that creates money-relevant state at most once per (partner, scope, key). The record is
 * claimed before any effect; a duplicate that arrives while the first runs waits up to
 * IDEMPOTENCY_WAIT_MS for its result, then gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS. The
 * same key with another body is IDEMPOTENCY_KEY_REUSED. A refusal frees the key; an unexpected error
 * ends the lease at once, so the retry takes over and completes the work with the same ids.
 */
export async function runIdempotent<T>(
  deps: IdempotencyDeps,
  request: IdempotentRequest,
  work: IdempotentWork<T>,
  options: { readonly waitMs?: number } = {},
): Promise<{ readonly replayed: boolean; readonly result: T }> {
  const owner = randomUUID();
  const waitMs = options.waitMs ?? IDEMPOTENCY_WAIT_MS;
  let waited = 0;
  for (;;) {
    const claim = await deps.idempotency.claim({
      ...request,
      owner,
      now: deps.clock.now(),
      leaseMs: IDEMPOTENCY_LEASE_MS,
      retentionMs: IDEMPOTENCY_RETENTION_MS,
    });
    if (claim.kind === 'MISMATCH') throw keyReused(request.scope);
    if (claim.kind === 'COMPLETED') {
      const { resourceId } = claim.record;
      if (resourceId === undefined) throw new Error(`completed idempotency record without a resource`);
      return { replayed: true, result: await work.replay({ ...claim.record, resourceId }) };
    }
    if (claim.kind === 'BUSY') {
      // Poll with reads (cheaper than claims) until the owner finishes, gives up the key, or is gone.
      for (;;) {
        if (waited >= waitMs) {
          throw new GatewayError(
            'IDEMPOTENCY_REQUEST_IN_PROGRESS',
            'A request with this Idempotency-Key is still being processed; retry it shortly',
            { details: { retryAfterSeconds: 1 } },
          );
        }
        await sleep(POLL_MS);
        waited += POLL_MS;
        const seen = await deps.idempotency.get(request.partnerId, request.scope, request.key);
        const stillBusy =
          seen?.status === 'IN_PROGRESS' &&
          seen.owner === claim.record.owner &&
          seen.lockedUntil >= deps.clock.now().toISOString();
        if (!stillBusy) break;
      }
      continue;
    }
    const record = claim.record;
    let done: Awaited<ReturnType<IdempotentWork<T>['execute']>>;
    try {
      done = await work.execute({ createdAt: new Date(record.createdAt), resumed: claim.resumed });
    } catch (e) {
      const cleanUp = isRefusal(e)
        ? deps.idempotency.release(record)
        : deps.idempotency.unlock(record, deps.clock.now());
      await cleanUp.catch(() => undefined); // the lease runs out on its own if this fails too
      throw e;
    }
    await deps.idempotency
      .complete(record, {
        resourceId: done.resourceId,
        ...(done.response === undefined ? {} : { response: done.response }),
      })
      .catch((e: unknown) => {
        // Lost the record (this request outlived its lease): the work is done and the new owner
        // finds the same resource, so this answer stands.
        if (!isGatewayError(e, 'CONFLICT')) throw e;
      });
    return { replayed: false, result: done.result };
  }
}

/**
 * For POSTs where the key is optional (it was not required before, and clients must not break): with a
 * key, runIdempotent; without one, the work simply runs.
 */
export async function runIdempotentIfKeyed<T>(
  deps: IdempotencyDeps,
  request: Omit<IdempotentRequest, 'key'> & { readonly key: string | undefined },
  work: IdempotentWork<T>,
): Promise<{ readonly replayed: boolean; readonly result: T }> {
  const { key } = request;
  if (key === undefined) {
    const done = await work.execute({ createdAt: deps.clock.now(), resumed: false });
    return { replayed: false, result: done.result };
  }
  return runIdempotent(deps, { ...request, key }, work);
}
