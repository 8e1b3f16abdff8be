import type { NetworkCode, TokenSymbol } from '../../domain/chains/networks';
import { assertWithdrawalsAllowed, requesterLockSubject } from '../../domain/accounts/security-locks';
import { GatewayError, isGatewayError, ValidationError } from '../../domain/errors';
import { accounts } from '../../domain/ledger/accounts';
import { parseAmount } from '../../domain/ledger/amount';
import { assetOf } from '../../domain/ledger/asset';
import type { EntryRequest } from '../../domain/ledger/entry';
import {
  assertWhitelistEntryUsable,
  assertWithdrawalMinimum,
  needsApproval,
  normalizeAddress,
} from '../../domain/withdrawal/policy';
import type { WhitelistEntry, WithdrawalSettings } from '../../domain/withdrawal/policy';
import type { Requester, Withdrawal, WithdrawalType } from '../../domain/withdrawal/withdrawal';
import { withdrawalCode, withdrawalEntryIds } from '../../domain/withdrawal/withdrawal';
import { parseIdempotencyKey, requestFingerprint, runIdempotent } from '../idempotency/run-idempotent';
import type { WithdrawalRequestDeps } from './deps';
import { assertSafeDestination, parseDestination } from './destinations';
import { publishWithdrawalEvent } from './withdrawal-view';

export interface WithdrawalRequestInput {
  readonly network: NetworkCode;
  readonly token: TokenSymbol;
  /** A decimal string in the token's precision, or "MAX" for the whole available balance less the fee. */
  readonly amount: string;
  readonly address?: string | undefined;
  readonly whitelistEntryId?: string | undefined;
  readonly userId?: string | undefined;
  readonly reference?: string | undefined;
}

export interface WithdrawalRequestContext {
  readonly partnerId: string;
  readonly requester: Requester;
  readonly type: WithdrawalType;
  readonly idempotencyKey: string | undefined;
  /**
   * Milliseconds the caller has left to answer (the handler's Lambda context). A request that has used
   * up its budget before its first write is refused (RATE_LIMITED, nothing written) rather than
   * creating a withdrawal it may not live to answer for.
   */
  readonly remainingMs?: () => number;
}

/** One scope for the partner API and the console: the withdrawal code derives from (partner, key). */
export const WITHDRAWAL_IDEMPOTENCY_SCOPE = 'withdrawal';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The request's fingerprint: the same key with another body is a mistake, not a retry. */
export function withdrawalRequestHash(ctx: WithdrawalRequestContext, input: WithdrawalRequestInput): string {
  return requestFingerprint([
    ctx.type,
    ctx.requester.kind,
    input.network,
    input.token,
    input.amount,
    input.address ?? null,
    input.whitelistEntryId ?? null,
    input.userId ?? null,
    input.reference ?? null,
  ]);
}

/**
 * Requests a withdrawal (partner API and console): validates, records it REQUESTED, holds amount + fee
 * on the partner's available balance, and starts its lifecycle. Idempotent per Idempotency-Key for
 * IDEMPOTENCY_RETENTION_DAYS: the key's idempotency record is claimed before anything else, and the
 * withdrawal code derives from (partner, key) and the record's creation date, so a retry days later,
 * or concurrent retries either side of midnight, map to the one withdrawal (and finish what a crash
 * left undone); the same key with another body is IDEMPOTENCY_KEY_REUSED. Refusals (validation, lock,
 * whitelist, funds) leave nothing behind and free the key.
 */
export async function requestWithdrawal(
  deps: WithdrawalRequestDeps,
  ctx: WithdrawalRequestContext,
  input: WithdrawalRequestInput,
): Promise<{ readonly created: boolean; readonly withdrawal: Withdrawal }> {
  const key = parseIdempotencyKey(ctx.idempotencyKey);
  if (!key) {
    throw new GatewayError(
      'IDEMPOTENCY_KEY_REQUIRED',
      'Send an Idempotency-Key header (a UUID per withdrawal)',
    );
  }
  const hash = withdrawalRequestHash(ctx, input);
  const { result } = await runIdempotent(
    deps,
    { partnerId: ctx.partnerId, scope: WITHDRAWAL_IDEMPOTENCY_SCOPE, key, requestHash: hash },
    {
      execute: async (claim) => {
        const out = await createOrResume(deps, { ...ctx, idempotencyKey: key }, input, hash, claim);
        return { resourceId: out.withdrawal.code, result: out };
      },
      replay: async (record) => {
        const w = await deps.withdrawals.get(ctx.partnerId, record.resourceId);
        if (!w) throw new Error(`withdrawal ${record.resourceId} of a completed key is missing`);
        return { created: false, withdrawal: await resumeRequested(deps, w) };
      },
    },
  );
  // Once the request's own writes are done (the key is completed), so the lifecycle does not compete with them.
  if (result.withdrawal.status === 'REQUESTED') startLifecycle(deps, result.withdrawal);
  return result;
}

/** The work under the key's claim: the withdrawal this key names, made now or finished after a crash. */
async function createOrResume(
  deps: WithdrawalRequestDeps,
  ctx: WithdrawalRequestContext & { readonly idempotencyKey: string },
  input: WithdrawalRequestInput,
  hash: string,
  claim: { readonly createdAt: Date; readonly resumed: boolean },
): Promise<{ readonly created: boolean; readonly withdrawal: Withdrawal }> {
  const code = withdrawalCode(ctx.partnerId, ctx.idempotencyKey, claim.createdAt.toISOString());
  const now = deps.clock.now();
  const tokenInfo = deps.networks[input.network].tokens[input.token];
  const asset = tokenInfo ? assetOf(`${input.token}@${input.network}`, 'token') : undefined;
  // Every read the checks need, at once (they are independent): one round trip of latency instead of
  // eight. The checks then run in their documented order, so the first refusal is the one a request
  // read step by step would get; a read that failed counts only where its check comes.
  const settingsRead = deps.settings.get(ctx.partnerId);
  const [earlierR, securityR, settingsR, destinationR, feeR, availableR, ancestryR] =
    await Promise.allSettled([
      findEarlier(deps, ctx, code, claim),
      deps.partnerSecurity.get(ctx.partnerId),
      settingsRead,
      resolveDestination(deps, ctx.partnerId, input, now, settingsRead),
      asset ? deps.feeFor(ctx.partnerId, asset) : Promise.resolve(0n),
      asset
        ? deps.ledger.balance(accounts.partnerAvailable(ctx.partnerId, asset.code)).then((b) => b.available)
        : Promise.resolve(0n),
      deps.ancestryOf ? deps.ancestryOf(ctx.partnerId) : Promise.resolve(undefined),
    ]);
  const earlier = settled(earlierR);
  if (earlier) {
    if (earlier.requestHash !== hash) throw keyReused();
    return { created: false, withdrawal: await resumeRequested(deps, earlier) };
  }
  assertWithdrawalsAllowed(settled(securityR), now, requesterLockSubject(ctx.requester));
  if (!tokenInfo || !asset) {
    throw new ValidationError('Unsupported token', [
      { path: 'token', message: `${input.token} is not offered on ${input.network}` },
    ]);
  }
  const destination = settled(destinationR);
  if (await deps.isOwnAddress(ctx.partnerId, input.network, destination.address)) {
    // The deposit intake treats a transfer between one partner's own addresses as custody moving,
    // so a withdrawal there would leave the ledger and the chain apart: refuse it up front.
    throw new ValidationError('Destination is one of your own gateway addresses', [
      {
        path: input.whitelistEntryId ? 'whitelistEntryId' : 'address',
        message: 'Withdraw to an address outside the gateway',
      },
    ]);
  }
  const fee = settled(feeR);
  const available = settled(availableR);
  const amount =
    input.amount === 'MAX' ? available - fee : parseAmount(input.amount, asset.decimals, { field: 'amount' });
  // Below the minimum never reaches the chain; "MAX" with nothing to withdraw stays INSUFFICIENT_FUNDS.
  if (input.amount !== 'MAX' || amount > 0n)
    assertWithdrawalMinimum(amount, deps.minimumWithdrawal(asset), asset, input.amount === 'MAX');
  if (amount <= 0n || amount + fee > available) {
    throw new GatewayError(
      'INSUFFICIENT_FUNDS',
      `The available ${asset.code} balance does not cover the amount and fee`,
      {
        details: { account: accounts.partnerAvailable(ctx.partnerId, asset.code) },
      },
    );
  }
  const settings = settled(settingsR);
  const at = now.toISOString();
  const candidate: Withdrawal = {
    partnerId: ctx.partnerId,
    code,
    type: ctx.type,
    network: input.network,
    token: input.token,
    asset: asset.code,
    amount,
    fee,
    address: destination.address,
    ...(destination.entry ? { whitelistEntryId: destination.entry.entryId } : {}),
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.reference ? { reference: input.reference } : {}),
    status: 'REQUESTED',
    requiresApproval: needsApproval(settings, amount, asset.decimals),
    requestedBy: ctx.requester,
    requestHash: hash,
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'REQUESTED', at, by: `${ctx.requester.kind}:${ctx.requester.id}` }],
  };
  const ancestry = settled(ancestryR);
  if (ancestry) Object.assign(candidate, { ancestry });
  if (ctx.remainingMs && ctx.remainingMs() < INTAKE_COMMIT_RESERVE_MS) throw overloaded();
  const { created, withdrawal } = await deps.withdrawals.create(candidate);
  if (!created) {
    if (withdrawal.requestHash !== hash) throw keyReused();
    return { created: false, withdrawal: await resumeRequested(deps, withdrawal) };
  }
  await holdOrForget(deps, withdrawal);
  await publishWithdrawalEvent(deps, withdrawal);
  return { created: true, withdrawal };
}

/** The value of a read made alongside others, or its error, thrown where its check comes. */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/**
 * The withdrawal this key already made: a resumed claim (an earlier attempt died) may have recorded it;
 * a first claim can only find one made before idempotency records existed (legacyReplay). A first
 * claim's own code cannot exist yet, and the create's condition would find it if it did.
 */
async function findEarlier(
  deps: WithdrawalRequestDeps,
  ctx: WithdrawalRequestContext & { readonly idempotencyKey: string },
  code: string,
  claim: { readonly createdAt: Date; readonly resumed: boolean },
): Promise<Withdrawal | undefined> {
  if (claim.resumed) return deps.withdrawals.get(ctx.partnerId, code);
  return legacyReplay(deps, ctx, claim.createdAt);
}

function keyReused(): GatewayError {
  return new GatewayError(
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was used for a different withdrawal request',
  );
}

/**
 * Withdrawals requested before idempotency records existed: their codes carry the request date, so a
 * first claim also looks at the day before (remove once IDEMPOTENCY_RETENTION_DAYS have passed since
 * the release that added the records).
 */
async function legacyReplay(
  deps: WithdrawalRequestDeps,
  ctx: WithdrawalRequestContext & { readonly idempotencyKey: string },
  createdAt: Date,
): Promise<Withdrawal | undefined> {
  const yesterday = new Date(createdAt.getTime() - DAY_MS).toISOString();
  return deps.withdrawals.get(ctx.partnerId, withdrawalCode(ctx.partnerId, ctx.idempotencyKey, yesterday));
}

/**
 * Attempts of the intake's hold when it loses races on the partner's balance item (each a jittered
 * backoff of at most 200 ms): the request answers within its budget, and a burst beyond what the
 * balance item takes is told to come back (RATE_LIMITED) instead of waiting into the handler timeout.
 */
export const INTAKE_HOLD_ATTEMPTS = 8;
/** What a request refused under contention is told to wait before retrying (Retry-After). */
const CONTENTION_RETRY_AFTER_SECONDS = 1;

/**
 * The hold is the authoritative balance check (concurrent requests race here), tried a bounded number
 * of times. Refused (funds, or contention) → the withdrawal is removed and the refusal changes nothing,
 * unless its hold exists after all (a concurrent retry or the lifecycle held it meanwhile: the
 * repository refuses to delete a held withdrawal), and then it simply goes on.
 */
async function holdOrForget(deps: WithdrawalRequestDeps, w: Withdrawal): Promise<void> {
  try {
    await deps.ledger.post(holdEntry(w), { maxAttempts: INTAKE_HOLD_ATTEMPTS });
  } catch (e) {
    if (!isGatewayError(e, 'INSUFFICIENT_FUNDS') && !isGatewayError(e, 'LEDGER_CONTENTION')) throw e;
    const refusal = isGatewayError(e, 'LEDGER_CONTENTION') ? contended(e) : e;
    if (await deps.withdrawals.deleteUnheld(w.partnerId, w.code)) throw refusal;
    const hold = await deps.ledger.getEntry(withdrawalEntryIds(w.code).hold);
    if (!hold || !(await deps.withdrawals.get(w.partnerId, w.code))) throw refusal;
  }
}

/**
 * The time a request keeps for its writes (record, hold with its bounded retries, idempotency record):
 * one that reaches its first write with less left is refused before writing anything.
 */
export const INTAKE_COMMIT_RESERVE_MS = 5_000;

/** Contention is a refusal, not a transient failure: nothing was written and the key is freed. */
function contended(cause: unknown): GatewayError {
  return new GatewayError(
    'RATE_LIMITED',
    `Too many withdrawals are being requested on this balance at once; nothing was done, retry after ${CONTENTION_RETRY_AFTER_SECONDS} s`,
    { cause, details: { retryAfterSeconds: CONTENTION_RETRY_AFTER_SECONDS } },
  );
}

function overloaded(): GatewayError {
  return new GatewayError(
    'RATE_LIMITED',
    `Withdrawal requests are queueing; nothing was done, retry after ${CONTENTION_RETRY_AFTER_SECONDS} s`,
    { details: { retryAfterSeconds: CONTENTION_RETRY_AFTER_SECONDS } },
  );
}

/**
 * Starts the lifecycle without waiting for it: the request has recorded the withdrawal (REQUESTED,
 * held), which is the durable record. A start that fails or is lost (a Lambda frozen after answering)
 * is reported, and the stall sweeper (resume-withdrawals) starts every REQUESTED withdrawal left
 * without an execution; the start is idempotent (the execution is named after the withdrawal).
 */
function startLifecycle(deps: WithdrawalRequestDeps, w: Withdrawal): void {
  void deps.workflow.start({ partnerId: w.partnerId, code: w.code }).catch((e: unknown) => {
    deps.onError?.(`withdrawal ${w.code} not started; the stall sweeper will start it`, e);
  });
}

/** A retried request finishes what a crash may have left: the hold (and requestWithdrawal the start). */
async function resumeRequested(deps: WithdrawalRequestDeps, w: Withdrawal): Promise<Withdrawal> {
  if (w.status !== 'REQUESTED') return w;
  await holdOrForget(deps, w);
  return w;
}

async function resolveDestination(
  deps: WithdrawalRequestDeps,
  partnerId: string,
  input: WithdrawalRequestInput,
  now: Date,
  settingsRead: Promise<WithdrawalSettings>,
): Promise<{ readonly address: string; readonly entry?: WhitelistEntry }> {
  if (input.whitelistEntryId) {
    const entry = await deps.settings.getWhitelistEntry(partnerId, input.whitelistEntryId);
    if (!entry)
      throw new ValidationError('Unknown whitelist entry', [
        { path: 'whitelistEntryId', message: 'No such whitelist entry' },
      ]);
    if (entry.network !== input.network) {
      throw new ValidationError('Whitelist entry is for another network', [
        { path: 'whitelistEntryId', message: `This entry is a ${entry.network} address` },
      ]);
    }
    if (input.address && normalizeAddress(input.network, input.address) !== entry.address) {
      throw new ValidationError('Address does not match the whitelist entry', [
        { path: 'address', message: 'Pass either the entry or the address' },
      ]);
    }
    // An entry added before the burn rules existed may point where money is lost.
    await assertSafeDestination(
      deps,
      input.network,
      entry.address,
      input.address ? 'address' : 'whitelistEntryId',
    );
    assertWhitelistEntryUsable(entry, now);
    return { address: entry.address, entry };
  }
  if (!input.address) {
    throw new ValidationError('Destination missing', [
      { path: 'address', message: 'Give an address or a whitelistEntryId' },
    ]);
  }
  const address = await parseDestination(deps, input.network, input.address);
  const [settings, entry] = await Promise.all([
    settingsRead,
    deps.settings.findWhitelisted(partnerId, input.network, address),
  ]);
  if (settings.addressMode === 'WHITELIST_ONLY') {
    if (!entry)
      throw new GatewayError(
        'ADDRESS_NOT_WHITELISTED',
        `${address} is not on the ${input.network} withdrawal whitelist`,
      );
    assertWhitelistEntryUsable(entry, now);
    return { address, entry };
  }
  return entry ? { address, entry } : { address };
}

/** The hold: amount to MASTER custody (reserved), fee to platform revenue (reserved). */
export function holdEntry(w: Withdrawal): EntryRequest {
  const available = accounts.partnerAvailable(w.partnerId, w.asset);
  return {
    id: withdrawalEntryIds(w.code).hold,
    kind: 'PENDING',
    reason: 'WITHDRAWAL',
    cause: { type: 'withdrawal', id: w.code },
    postings: [
      { debit: available, credit: accounts.custody(w.partnerId, 'MASTER', w.asset), amount: w.amount },
      ...(w.fee > 0n
        ? [
            {
              debit: available,
              credit: accounts.platformRevenue(w.asset),
              amount: w.fee,
              reason: 'WITHDRAWAL_FEE' as const,
            },
          ]
        : []),
    ],
    effectiveAt: w.createdAt,
    metadata: { network: w.network, address: w.address, type: w.type },
  };
}
