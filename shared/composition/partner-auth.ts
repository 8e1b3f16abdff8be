import { DynamoApiKeyRepository, DynamoReplayGuard } from '../adapters/dynamodb/api-key-repository';
import { DynamoPartnerRepository } from '../adapters/dynamodb/partner-repository';
import type { AuthenticateDeps } from '../app/auth/authenticate-partner-request';
import type { PartnerAdminDeps } from '../app/partners/manage-partners';
import { getCoreDeps } from './core';
import type { CoreDeps } from './core';
import { extendOnce } from './lazy';

/** Signed partner requests (API keys, replay guard, timestamp window) and the partners themselves. */
export type PartnerAuthAdapters = Pick<
  AuthenticateDeps & PartnerAdminDeps,
  'partners' | 'apiKeys' | 'replayGuard' | 'timestampWindowMs' | 'signatureV1AcceptedUntilMs'
>;

/** What a partner-API function's handler (`partnerApiHandler`) and partner use-cases take. */
export type PartnerApiDeps = CoreDeps & PartnerAuthAdapters;

/** Adds the partner-auth adapters to a core wiring, in place and once (see `extendOnce`). */
export function withPartnerAuth<B extends CoreDeps>(core: B): B & PartnerAuthAdapters {
  const { db, config } = core;
  return extendOnce<B, PartnerAuthAdapters>(core, 'partner-auth', () => ({
    partners: () => new DynamoPartnerRepository(db, config.tableName),
    apiKeys: () => new DynamoApiKeyRepository(db, config.tableName),
    replayGuard: () => new DynamoReplayGuard(db, config.tableName),
    timestampWindowMs: () => config.apiTimestampWindowMs,
    signatureV1AcceptedUntilMs: () => config.apiSignatureV1AcceptedUntilMs,
  }));
}

/** The process's partner-API wiring: the process's core with the partner-auth adapters. */
export function getPartnerApiDeps(): PartnerApiDeps {
  return withPartnerAuth(getCoreDeps());
}
