import { createHash } from 'node:crypto';
import { encodeTime, ulid } from 'ulid';
import type { NetworkCode } from '../../domain/chains/networks';
import { parseAmount } from '../../domain/ledger/amount';
import type {
  AddressMode,
  ApprovalMode,
  WhitelistEntry,
  WithdrawalSettings,
} from '../../domain/withdrawal/policy';
import { USD_DECIMALS } from '../../domain/withdrawal/policy';
import { formatAmount } from '../../domain/ledger/amount';
import { STABLECOIN_ASSETS } from '../../domain/ledger/asset';
import type { Asset } from '../../domain/ledger/asset';
import { parseIdempotencyKey, requestFingerprint, runIdempotentIfKeyed } from '../idempotency/run-idempotent';
import type { WithdrawalRequestDeps } from './deps';
import { parseDestination } from './destinations';

export function settingsView(
  s: WithdrawalSettings,
  coolingMs: number,
  minimumAmounts: Readonly<Record<string, string>> = {},
) {
  return {
    addressMode: s.addressMode,
    approval: { mode: s.approval.mode, thresholdUsdt: formatAmount(s.approval.thresholdUsdt, USD_DECIMALS) },
    whitelistCoolingHours: coolingMs / 3_600_000,
    /** Asset code → smallest withdrawal (token units), for the request form's hint and check. */
    minimumAmounts: { ...minimumAmounts },
    ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
    ...(s.updatedBy ? { updatedBy: s.updatedBy } : {}),
  };
}

export async function getWithdrawalSettings(
  deps: Pick<WithdrawalRequestDeps, 'settings' | 'timings' | 'minimumWithdrawal'>,
  partnerId: string,
) {
  return settingsView(
    await deps.settings.get(partnerId),
    deps.timings.whitelistCoolingMs,
    minimumAmounts(deps),
  );
}

/** The smallest withdrawal of an asset, in minor units, from the configured table (token units per asset). */
export function minimumWithdrawalFrom(table: Readonly<Record<string, string>>): (asset: Asset) => bigint {
  return (asset) =>
    parseAmount(table[asset.code] ?? '0', asset.decimals, {
      field: 'WITHDRAWAL_MIN_AMOUNTS',
      allowZero: true,
    });
}

/** Every stablecoin's smallest withdrawal, in token units (what the console form and GET /v1/partner show). */
export function minimumAmounts(
  deps: Pick<WithdrawalRequestDeps, 'minimumWithdrawal'>,
): Record<string, string> {
  return Object.fromEntries(
    STABLECOIN_ASSETS.map((a) => [a.code, formatAmount(deps.minimumWithdrawal(a), a.decimals)]),
  );
}

export async function updateWithdrawalSettings(
  deps: Pick<WithdrawalRequestDeps, 'settings' | 'timings' | 'clock' | 'minimumWithdrawal'>,
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
  return settingsView(settings, deps.timings.whitelistCoolingMs, minimumAmounts(deps));
}

export async function listWhitelist(
  deps: Pick<WithdrawalRequestDeps, 'settings'>,
  partnerId: string,
): Promise<WhitelistEntry[]> {
  return deps.settings.listWhitelist(partnerId);
}

export const WHITELIST_IDEMPOTENCY_SCOPE = 'whitelist-entry';

/** A keyed entry's id: time-sortable, and the same for every retry of the key (a crash leaves no twin). */
function keyedEntryId(partnerId: string, key: string, createdAt: Date): string {
  const hash = createHash('sha256').update(`${partnerId}\n${key}`).digest();
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[(hash[i] as number) % 32];
  return `wl_${encodeTime(createdAt.getTime(), 10)}${tail}`.toLowerCase();
}
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new destination: usable only after the cooling period, so a hijacked session cannot drain at once.
 * Idempotent per Idempotency-Key when one is sent: a retry with the same key and body returns the
 * first entry (`replayed`) for IDEMPOTENCY_RETENTION_DAYS; another body is IDEMPOTENCY_KEY_REUSED.
 */
export async function addWhitelistEntry(
  deps: Pick<
    WithdrawalRequestDeps,
    'settings' | 'timings' | 'clock' | 'idempotency' | 'networks' | 'gasTanks'
  >,
  partnerId: string,
  input: { readonly network: NetworkCode; readonly address: string; readonly label: string },
  by: string,
  options: { readonly idempotencyKey?: string | undefined } = {},
): Promise<WhitelistEntry & { readonly replayed: boolean }> {
  const key = parseIdempotencyKey(options.idempotencyKey);
  const address = await parseDestination(deps, input.network, input.address);
  const { replayed, result } = await runIdempotentIfKeyed(
    deps,
    {
      partnerId,
      scope: WHITELIST_IDEMPOTENCY_SCOPE,
      key,
      requestHash: requestFingerprint([input.network, address, input.label]),
    },
    {
      execute: async (claim) => {
        const now = deps.clock.now();
        const entryId = key
          ? keyedEntryId(partnerId, key, claim.createdAt)
          : `wl_${ulid(now.getTime()).toLowerCase()}`;
        // A take-over after a crash: the first attempt may have added it already.
        const earlier = claim.resumed ? await deps.settings.getWhitelistEntry(partnerId, entryId) : undefined;
        const entry: WhitelistEntry = earlier ?? {
          partnerId,
          entryId,
          network: input.network,
          address,
          label: input.label,
          createdAt: now.toISOString(),
          usableAt: new Date(now.getTime() + deps.timings.whitelistCoolingMs).toISOString(),
          createdBy: by,
        };
        if (!earlier) await deps.settings.addWhitelistEntry(entry);
        return { resourceId: entry.entryId, response: JSON.stringify(entry), result: entry };
      },
      // Entries are immutable (removal deletes them): the snapshot is the answer, even after a removal.
      replay: async (record) => JSON.parse(record.response ?? '{}') as WhitelistEntry,
    },
  );
  return { ...result, replayed };
}

export async function removeWhitelistEntry(
  deps: Pick<WithdrawalRequestDeps, 'settings'>,
  partnerId: string,
  entryId: string,
): Promise<WhitelistEntry> {
  return deps.settings.removeWhitelistEntry(partnerId, entryId);
}
