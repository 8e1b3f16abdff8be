import type { Partner, PartnerStatus } from '../domain/partner/partner';
import type { ApiKey } from '../domain/auth/api-key';

export interface PartnerRepository {
  /** Creates the partner; CONFLICT when the code is taken. */
  create(partner: Partner): Promise<void>;
  get(partnerId: string): Promise<Partner | undefined>;
  getByCode(code: string): Promise<Partner | undefined>;
  listChildren(parentId: string): Promise<Partner[]>;
  /**
   * Writes `to` only if the stored status is still `from`; ILLEGAL_TRANSITION otherwise. The partner's
   * API keys carry a copy of its status: they change in the same write.
   */
  changeStatus(partnerId: string, from: PartnerStatus, to: PartnerStatus, at: string): Promise<Partner>;
  /**
   * Applies `change` (name, suspendedAncestorIds) to the partner as stored now, on the partner item and
   * every API key copy in one write; retried when the partner changed meanwhile (no lost update).
   */
  update(partnerId: string, change: (current: Partner) => Partner, at: string): Promise<Partner>;
}

/** What authenticating a request needs: the key and its partner as of this read (ADR 0026). */
export interface ApiKeyWithPartner {
  readonly key: ApiKey;
  /** Undefined when the key names a partner that does not exist. */
  readonly partner: Partner | undefined;
}

export interface ApiKeyRepository {
  /**
   * Creates the key with a copy of its partner (status included), in one write with the partner item so
   * that a concurrent status change reaches it; CONFLICT when the id is taken, NOT_FOUND without the partner.
   */
  create(key: ApiKey): Promise<void>;
  get(apiKeyId: string): Promise<ApiKey | undefined>;
  /**
   * The key and its partner, current as of this call (strongly consistent): one read of the key item,
   * which carries the partner's copy; a key stored without one costs a second read of the partner item.
   */
  getWithPartner(apiKeyId: string): Promise<ApiKeyWithPartner | undefined>;
  listByPartner(partnerId: string): Promise<ApiKey[]>;
  /** Revokes an ACTIVE key of the partner; NOT_FOUND for another partner's key. */
  revoke(partnerId: string, apiKeyId: string, at: string): Promise<ApiKey>;
  /** Replaces the IP allowlist of an ACTIVE key of the partner; NOT_FOUND for another partner's key. */
  setIpAllowlist(
    partnerId: string,
    apiKeyId: string,
    ipAllowlist: readonly string[],
    at: string,
  ): Promise<ApiKey>;
  /** Records a use at `at` unless a use at or after `notBefore` is already recorded (best effort). */
  touchLastUsed(apiKeyId: string, at: string, notBefore: string): Promise<void>;
}

export interface ReplayGuard {
  /** Records a signature as used; false when it was already used within its lifetime. */
  claim(apiKeyId: string, signature: string, expiresAtMs: number): Promise<boolean>;
}
