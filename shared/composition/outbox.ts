import { DynamoOutboxStore } from '../../shared/adapters/dynamodb/outbox-store';
import type { OutboxRelayDeps } from '../../shared/app/outbox/relay-outbox';
import { getDeps } from '../../shared/composition/gateway';
import type { GatewayDeps } from '../../shared/composition/gateway';

/** The outbox relay's wiring: the outbox items in the table and the gateway's webhook publisher. */
export type OutboxRelayWiring = OutboxRelayDeps & { readonly logger: GatewayDeps['logger'] };

export function buildOutboxRelayDeps(base: GatewayDeps): OutboxRelayWiring {
  return {
    outbox: new DynamoOutboxStore(base.db, base.config.tableName),
    webhooks: base.webhooks,
    clock: base.clock,
    logger: base.logger,
  };
}

let cached: OutboxRelayWiring | undefined;

export function getOutboxRelayDeps(): OutboxRelayWiring {
  cached ??= buildOutboxRelayDeps(getDeps());
  return cached;
}
