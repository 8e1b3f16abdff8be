import { DynamoPartnerRepository } from '../adapters/dynamodb/partner-repository';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { DynamoOutboxStore } from '../adapters/dynamodb/outbox-store';
import { DynamoWithdrawalRepository } from '../adapters/dynamodb/withdrawal-repository';
import { DynamoWithdrawalSettingsRepository } from '../adapters/dynamodb/withdrawal-settings-repository';
import { EvmCodeReader } from '../adapters/evm/evm-code-reader';
import { OutboxWebhookPublisher } from '../app/outbox/outbox-webhook-publisher';
import type { DestinationRules } from '../app/withdrawals/destinations';
import type { WithdrawalRequestDeps } from '../app/withdrawals/deps';
import { minimumWithdrawalFrom } from '../app/withdrawals/withdrawal-settings';
import { parseAmount } from '../domain/ledger/amount';
import type { WalletRepository } from '../ports/wallets';
import type { WebhookPublisher } from '../ports/webhooks';
import type { WithdrawalWorkflow } from '../ports/withdrawals';
import { DynamoWalletLookup } from '../adapters/dynamodb/wallet-lookup';
import { StoredGasTanks } from '../adapters/evm/stored-gas-tanks';
import { DynamoPartnerSecurityRepository } from '../adapters/dynamodb/partner-security-repository';
import type { PartnerSecurityRepository } from '../ports/accounts';
import { getCoreDeps } from './core';
import { cachedAncestry } from '../app/partners/subtree-access';
import type { CoreDeps } from './core';
import { withLedger } from './ledger';
import type { LedgerAdapters } from './ledger';
import { resolveWithdrawalWorkflow } from './withdrawal-workflow';

/**
 * The request side of withdrawals (ADR 0025, "per-function composition: withdrawals"): what the
 * partner API and console functions use to request, decide, list and read withdrawals and to start
 * or signal their executions. No chain adapter, signer, KMS or MASTER resolution is reachable from
 * here; those are the withdrawal task's (./withdrawals.ts). The workflow: ./withdrawal-workflow.ts.
 */
/** The base a request side needs: the core, the ledger and the partner's security settings (24 h lock). */
export type WithdrawalRequestBase = CoreDeps &
  LedgerAdapters & { readonly partnerSecurity: Pick<PartnerSecurityRepository, 'get'> };

export interface WithdrawalRequestSources {
  readonly base: WithdrawalRequestBase;
  /** The gateway's own addresses (a partner may not withdraw to its HOT, MASTER or POOL). */
  readonly wallets: Pick<WalletRepository, 'lookup'>;
  readonly destinations: DestinationRules;
}

/** The request-side wiring around a resolved workflow (resolveWithdrawalWorkflow). */
export function buildWithdrawalRequestDeps(
  sources: WithdrawalRequestSources,
  options: { readonly workflow: WithdrawalWorkflow; readonly webhooks?: WebhookPublisher | undefined },
): WithdrawalRequestDeps {
  const { base, wallets, destinations } = sources;
  const { db, config } = base;
  const fees = config.withdrawals.fees;
  const codes = new EvmCodeReader(config.networks, { timeoutMs: config.poller.rpcTimeoutMs });
  return {
    withdrawals: new DynamoWithdrawalRepository(db, config.tableName),
    settings: new DynamoWithdrawalSettingsRepository(db, config.tableName),
    ledger: base.ledger,
    clock: base.clock,
    networks: config.networks,
    workflow: options.workflow,
    idempotency: new DynamoIdempotencyStore(db, config.tableName),
    // Withdrawal events go through the outbox (relayed to the webhook queue), so a queue outage delays them.
    webhooks:
      options.webhooks ?? new OutboxWebhookPublisher(new DynamoOutboxStore(db, config.tableName), base.clock),
    partnerSecurity: base.partnerSecurity,
    ...(destinations.gasTanks ? { gasTanks: destinations.gasTanks } : {}),
    isOwnAddress: async (partnerId, network, address) =>
      (await wallets.lookup(network, [address])).get(address.toLowerCase())?.partnerId === partnerId,
    hasCode: (network, address) => codes.hasCode(network, address),
    minimumWithdrawal: minimumWithdrawalFrom(config.withdrawals.minimumAmounts),
    feeFor: async (_partnerId, asset) => {
      const fee = fees[asset.code];
      return fee ? parseAmount(fee, asset.decimals, { field: 'WITHDRAWAL_FEES', allowZero: true }) : 0n;
    },
    timings: { whitelistCoolingMs: config.withdrawals.whitelistCoolingMs },
    onError: (message, e) => base.logger.error(message, { error: e as Error }),
    ancestryOf: cachedAncestry(new DynamoPartnerRepository(db, config.tableName)),
  };
}

let cached: WithdrawalRequestDeps | undefined;

/**
 * The sources of the process's request side, and nothing more of the deposit wiring: the gateway's
 * own addresses and the burn rules, whose gas tanks are derived from the seed's public keys.
 */
export function withdrawalRequestSources(base: WithdrawalRequestBase): WithdrawalRequestSources {
  return {
    base,
    wallets: new DynamoWalletLookup(base.db, base.config.tableName),
    destinations: storedGasTankRules(base),
  };
}

/**
 * The burn rules of the request side: the gas tanks' addresses as the keyrings recorded them on the seed
 * item (read-only, no key-derivation code in the API functions: stored-gas-tanks.ts). A tank not
 * recorded yet has never been derived, so no one can know its address: there is nothing to refuse yet,
 * and the next request reads again.
 */
export function storedGasTankRules(base: Pick<CoreDeps, 'db' | 'config'>): DestinationRules {
  const { db, config } = base;
  if (!config.destinations.refuseGasTanks) return { networks: config.networks };
  const tanks = new StoredGasTanks(db, config.tableName);
  return {
    networks: config.networks,
    gasTanks: async (network) => {
      const address = await tanks.addressOf(network);
      return address ? [address] : [];
    },
  };
}

/** The process's request-side wiring (partner API and console functions); its workflow resolved now. */
export function getWithdrawalRequestDeps(): WithdrawalRequestDeps {
  if (!cached) {
    // On the core base (no console-account or webhook-delivery adapters in the bundle, ADR 0025).
    const core = withLedger(getCoreDeps());
    const base: WithdrawalRequestBase = Object.assign(Object.create(core) as typeof core, {
      partnerSecurity: new DynamoPartnerSecurityRepository(core.db, core.config.tableName),
    });
    cached = buildWithdrawalRequestDeps(withdrawalRequestSources(base), {
      workflow: resolveWithdrawalWorkflow(base.config),
    });
  }
  return cached;
}
