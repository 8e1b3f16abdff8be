import { ulid } from 'ulid';
import type { NetworkCode } from '../../config/networks';
import { parseAmount } from '../../domain/ledger/amount';
import type {
  AddressMode,
  ApprovalMode,
  WhitelistEntry,
  WithdrawalSettings,
} from '../../domain/withdrawal/policy';
import { normalizeAddress, USD_DECIMALS } from '../../domain/withdrawal/policy';
import { formatAmount } from '../../domain/ledger/amount';
import type { WithdrawalDeps } from './deps';

export function settingsView(s: WithdrawalSettings, coolingMs: number) {
  return {
    addressMode: s.addressMode,
    approval: { mode: s.approval.mode, thresholdUsdt: formatAmount(s.approval.thresholdUsdt, USD_DECIMALS) },
    whitelistCoolingHours: coolingMs / 3_600_000,
    ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
    ...(s.updatedBy ? { updatedBy: s.updatedBy } : {}),
  };
}

export async function getWithdrawalSettings(
  deps: Pick<WithdrawalDeps, 'settings' | 'timings'>,
  partnerId: string,
) {
  return settingsView(await deps.settings.get(partnerId), deps.timings.whitelistCoolingMs);
}

export async function updateWithdrawalSettings(
  deps: Pick<WithdrawalDeps, 'settings' | 'timings' | 'clock'>,
  partnerId: string,
  input: {
    readonly addressMode: AddressMode;
    readonly approval: { readonly mode: ApprovalMode; readonly thresholdUsdt: string };
  },
  by: string,
) {
  const settings: WithdrawalSettings = {
    addressMode: input.addressMode,
    approval: {
      mode: input.approval.mode,
      thresholdUsdt: parseAmount(input.approval.thresholdUsdt, USD_DECIMALS, {
        field: 'approval.thresholdUsdt',
        allowZero: true,
      }),
    },
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: by,
  };
  await deps.settings.put(partnerId, settings);
  return settingsView(settings, deps.timings.whitelistCoolingMs);
}

export async function listWhitelist(
  deps: Pick<WithdrawalDeps, 'settings'>,
  partnerId: string,
): Promise<WhitelistEntry[]> {
  return deps.settings.listWhitelist(partnerId);
}

/** A new destination: usable only after the cooling period, so a hijacked session cannot drain at once. */
export async function addWhitelistEntry(
  deps: Pick<WithdrawalDeps, 'settings' | 'timings' | 'clock'>,
  partnerId: string,
  input: { readonly network: NetworkCode; readonly address: string; readonly label: string },
  by: string,
): Promise<WhitelistEntry> {
  const now = deps.clock.now();
  const entry: WhitelistEntry = {
    partnerId,
    entryId: `wl_${ulid(now.getTime()).toLowerCase()}`,
    network: input.network,
    address: normalizeAddress(input.network, input.address),
    label: input.label,
    createdAt: now.toISOString(),
    usableAt: new Date(now.getTime() + deps.timings.whitelistCoolingMs).toISOString(),
    createdBy: by,
  };
  await deps.settings.addWhitelistEntry(entry);
  return entry;
}

export async function removeWhitelistEntry(
  deps: Pick<WithdrawalDeps, 'settings'>,
  partnerId: string,
  entryId: string,
): Promise<WhitelistEntry> {
  return deps.settings.removeWhitelistEntry(partnerId, entryId);
}
