import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import * as z from 'zod';
import { apiKeySecretContext } from '../../domain/auth/api-key';
import type { ApiKey } from '../../domain/auth/api-key';
import { parseAllowlistEntry } from '../../domain/auth/ip-allowlist';
import { GatewayError, NotFoundError, ValidationError } from '../../domain/errors';
import { childDepth, PARTNER_CODE_PATTERN, transitionPartner } from '../../domain/partner/partner';
import type { Partner, PartnerEvent } from '../../domain/partner/partner';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { KeyVault } from '../../ports/key-vault';
import type { ApiKeyRepository, PartnerRepository } from '../../ports/partner-store';
import { markSubtreeSuspension } from './suspension';

export interface PartnerAdminDeps {
  readonly partners: PartnerRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly keyVault: KeyVault;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export interface Actor {
  readonly type: 'OPERATOR' | 'USER' | 'SYSTEM' | 'API_KEY';
  readonly id: string;
}

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    'Invalid input',
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

const PlatformInput = z.strictObject({
  code: z.string().regex(PARTNER_CODE_PATTERN, 'Use 3-32 of A-Z, 0-9, _ and -'),
  name: z.string().trim().min(1).max(120),
});

/** Creates the platform operator, the root tenant. */
export async function createPlatform(deps: PartnerAdminDeps, actor: Actor, input: unknown): Promise<Partner> {
  const { code, name } = parseOrThrow(PlatformInput, input);
  const partner: Partner = {
    id: `pt_${ulid().toLowerCase()}`,
    code,
    name,
    type: 'PLATFORM',
    status: 'ACTIVE',
    parentId: null,
    depth: 0,
    createdAt: deps.clock.now().toISOString(),
  };
  return storePartner(deps, actor, partner);
}

async function storePartner(deps: PartnerAdminDeps, actor: Actor, partner: Partner): Promise<Partner> {
  await deps.partners.create(partner);
  await deps.audit.record({
    partnerId: partner.id,
    actor,
    action: 'partner.create',
    outcome: 'SUCCESS',
    at: partner.createdAt,
    details: { code: partner.code, type: partner.type, parentId: partner.parentId },
  });
  return partner;
}

const PartnerInput = z.strictObject({
  code: z.string().regex(PARTNER_CODE_PATTERN, 'Use 3-32 of A-Z, 0-9, _ and -'),
  name: z.string().trim().min(1).max(120),
  type: z.enum(['DISTRIBUTOR', 'MERCHANT']),
  parentCode: z.string().min(1),
});

/** A child created under a suspended partner (or below one) starts with that suspension (ADR 0031). */
export function inheritedSuspension(parent: Partner): Pick<Partner, 'suspendedAncestorIds'> {
  const ids = [...(parent.suspendedAncestorIds ?? []), ...(parent.status === 'SUSPENDED' ? [parent.id] : [])];
  return ids.length ? { suspendedAncestorIds: ids } : {};
}

/** Creates a distributor or merchant under an existing platform or distributor. */
export async function createPartner(deps: PartnerAdminDeps, actor: Actor, input: unknown): Promise<Partner> {
  const { code, name, type, parentCode } = parseOrThrow(PartnerInput, input);
  const parent = await deps.partners.getByCode(parentCode);
  if (!parent)
    throw new ValidationError('Parent partner not found', [{ path: 'parentCode', message: 'not found' }]);
  const partner: Partner = {
    id: `pt_${ulid().toLowerCase()}`,
    code,
    name,
    type,
    status: 'ACTIVE',
    parentId: parent.id,
    depth: childDepth(parent, type),
    createdAt: deps.clock.now().toISOString(),
    ...inheritedSuspension(parent),
  };
  return storePartner(deps, actor, partner);
}

const ApiKeyInput = z.strictObject({
  partnerId: z.string().min(1),
  name: z.string().trim().min(1).max(80),
  ipAllowlist: z
    .array(z.string().refine((s) => parseAllowlistEntry(s) !== undefined, 'Not an IP address or CIDR range'))
    .max(50)
    .default([]),
});

export interface IssuedApiKey {
  readonly apiKey: Omit<ApiKey, 'secretCiphertext'>;
  /** Returned exactly once; only the encrypted form is stored. */
  readonly secret: string;
}

/** Issues an API key; the secret is returned once and stored only envelope-encrypted. */
export async function issueApiKey(
  deps: PartnerAdminDeps,
  actor: Actor,
  input: unknown,
): Promise<IssuedApiKey> {
  const { partnerId, name, ipAllowlist } = parseOrThrow(ApiKeyInput, input);
  const partner = await deps.partners.get(partnerId);
  if (!partner) throw new NotFoundError(`Partner ${partnerId} not found`);
  const id = `ak_${ulid().toLowerCase()}`;
  const secret = `sk_${randomBytes(32).toString('base64url')}`;
  const createdAt = deps.clock.now().toISOString();
  const secretCiphertext = await deps.keyVault.encrypt(
    Buffer.from(secret, 'utf8'),
    apiKeySecretContext({ id, partnerId }),
  );
  const key: ApiKey = { id, partnerId, name, status: 'ACTIVE', secretCiphertext, ipAllowlist, createdAt };
  await deps.apiKeys.create(key);
  await deps.audit.record({
    partnerId,
    actor,
    action: 'apiKey.create',
    outcome: 'SUCCESS',
    at: createdAt,
    details: { apiKeyId: id, name, ipAllowlist: ipAllowlist.join(',') },
  });
  const { secretCiphertext: _hidden, ...visible } = key;
  return { apiKey: visible, secret };
}

export async function revokeApiKey(
  deps: PartnerAdminDeps,
  actor: Actor,
  partnerId: string,
  apiKeyId: string,
): Promise<Omit<ApiKey, 'secretCiphertext'>> {
  const at = deps.clock.now().toISOString();
  const revoked = await deps.apiKeys.revoke(partnerId, apiKeyId, at);
  await deps.audit.record({
    partnerId,
    actor,
    action: 'apiKey.revoke',
    outcome: 'SUCCESS',
    at,
    details: { apiKeyId },
  });
  const { secretCiphertext: _hidden, ...visible } = revoked;
  return visible;
}

/** Suspends or reinstates a partner, following the partner status table. */
export async function changePartnerStatus(
  deps: PartnerAdminDeps,
  actor: Actor,
  partnerCode: string,
  event: PartnerEvent,
): Promise<Partner> {
  const partner = await deps.partners.getByCode(partnerCode);
  if (!partner) throw new NotFoundError(`Partner ${partnerCode} not found`);
  if (partner.type === 'PLATFORM')
    throw new GatewayError('FORBIDDEN', 'The platform operator cannot be suspended');
  const to = transitionPartner(partner.status, event);
  const at = deps.clock.now().toISOString();
  await markSubtreeSuspension(deps, partner, event, at);
  const updated = await deps.partners.changeStatus(partner.id, partner.status, to, at);
  await deps.audit.record({
    partnerId: partner.id,
    actor,
    action: event === 'SUSPEND' ? 'partner.suspend' : 'partner.reinstate',
    outcome: 'SUCCESS',
    at,
    details: { from: partner.status, to },
  });
  return updated;
}
