import { DynamoPartnerSecurityRepository } from '../adapters/dynamodb/partner-security-repository';
import { DynamoThrottleStore } from '../adapters/dynamodb/throttle-store';
import { DynamoUserRepository } from '../adapters/dynamodb/user-repository';
import type { OtpGuardDeps } from '../app/accounts/deps';
import { getCoreDeps } from './core';
import type { CoreDeps } from './core';
import { extendOnce } from './lazy';

/** The adapters the OTP gate and the withdrawal guard add to the core (users, throttle, security settings). */
export type OtpGuardAdapters = Pick<OtpGuardDeps, 'users' | 'throttles' | 'partnerSecurity'>;

/**
 * Adds the OTP-guard adapters to a core wiring, in place and once (see `extendOnce`). The full console
 * wiring (gateway.ts) includes this group, so one process has one user repository whichever of its
 * functions wires it first; a function that only gates actions behind a fresh OTP (console withdrawals)
 * takes this group and not the sessions, invitations, tokens and email of the whole account set.
 */
export function withOtpGuard<B extends CoreDeps>(core: B): B & OtpGuardAdapters {
  const { db, config } = core;
  return extendOnce<B, OtpGuardAdapters>(core, 'otp-guard', () => ({
    users: () => new DynamoUserRepository(db, config.tableName),
    throttles: () => new DynamoThrottleStore(db, config.tableName),
    partnerSecurity: () => new DynamoPartnerSecurityRepository(db, config.tableName),
  }));
}

/** The process's OTP-guard wiring: the process's core with the OTP-guard adapters. */
export function getOtpGuardDeps(): CoreDeps & OtpGuardAdapters {
  return withOtpGuard(getCoreDeps());
}
