import type { DepositIntakeService } from '../app/deposits/deposit-intake';
import { buildDepositIntake, getDepositIntake } from './deposit-intake';
import { buildDepositAddressDeps, getDepositAddressDeps } from './deposit-records';
import type { DepositAddressDeps, DepositRecords } from './deposit-records';
import { getDeps } from './gateway';
import type { GatewayDeps } from './gateway';

export { destinationRules } from './deposit-records';

/**
 * Deposit wiring (addresses, HD keyring, deposits, fees, POOL requests, the poller's intake), built on
 * the gateway's base wiring once per process. The pieces are composition/deposit-records.ts (records
 * and addresses, on the core base) and composition/deposit-intake.ts; API functions take only those.
 */
export interface DepositDeps extends DepositAddressDeps<GatewayDeps> {
  readonly intake: DepositIntakeService;
}

export function buildDepositDeps(base: GatewayDeps, records?: DepositRecords<GatewayDeps>): DepositDeps {
  const addresses = buildDepositAddressDeps(base, records);
  return { ...addresses, intake: buildDepositIntake(addresses, base.webhookSettings) };
}

let cached: DepositDeps | undefined;

/**
 * The process's deposit wiring on the full base. The same records, addresses and intake as the API
 * functions' (`getDepositAddressDeps`, `getDepositIntake`): `getDeps()` extends the process's core.
 */
export function getDepositDeps(): DepositDeps {
  cached ??= { ...getDepositAddressDeps(), base: getDeps(), intake: getDepositIntake() };
  return cached;
}
