import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { TronNodeClient } from '../../../shared/adapters/tron/tron-node-client';
import type { TronNode } from '../../../shared/adapters/tron/tron-node-client';
import { TronTransferScanner } from '../../../shared/adapters/tron/tron-transfer-scanner';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { gasTankFundingEntry } from '../../../shared/app/sweeps/sweep-accounting';
import { buildTronSweepWiring } from '../../../shared/composition/tron-sweeps';
import type { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import type { DepositDeps } from '../../../shared/composition/deposits';
import type { TronTestChain } from './tron-test-chain';

/**
 * The TRON deposit side the sweep, leftover and reconciliation tests stand on: one round of the
 * deposit poller over the whole chain, as the scheduled poller runs it, and a user's deposit taken to
 * CONFIRMED through it.
 */
export async function pollTronOnce(
  chain: TronTestChain,
  base: GatewayDeps,
  deposits: DepositDeps,
  node: TronNode = new TronNodeClient(chain.url),
) {
  return runDepositPoller(
    {
      scanner: new TronTransferScanner(chain.config, node),
      state: new DynamoPollerStateStore(base.db, base.config.tableName),
      intake: deposits.intake,
      clock: base.clock,
      sleep: async () => undefined,
    },
    'TRON',
    {
      owner: 'test',
      runForMs: 60_000,
      roundIntervalMs: 0,
      leaseTtlMs: 10_000,
      chunkBlocks: 2_000,
      initialLookbackBlocks: 100_000,
      maxRounds: 1,
    },
  );
}

/**
 * `amount` USDT sent to `address` (default: a new user's deposit address of the partner), mined, seen
 * by the poller, solidified and seen again: the deposit CONFIRMED (undefined when it did not get there).
 */
export async function confirmedTronDeposit(
  chain: TronTestChain,
  base: GatewayDeps,
  deposits: DepositDeps,
  to: { readonly partnerId: string; readonly userId?: string; readonly address?: string },
  amount: bigint,
  node?: TronNode,
): Promise<{ address: string; depositId: string | undefined }> {
  const address =
    to.address ??
    (
      await getDepositAddress(deposits, to.partnerId, {
        userId: to.userId ?? `user-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
        network: 'TRON',
      })
    ).address;
  await chain.sendToken('USDT', address, amount);
  await chain.mine(1);
  await pollTronOnce(chain, base, deposits, node);
  await chain.mine(20);
  await pollTronOnce(chain, base, deposits, node);
  const deposit = (await deposits.deposits.list(to.partnerId, { limit: 100 })).items.find(
    (d) => d.toAddress === address && d.status === 'CONFIRMED',
  );
  return { address, depositId: deposit?.id };
}

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
const TRX = 1_000_000n;

/** The platform and one merchant under it (`SHOP`): the merchant's id. */
export async function platformAndShop(base: GatewayDeps): Promise<string> {
  await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'P' });
  const shop = await createPartner(base, OPERATOR, {
    code: 'SHOP',
    name: 'S',
    type: 'MERCHANT',
    parentCode: 'PLATFORM',
  });
  return shop.id;
}

/**
 * The TRON gas tank funded with `trx` from the faucet and the funding booked from world (as npm start
 * does); `stakeTrx` of it staked for energy.
 */
export async function fundedGasTank(
  chain: TronTestChain,
  gateway: TronChainGateway,
  base: GatewayDeps,
  deposits: DepositDeps,
  trx: bigint,
  stakeTrx = 0n,
): Promise<TronSigner> {
  const tank = await buildTronSweepWiring(deposits, { chain: gateway, rental: null }).gasTank();
  const funding = await chain.sendTrx(tank.address, trx * TRX);
  await chain.mine(1);
  await base.ledger.post(
    gasTankFundingEntry('TRON', funding, 'TRX@TRON', trx * TRX, new Date().toISOString()),
  );
  if (stakeTrx > 0n) {
    const freeze = await tank.signTransaction(await gateway.buildFreezeEnergy(tank.address, stakeTrx * TRX));
    const out = await gateway.broadcast(freeze);
    if (out.status !== 'ACCEPTED') throw new Error(`freeze refused: ${JSON.stringify(out)}`);
    await chain.mine(1);
  }
  return tank;
}
