import { userLockSubject } from '../../domain/accounts/security-locks';
import { createHash, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import {
  RegisterSubPartnerBody,
  ReinstateSubPartnerBody,
  SubPartnersQuery,
  SuspendSubPartnerBody,
  UpdateSubPartnerBody,
} from '../../api/sub-partner-api-schemas';
import { assertPasswordPolicy } from '../../domain/accounts/password-policy';
import { normalizeEmail } from '../../domain/accounts/user';
import { percentToPpm } from '../../domain/deposit/fees';
import { GatewayError, NotFoundError, ValidationError } from '../../domain/errors';
import { checkFeeEdit, FEE_FIELDS_BY_TYPE } from '../../domain/partner/fee-constraints';
import type { FeeNode, FeeOffender, FeeRates } from '../../domain/partner/fee-constraints';
import { childDepth, hasAccess, transitionPartner } from '../../domain/partner/partner';
import type { Partner, PartnerEvent, PartnerStatus } from '../../domain/partner/partner';
import type { EmailMessage } from '../../ports/email';
import type { FeeSettings, FeeSettingsStore } from '../../ports/fee-settings';
import type { IdempotencyStore } from '../../ports/idempotency';
import type { ChainActivation, SubPartnerStore, VersionedFees } from '../../ports/sub-partners';
import type { AccountsDeps } from '../accounts/deps';
import { audit, parseInput } from '../accounts/deps';
import { createConsoleUser } from '../accounts/members';
import { applySecurityChange } from '../accounts/security-changes';
import { requestFingerprint, runIdempotentIfKeyed } from '../idempotency/run-idempotent';
import { inheritedSuspension } from './manage-partners';
import type { Actor } from './manage-partners';
import { ancestorsOf, assertManagesSubPartners, subPartnerOf } from './subtree-access';
import { markSubtreeSuspension } from './suspension';

/**
 * Sub-partner management (seed 000 §7, issue 16, ADR 0031): what a DISTRIBUTOR (or the PLATFORM)
 * does to the partners below it, the same use-cases behind /v1/sub-partners and /console/sub-partners.
 * Every target is resolved with `subPartnerOf`: outside the caller's subtree is NOT_FOUND, a MERCHANT
 * caller FORBIDDEN. Rates are ppm inside, percent strings ("1.2") on the wire.
 */
export interface SubPartnerDeps extends AccountsDeps {
  readonly subPartners: SubPartnerStore;
  readonly fees: FeeSettingsStore;
  readonly idempotency: IdempotencyStore;
}

/** Who calls: the partner (from the API key or the console session) and who acts for it. */
export interface SubPartnerCaller {
  readonly partnerId: string;
  readonly actor: Actor;
}

export interface SubPartnerView {
  readonly code: string;
  readonly name: string;
  readonly type: 'MERCHANT' | 'DISTRIBUTOR';
  readonly status: PartnerStatus;
  readonly accessSuspended: boolean;
  readonly depth: number;
  readonly parentCode: string;
  readonly fees: {
    readonly depositFeeRate?: string;
    readonly parentFeeRate?: string;
    readonly maxFeeCap?: string;
    readonly minFeeRate: string;
  };
  readonly chains: readonly ChainActivation[];
  readonly childCount: number;
  readonly createdAt: string;
}

/** The largest subtree a fee edit or the tree view reads (one transaction holds 100 items). */
export const SUBTREE_MAX_NODES = 500;
const TREE_MAX_NODES = 1000;

/** ppm → percent string, exact ("12000" → "1.2"). */
export function ppmToPercent(ppm: bigint): string {
  const whole = ppm / 10_000n;
  const fraction = (ppm % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

const RegisterInput = RegisterSubPartnerBody;
const UpdateInput = UpdateSubPartnerBody;
export const ListQueryInput = SubPartnersQuery;
const ReasonInput = SuspendSubPartnerBody;
const OptionalReasonInput = ReinstateSubPartnerBody;

async function callerPartner(deps: Pick<SubPartnerDeps, 'partners'>, partnerId: string): Promise<Partner> {
  const caller = await deps.partners.get(partnerId);
  if (!caller) throw new NotFoundError('Partner not found');
  assertManagesSubPartners(caller);
  return caller;
}

/** The floor of `partner` (its minFeeRate): the platform's base plus every parentFeeRate down to it. */
function floorOf(chain: readonly Partner[], fees: ReadonlyMap<string, VersionedFees>): bigint {
  return chain.reduce((sum, p) => {
    const f = fees.get(p.id)?.fees ?? {};
    if (p.type === 'PLATFORM') return sum + (f.minFeeRate ?? 0n);
    if (p.type === 'DISTRIBUTOR') return sum + (f.parentFeeRate ?? 0n);
    return sum;
  }, 0n);
}

function feesView(partner: Partner, own: FeeSettings, parentFloor: bigint): SubPartnerView['fees'] {
  if (partner.type === 'MERCHANT')
    return {
      depositFeeRate: ppmToPercent(own.depositFeeRate ?? parentFloor),
      minFeeRate: ppmToPercent(parentFloor),
    };
  return {
    parentFeeRate: ppmToPercent(own.parentFeeRate ?? 0n),
    ...(own.maxFeeCap !== undefined ? { maxFeeCap: ppmToPercent(own.maxFeeCap) } : {}),
    minFeeRate: ppmToPercent(parentFloor + (own.parentFeeRate ?? 0n)),
  };
}

async function views(
  deps: SubPartnerDeps,
  partners: readonly Partner[],
  context: {
    readonly parentCode: (p: Partner) => string;
    readonly parentFloor: (p: Partner) => bigint;
    readonly suspendedAbove: (p: Partner) => boolean;
    readonly fees: ReadonlyMap<string, VersionedFees>;
  },
): Promise<SubPartnerView[]> {
  const [counts, chains] = await Promise.all([
    deps.subPartners.childCounts(partners.filter((p) => p.type !== 'MERCHANT').map((p) => p.id)),
    Promise.all(partners.map((p) => deps.subPartners.chains(p.id))),
  ]);
  return partners.map((p, i) => ({
    code: p.code,
    name: p.name,
    type: p.type === 'DISTRIBUTOR' ? 'DISTRIBUTOR' : 'MERCHANT',
    status: p.status,
    accessSuspended: !hasAccess(p) || context.suspendedAbove(p),
    depth: p.depth,
    parentCode: context.parentCode(p),
    fees: feesView(p, context.fees.get(p.id)?.fees ?? {}, context.parentFloor(p)),
    chains: chains[i] ?? [],
    childCount: counts.get(p.id) ?? 0,
    createdAt: p.createdAt,
  }));
}

/** One sub-partner's view, with its ancestors (platform first) already read. */
async function viewOf(deps: SubPartnerDeps, target: Partner, ancestors: readonly Partner[]) {
  const chain = [...ancestors].reverse(); // platform first, the parent last
  const fees = await deps.subPartners.fees([...chain.map((p) => p.id), target.id]);
  const [view] = await views(deps, [target], {
    parentCode: () => ancestors[0]?.code ?? '',
    parentFloor: () => floorOf(chain, fees),
    suspendedAbove: () => ancestors.some((a) => a.status === 'SUSPENDED'),
    fees,
  });
  return view as SubPartnerView;
}

/** GET sub-partners: the caller's direct children, filtered, one page. */
export async function listSubPartners(
  deps: SubPartnerDeps,
  callerId: string,
  query: unknown,
): Promise<{ items: SubPartnerView[]; nextCursor?: string }> {
  const caller = await callerPartner(deps, callerId);
  const q = parseInput(ListQueryInput, query);
  const [page, ancestors] = await Promise.all([
    deps.subPartners.listChildren(caller.id, q),
    ancestorsOf(deps, caller),
  ]);
  const chain = [...ancestors].reverse().concat(caller);
  const fees = await deps.subPartners.fees([...chain.map((p) => p.id), ...page.items.map((p) => p.id)]);
  const callerFloor = floorOf(chain, fees);
  const items = await views(deps, page.items, {
    parentCode: () => caller.code,
    parentFloor: () => callerFloor,
    suspendedAbove: () => caller.status === 'SUSPENDED' || ancestors.some((a) => a.status === 'SUSPENDED'),
    fees,
  });
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export interface TreeNode {
  readonly code: string;
  readonly name: string;
  readonly type: Partner['type'];
  readonly status: PartnerStatus;
  readonly accessSuspended: boolean;
  readonly childCount: number;
  readonly descendantCount: number;
  readonly children: TreeNode[];
}

/**
 * The caller's whole subtree, the caller at the root (≤ 5 distributor levels by construction). Reads
 * one query per distributor, level by level, at most TREE_MAX_NODES partners; `truncated` says more exist.
 */
export async function subPartnerTree(
  deps: SubPartnerDeps,
  callerId: string,
): Promise<{ tree: TreeNode; truncated: boolean }> {
  const caller = await callerPartner(deps, callerId);
  const { nodes, truncated } = await deps.subPartners.subtree(caller.id, TREE_MAX_NODES);
  const byParent = new Map<string, Partner[]>();
  for (const n of nodes) byParent.set(n.parentId ?? '', [...(byParent.get(n.parentId ?? '') ?? []), n]);
  const build = (p: Partner, suspendedAbove: boolean): TreeNode => {
    const suspended = suspendedAbove || p.status === 'SUSPENDED';
    const children = (byParent.get(p.id) ?? []).map((c) => build(c, suspended));
    return {
      code: p.code,
      name: p.name,
      type: p.type,
      status: p.status,
      accessSuspended: suspended,
      childCount: children.length,
      descendantCount: children.reduce((s, c) => s + 1 + c.descendantCount, 0),
      children,
    };
  };
  return { tree: build(caller, false), truncated };
}

/** GET sub-partners/{code}: the view and the way down to it from the caller (caller first, parent last). */
export async function getSubPartner(
  deps: SubPartnerDeps,
  callerId: string,
  code: string,
): Promise<{ subPartner: SubPartnerView; ancestors: { code: string; name: string }[] }> {
  const caller = await callerPartner(deps, callerId);
  const target = await subPartnerOf(deps, caller, code);
  const ancestors = await ancestorsOf(deps, target);
  const down = ancestors.slice(0, ancestors.findIndex((a) => a.id === caller.id) + 1).reverse();
  return {
    subPartner: await viewOf(deps, target, ancestors),
    ancestors: down.map((a) => ({ code: a.code, name: a.name })),
  };
}

function feeRatesOf(input: { [K in keyof FeeRates]?: string | undefined }): FeeRates {
  const out: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = percentToPpm(v);
  return out as FeeRates;
}

function feeViolation(offending: readonly FeeOffender[]): GatewayError {
  const first = offending[0];
  return new GatewayError(
    'FEE_CONSTRAINT_VIOLATED',
    `${offending.length} sub-partner(s) would be outside their fee bounds${first ? `, e.g. ${first.code}` : ''}; nothing was changed`,
    {
      details: {
        offending: offending.map((o) => ({
          code: o.code,
          ...(o.depositFeeRate !== undefined ? { depositFeeRate: ppmToPercent(o.depositFeeRate) } : {}),
          minFeeRate: ppmToPercent(o.minFeeRate),
          ...(o.maxFeeCap !== undefined ? { maxFeeCap: ppmToPercent(o.maxFeeCap) } : {}),
        })),
      },
    },
  );
}

/** Crockford base32 of a hash: deterministic ids and codes for a keyed registration's retry. */
function base32(bytes: Buffer, length: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  for (let i = 0; out.length < length; i++) out += alphabet[(bytes[i % bytes.length] ?? 0) % 32];
  return out;
}

/** The email to a sub-partner's first owner, created by its distributor: sign in, then set up 2FA. */
function accountCreatedEmail(
  to: string,
  consoleUrl: string,
  workspace: string,
  createdBy: string,
): EmailMessage {
  return {
    to,
    kind: 'ACCOUNT_CREATED',
    subject: `Stablecoin Gateway: your ${workspace} console account`,
    text: [
      `${createdBy} registered ${workspace} on the Stablecoin Gateway and made you its owner.`,
      '',
      `Sign in with this email and the initial password ${createdBy} gave you:`,
      consoleUrl,
      '',
      'Then set up two-factor authentication (Account > Security): withdrawals, API keys and',
      'sub-partner changes need it.',
    ].join('\n'),
  };
}

export const SUB_PARTNER_IDEMPOTENCY_SCOPE = 'sub-partner';

/**
 * Registers a MERCHANT or DISTRIBUTOR under the caller: the partner, its fee settings (checked against
 * the caller's floor and cap), its chains (each activated: MASTER wallet), its OWNER console user (2FA
 * off) and an email asking them to sign in and set up 2FA. With an Idempotency-Key the partner's id
 * and generated code derive from the key, and every step tolerates being done already, so a retry
 * after a crash half-way finishes the job: no orphan, no second partner.
 */
export async function registerSubPartner(
  deps: SubPartnerDeps,
  caller: SubPartnerCaller,
  input: unknown,
  options: { readonly idempotencyKey?: string | undefined } = {},
): Promise<{ replayed: boolean; result: { subPartner: SubPartnerView; owner: { email: string } } }> {
  const parent = await callerPartner(deps, caller.partnerId);
  const data = parseInput(RegisterInput, input);
  assertPasswordPolicy(data.password);
  const depth = childDepth(parent, data.type);
  const rates = feeRatesOf(data.fees);
  const ancestors = await ancestorsOf(deps, parent);
  const chain = [...ancestors].reverse().concat(parent);
  const fees = await deps.subPartners.fees(chain.map((p) => p.id));
  const parentFloor = floorOf(chain, fees);
  const probe: FeeNode = {
    id: 'new',
    code: data.code ?? 'NEW',
    type: data.type,
    parentId: parent.id,
    fees: {},
  };
  const { check } = checkFeeEdit([probe], rates, {
    baseFloor: parentFloor,
    parentCap: fees.get(parent.id)?.fees.maxFeeCap,
  });
  if (!check.accepted) throw feeViolation(check.offending);

  const { password, ...fingerprinted } = data;
  const email = normalizeEmail(data.email);
  const work = async (claim: { createdAt: Date; resumed: boolean }, key: string | undefined) => {
    const seed = key ? createHash('sha256').update(`${parent.id}|${key}`).digest() : randomBytes(32);
    const id = key
      ? `pt_${ulid(claim.createdAt.getTime()).slice(0, 10).toLowerCase()}${base32(seed, 16).toLowerCase()}`
      : `pt_${ulid().toLowerCase()}`;
    const code = data.code ?? `${data.type === 'MERCHANT' ? 'M' : 'D'}${base32(seed.subarray(8), 9)}`;
    const at = claim.createdAt.toISOString();
    const partner: Partner = {
      id,
      code,
      name: data.name,
      type: data.type,
      status: 'ACTIVE',
      parentId: parent.id,
      depth,
      createdAt: at,
      ...inheritedSuspension(parent),
    };
    const existingUser = await deps.users.getByEmail(email);
    if (existingUser && existingUser.partnerId !== id)
      throw new GatewayError('EMAIL_TAKEN', 'This email already has a console account', {
        details: { field: 'email' },
      });
    if (!(await deps.partners.get(id))) await deps.partners.create(partner);
    await deps.fees.set(id, rates, at);
    await deps.subPartners.setChains(id, data.chains, at);
    if (!existingUser) {
      await createConsoleUser(deps, caller.actor, {
        partnerId: id,
        email,
        name: data.name,
        role: 'OWNER',
        password,
      });
    }
    if (!existingUser || claim.resumed)
      await deps.email.send(accountCreatedEmail(email, deps.consoleUrl, data.name, parent.name));
    await audit(deps, {
      partnerId: parent.id,
      actor: caller.actor,
      action: 'subpartner.create',
      outcome: 'SUCCESS',
      at: deps.clock.now().toISOString(),
      details: { code, type: data.type, subPartnerId: id, fees: JSON.stringify(data.fees) },
    });
    const subPartner = await viewOf(deps, partner, [...chain].reverse());
    return { resourceId: id, result: { subPartner, owner: { email } } };
  };
  return runIdempotentIfKeyed(
    deps,
    {
      partnerId: parent.id,
      scope: SUB_PARTNER_IDEMPOTENCY_SCOPE,
      key: options.idempotencyKey,
      // The password is not part of the fingerprint (never stored, not even hashed, in the record).
      requestHash: requestFingerprint([fingerprinted, createHash('sha256').update(password).digest('hex')]),
    },
    {
      execute: (claim) => work(claim, options.idempotencyKey),
      replay: async (record) => {
        const partner = await deps.partners.get(record.resourceId);
        if (!partner) throw new NotFoundError('Sub-partner not found');
        return {
          subPartner: await viewOf(deps, partner, await ancestorsOf(deps, partner)),
          owner: { email },
        };
      },
    },
  );
}

/**
 * PATCH: name and/or fee rates. A rate change is checked over the target's whole subtree with the
 * floors it implies; refused (FEE_CONSTRAINT_VIOLATED, every offender listed) or written in one
 * transaction that also checks every fee item the check read is unchanged (ADR 0031).
 */
export async function updateSubPartner(
  deps: SubPartnerDeps,
  caller: SubPartnerCaller,
  code: string,
  input: unknown,
): Promise<{ subPartner: SubPartnerView }> {
  const me = await callerPartner(deps, caller.partnerId);
  let target = await subPartnerOf(deps, me, code);
  const data = parseInput(UpdateInput, input);
  const at = deps.clock.now().toISOString();
  const edit = feeRatesOf(data.fees ?? {});
  const allowed = FEE_FIELDS_BY_TYPE[target.type];
  const wrong = Object.keys(edit).filter((k) => !allowed.includes(k as keyof FeeRates));
  if (wrong.length)
    throw new ValidationError(
      'Invalid input',
      wrong.map((k) => ({ path: `fees.${k}`, message: `Not a rate of a ${target.type.toLowerCase()}` })),
    );
  const ancestors = await ancestorsOf(deps, target);
  if (Object.keys(edit).length) {
    const chain = [...ancestors].reverse();
    const { nodes, truncated } =
      target.type === 'MERCHANT'
        ? { nodes: [], truncated: false }
        : await deps.subPartners.subtree(target.id, SUBTREE_MAX_NODES);
    if (truncated)
      throw new GatewayError(
        'VALIDATION_FAILED',
        `${target.code} has more than ${SUBTREE_MAX_NODES} partners below it; its rates are changed by the platform operator`,
      );
    const fees = await deps.subPartners.fees([...chain, target, ...nodes].map((p) => p.id));
    const node = (p: Partner): FeeNode => ({
      id: p.id,
      code: p.code,
      type: p.type,
      parentId: p.parentId,
      fees: fees.get(p.id)?.fees ?? {},
    });
    const { fees: merged, check } = checkFeeEdit([node(target), ...nodes.map(node)], edit, {
      baseFloor: floorOf(chain, fees),
      parentCap: fees.get(ancestors[0]?.id ?? '')?.fees.maxFeeCap,
    });
    if (!check.accepted) throw feeViolation(check.offending);
    const current = fees.get(target.id) as VersionedFees;
    await deps.subPartners.writeFees(
      { ...current, fees: merged },
      [...chain, ...nodes].map((p) => fees.get(p.id) as VersionedFees),
      at,
    );
    const show = (f: FeeSettings) =>
      JSON.stringify(
        Object.fromEntries(
          allowed.filter((k) => f[k] !== undefined).map((k) => [k, ppmToPercent(f[k] as bigint)]),
        ),
      );
    await audit(deps, {
      partnerId: target.id,
      actor: caller.actor,
      action: 'subpartner.fees.change',
      outcome: 'SUCCESS',
      at,
      details: { code: target.code, by: me.code, old: show(current.fees), new: show(merged) },
    });
  }
  if (data.name !== undefined && data.name !== target.name) {
    const old = target.name;
    const name = data.name;
    target = await deps.partners.update(target.id, (p) => ({ ...p, name }), at);
    await audit(deps, {
      partnerId: target.id,
      actor: caller.actor,
      action: 'subpartner.rename',
      outcome: 'SUCCESS',
      at,
      details: { code: target.code, by: me.code, old, new: data.name },
    });
  }
  return { subPartner: await viewOf(deps, target, ancestors) };
}

/** Suspend / reinstate with a reason (transition table, conditional write, audited on the target). */
export async function changeSubPartnerStatus(
  deps: SubPartnerDeps,
  caller: SubPartnerCaller,
  code: string,
  event: PartnerEvent,
  input: unknown,
): Promise<{ subPartner: SubPartnerView }> {
  const me = await callerPartner(deps, caller.partnerId);
  const target = await subPartnerOf(deps, me, code);
  const { reason } = parseInput(event === 'SUSPEND' ? ReasonInput : OptionalReasonInput, input);
  const to = transitionPartner(target.status, event);
  const at = deps.clock.now().toISOString();
  await markSubtreeSuspension(deps, target, event, at);
  const updated = await deps.partners.changeStatus(target.id, target.status, to, at);
  await audit(deps, {
    partnerId: target.id,
    actor: caller.actor,
    action: event === 'SUSPEND' ? 'partner.suspend' : 'partner.reinstate',
    outcome: 'SUCCESS',
    at,
    details: { code: target.code, by: me.code, from: target.status, to, reason: reason ?? null },
  });
  return { subPartner: await viewOf(deps, updated, await ancestorsOf(deps, updated)) };
}

/** A temporary password that meets the policy: 20 random characters plus one of each class. */
function temporaryPassword(): string {
  return `${randomBytes(15).toString('base64url')}-7a`;
}

/**
 * Resets the password of the sub-partner's OWNER (the first active one): a temporary password shown
 * once to the caller, the owner's sessions revoked, the 24 h withdrawal lock, audited. The owner must
 * change it at the next sign-in (PASSWORD_CHANGE_REQUIRED).
 */
export async function resetOwnerPassword(
  deps: SubPartnerDeps,
  caller: SubPartnerCaller,
  code: string,
): Promise<{ temporaryPassword: string; email: string }> {
  const me = await callerPartner(deps, caller.partnerId);
  const target = await subPartnerOf(deps, me, code);
  const owners = (await deps.users.listByPartner(target.id))
    .filter((u) => u.role === 'OWNER' && u.status === 'ACTIVE')
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  const owner = owners[0];
  if (!owner) throw new NotFoundError(`${target.code} has no active owner`);
  const password = temporaryPassword();
  const now = deps.clock.now();
  await deps.users.setPassword(owner.id, await deps.passwords.hash(password), now.toISOString(), true);
  await deps.sessions.revokeAllForUser(owner.id, 'PASSWORD_RESET_BY_PARENT', now.getTime());
  await applySecurityChange(deps, {
    partnerId: target.id,
    userId: owner.id,
    subject: userLockSubject(owner.id),
    kind: 'PASSWORD',
    action: 'subpartner.owner.password.reset',
    details: { code: target.code, by: me.code, actorType: caller.actor.type, actorId: caller.actor.id },
  });
  return { temporaryPassword: password, email: owner.email };
}

/**
 * Deletes a direct child without deposits, withdrawals or sub-partners of its own (SUB_PARTNER_NOT_DELETABLE
 * with the reason otherwise). Its API keys are revoked and its users deactivated first, so nothing of it
 * can sign in or call the API afterwards.
 */
export async function deleteSubPartner(
  deps: SubPartnerDeps,
  caller: SubPartnerCaller,
  code: string,
): Promise<{ deleted: string }> {
  const me = await callerPartner(deps, caller.partnerId);
  const target = await subPartnerOf(deps, me, code);
  const refuse = (reason: 'HAS_TRANSACTIONS' | 'HAS_SUB_PARTNERS' | 'NOT_DIRECT_CHILD', message: string) =>
    new GatewayError('SUB_PARTNER_NOT_DELETABLE', message, { details: { reason } });
  if (target.parentId !== me.id)
    throw refuse('NOT_DIRECT_CHILD', `${target.code} is not a direct sub-partner; its own parent deletes it`);
  const [children, used] = await Promise.all([
    deps.subPartners.childCounts([target.id]),
    deps.subPartners.hasTransactions(target.id),
  ]);
  if ((children.get(target.id) ?? 0) > 0)
    throw refuse('HAS_SUB_PARTNERS', `${target.code} has sub-partners of its own`);
  if (used) throw refuse('HAS_TRANSACTIONS', `${target.code} has deposits or withdrawals`);
  const at = deps.clock.now().toISOString();
  for (const key of await deps.apiKeys.listByPartner(target.id))
    if (key.status === 'ACTIVE') await deps.apiKeys.revoke(target.id, key.id, at);
  for (const user of await deps.users.listByPartner(target.id)) {
    if (user.status === 'ACTIVE') await deps.users.changeStatus(user.id, 'ACTIVE', 'DEACTIVATED', at);
    await deps.sessions.revokeAllForUser(user.id, 'PARTNER_DELETED', deps.clock.now().getTime());
  }
  await deps.subPartners.deletePartner((await deps.partners.get(target.id)) ?? target);
  await audit(deps, {
    partnerId: me.id,
    actor: caller.actor,
    action: 'subpartner.delete',
    outcome: 'SUCCESS',
    at,
    details: { code: target.code, subPartnerId: target.id, type: target.type },
  });
  return { deleted: target.code };
}
