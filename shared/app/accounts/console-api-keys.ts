import { apiKeyLockSubject } from '../../domain/accounts/security-locks';
import * as z from 'zod';
import type { ApiKey } from '../../domain/auth/api-key';
import { parseAllowlistEntry } from '../../domain/auth/ip-allowlist';
import { assertPermission } from '../../domain/accounts/permissions';
import { NotFoundError } from '../../domain/errors';
import { issueApiKey, revokeApiKey } from '../partners/manage-partners';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { OtpInput, parseInput, userActor } from './deps';
import { requireOtp } from './require-otp';
import { applySecurityChange } from './security-changes';
import { crossTenantDenied } from './tenant';

export type ApiKeyView = Omit<ApiKey, 'secretCiphertext' | 'lastUsedAt'> & {
  readonly lastUsedAt: string | null;
};

function toView(key: Omit<ApiKey, 'secretCiphertext'> | ApiKey): ApiKeyView {
  const { secretCiphertext: _hidden, ...visible } = key as ApiKey;
  return { ...visible, lastUsedAt: key.lastUsedAt ?? null };
}

const Allowlist = z
  .array(
    z
      .string()
      .trim()
      .refine((s) => parseAllowlistEntry(s) !== undefined, 'Not an IP address or CIDR range'),
  )
  .max(50);

/** The partner's API keys with their last use (never a secret). */
export async function listConsoleApiKeys(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
): Promise<ApiKeyView[]> {
  assertPermission(principal.permissions, 'settings:read');
  return (await deps.apiKeys.listByPartner(principal.partnerId)).map(toView);
}

async function loadKey(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  apiKeyId: string,
  meta: RequestMeta,
): Promise<ApiKey> {
  const key = await deps.apiKeys.get(apiKeyId);
  if (!key) throw new NotFoundError('API key not found');
  if (key.partnerId !== principal.partnerId)
    return crossTenantDenied(
      deps,
      principal,
      { partnerId: key.partnerId, kind: 'API key', id: apiKeyId },
      meta,
    );
  return key;
}

const CreateInput = z.strictObject({
  name: z.string().trim().min(1).max(80),
  ipAllowlist: Allowlist.default([]),
  otp: OtpInput.optional(),
});

/** Creates a key (OTP required). The secret is in this answer only; withdrawals lock for 24 hours. */
export async function createConsoleApiKey(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<{ apiKey: ApiKeyView; secret: string; withdrawalLockedUntil: string }> {
  assertPermission(principal.permissions, 'apikey:manage');
  const { name, ipAllowlist, otp } = parseInput(CreateInput, input);
  await requireOtp(deps, principal, otp, 'apiKey.create', { meta });
  const issued = await issueApiKey(deps, userActor(principal.userId), {
    partnerId: principal.partnerId,
    name,
    ipAllowlist,
  });
  const until = await applySecurityChange(deps, {
    partnerId: principal.partnerId,
    userId: principal.userId,
    subject: apiKeyLockSubject(issued.apiKey.id),
    kind: 'API_KEY',
    action: 'console.apiKey.create',
    meta,
    details: { apiKeyId: issued.apiKey.id },
  });
  return { apiKey: toView(issued.apiKey), secret: issued.secret, withdrawalLockedUntil: until };
}

const AllowlistInput = z.strictObject({ ipAllowlist: Allowlist, otp: OtpInput.optional() });

/** Replaces a key's IP allowlist (OTP required; an API-key change, so withdrawals lock for 24 hours). */
export async function setConsoleApiKeyAllowlist(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  apiKeyId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ApiKeyView> {
  assertPermission(principal.permissions, 'apikey:manage');
  const { ipAllowlist, otp } = parseInput(AllowlistInput, input);
  await loadKey(deps, principal, apiKeyId, meta);
  await requireOtp(deps, principal, otp, 'apiKey.allowlist', { meta });
  const updated = await deps.apiKeys.setIpAllowlist(
    principal.partnerId,
    apiKeyId,
    ipAllowlist,
    deps.clock.now().toISOString(),
  );
  await applySecurityChange(deps, {
    partnerId: principal.partnerId,
    userId: principal.userId,
    subject: apiKeyLockSubject(apiKeyId),
    kind: 'API_KEY',
    action: 'console.apiKey.allowlist',
    meta,
    details: { apiKeyId, ipAllowlist: ipAllowlist.join(',') },
  });
  return toView(updated);
}

const RevokeInput = z.strictObject({ otp: OtpInput.optional() });

export async function revokeConsoleApiKey(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  apiKeyId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<ApiKeyView> {
  assertPermission(principal.permissions, 'apikey:manage');
  const { otp } = parseInput(RevokeInput, input ?? {});
  await loadKey(deps, principal, apiKeyId, meta);
  await requireOtp(deps, principal, otp, 'apiKey.revoke', { meta });
  const revoked = await revokeApiKey(deps, userActor(principal.userId), principal.partnerId, apiKeyId);
  await applySecurityChange(deps, {
    partnerId: principal.partnerId,
    userId: principal.userId,
    // Revoking is security going up; the revoked key can request nothing anyway.
    subject: apiKeyLockSubject(apiKeyId),
    kind: 'API_KEY',
    action: 'console.apiKey.revoke',
    meta,
    details: { apiKeyId },
  });
  return toView(revoked);
}
