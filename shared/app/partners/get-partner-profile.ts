import { NotFoundError } from '../../domain/errors';
import type { ApiKey } from '../../domain/auth/api-key';
import type { Partner } from '../../domain/partner/partner';
import type { ApiKeyRepository, PartnerRepository } from '../../ports/partner-store';

export interface PartnerProfile {
  readonly partner: Partner;
  readonly apiKey: Pick<ApiKey, 'id' | 'name' | 'ipAllowlist' | 'createdAt'>;
  /** Asset code → smallest withdrawal in token units, so a partner backend can check before it asks. */
  readonly withdrawalMinimums?: Readonly<Record<string, string>>;
}

/**
 * "Who am I" for an authenticated API caller: only its own partner and key. The authenticator read both
 * for this very request and passes them on (ADR 0026); a principal without them reads them here.
 */
export async function getPartnerProfile(
  deps: { partners: PartnerRepository; apiKeys: ApiKeyRepository },
  principal: {
    partnerId: string;
    apiKeyId: string;
    partner?: Partner | undefined;
    apiKey?: PartnerProfile['apiKey'] | undefined;
  },
): Promise<PartnerProfile> {
  const [partner, key] =
    principal.partner && principal.apiKey
      ? [principal.partner, { ...principal.apiKey, partnerId: principal.partner.id }]
      : await Promise.all([deps.partners.get(principal.partnerId), deps.apiKeys.get(principal.apiKeyId)]);
  if (!partner || !key || key.partnerId !== partner.id || partner.id !== principal.partnerId)
    throw new NotFoundError('Partner not found');
  return {
    partner,
    apiKey: { id: key.id, name: key.name, ipAllowlist: key.ipAllowlist, createdAt: key.createdAt },
  };
}
