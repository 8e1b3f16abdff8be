import { getDeps } from '../../../shared/composition/gateway';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { buildTronSweepWiring } from '../../../shared/composition/tron-sweeps';
import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import { DynamoTronSweepStore } from '../../../shared/adapters/tron/tron-sweep-store';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { TronNodeClient } from '../../../shared/adapters/tron/tron-node-client';
import { PLATFORM_CUSTODY } from '../../../shared/app/sweeps/sweep-accounting';
import { runTronSweeps } from '../../../shared/app/sweeps/run-sweeps';
import type { TronSweepDeps, TronSweepReport } from '../../../shared/app/sweeps/run-sweeps';
import type { LeftoverSettings } from '../../../shared/app/sweeps/deps';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import type { TronSweepChain } from '../../../shared/ports/tron-sweeps';
import { createTestTable } from '../../support/test-env';
import { privateTronChain } from './tron-test-chain';
import type { TronTestChain } from './tron-test-chain';
import { confirmedTronDeposit, fundedGasTank, platformAndShop } from './tron-deposit-flow';

const TRX = 1_000_000n;
const LEFTOVERS: LeftoverSettings = { minimum: TRX / 10n, maxCostPercent: 20, maxPerRun: 20 };

/**
 * TRX leftovers on TRON HOT addresses back to the gas tank (ADR 0024), against the stand-in: an address
 * the gas tank activated and topped up for a burn-funded sweep keeps what the sweep did not burn; once
 * the sweep is closed and no deposit waits there, the address's key sends it back less the transfer's
 * bandwidth, recorded before the broadcast, booked once at solidification.
 */
describe('TRON native leftovers', () => {
  let chain: TronTestChain;
  let gateway: TronChainGateway;
  let dropTable: () => Promise<void>;
  let partnerId: string;
  let tank: TronSigner;
  let users = 0;

  beforeAll(async () => {
    dropTable = (await createTestTable('tron-leftovers')).dropTable;
    chain = await privateTronChain();
    gateway = new TronChainGateway(chain.config, new TronNodeClient(chain.url));
    partnerId = await platformAndShop(getDeps());
    tank = await fundedGasTank(chain, gateway, getDeps(), getDepositDeps(), 1_000n);
  });
  afterAll(async () => {
    await chain.stop();
    await dropTable();
  });

  /** No energy source but burning: the gas tank activates the address and tops it up with the TRX to burn. */
  function sweepDeps(
    leftovers: LeftoverSettings | undefined,
    overrides: { chain?: TronSweepChain; minimumAmount?: bigint } = {},
  ): Promise<TronSweepDeps> {
    return buildTronSweepWiring(getDepositDeps(), { chain: gateway, rental: null }).deps({
      energy: {},
      sleep: async () => undefined,
      ...(overrides.chain ? { chain: overrides.chain } : {}),
      settings: {
        minimumAmount: () => overrides.minimumAmount ?? 1_000_000n,
        activationSun: TRX,
        energyMarginPercent: 20,
        maxGroupsPerRun: 10,
        followForMs: 0,
        pollIntervalMs: 1,
        nativeUsdPrice: '0.25',
        ...(leftovers ? { leftovers } : {}),
      },
    });
  }

  async function creditedDeposit(amount: bigint, address?: string) {
    const to = address ? { partnerId, address } : { partnerId, userId: `user${++users}` };
    const credited = await confirmedTronDeposit(chain, getDeps(), getDepositDeps(), to, amount);
    expect(credited.depositId).toBeDefined();
    return { address: credited.address, depositId: credited.depositId! };
  }

  /** A burn-funded sweep of a fresh deposit, run with leftovers off until settled. */
  async function sweptAddress(): Promise<string> {
    const { address, depositId } = await creditedDeposit(20_000_000n);
    const deps = await sweepDeps(undefined);
    for (let i = 0; i < 80; i++) {
      const report = await runTronSweeps(deps);
      expect(report.errors).toEqual([]);
      if ((await getDepositDeps().deposits.get(depositId))?.status === 'SETTLED') break;
      await chain.mine(1);
    }
    expect((await getDepositDeps().deposits.get(depositId))?.status).toBe('SETTLED');
    return address;
  }

  const store = () => new DynamoTronSweepStore(getDeps().db, getDeps().config.tableName);
  const custody = async (account: string) => (await getDeps().ledger.balance(account)).posted;
  const hotTrx = () => accounts.custody(partnerId, 'HOT', 'TRX@TRON');
  const tankTrx = accounts.custody(PLATFORM_CUSTODY, 'HOT', 'TRX@TRON');
  const returnRecords = async (address: string) =>
    (
      await new DynamoGasRecordStore(getDeps().db, getDeps().config.tableName).listByPartnerMonth(
        partnerId,
        new Date().toISOString().slice(0, 7),
        { limit: 100 },
      )
    ).items.filter((r) => r.address === address && r.type === 'RETURN');

  /** Runs with a block between them until no return is open (at least `runs` runs). */
  async function runUntilReturned(deps: TronSweepDeps, runs = 1): Promise<TronSweepReport[]> {
    const reports: TronSweepReport[] = [];
    for (let i = 0; i < 40; i++) {
      reports.push(await runTronSweeps(deps));
      if (i + 1 >= runs && (await store().listOpenReturns(10)).length === 0) return reports;
      await chain.mine(1);
    }
    throw new Error('the return did not close');
  }

  it('returns the leftover of a burn-funded sweep to the gas tank, less its bandwidth, booked once', async () => {
    const address = await sweptAddress();
    const before = {
      address: (await gateway.account(address)).balanceSun,
      tank: (await gateway.account(tank.address)).balanceSun,
      hot: await custody(hotTrx()),
      tankBooked: await custody(tankTrx),
      gas: await custody(accounts.gas('TRON', 'TRX@TRON')),
    };
    expect(before.address).toBeGreaterThan(LEFTOVERS.minimum);

    const reports = await runUntilReturned(await sweepDeps(LEFTOVERS), 2);
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect(reports.reduce((n, r) => n + r.leftovers.returned, 0)).toBe(1);

    const [record, ...more] = await returnRecords(address);
    expect(more).toEqual([]);
    const sent = record!.transferredAmount;
    const fee = record!.nativeAmount;
    const after = {
      address: (await gateway.account(address)).balanceSun,
      tank: (await gateway.account(tank.address)).balanceSun,
    };
    // Everything but the bandwidth came back; the address keeps at most a few bytes' worth.
    expect(sent).toBeGreaterThan(0n);
    expect(after.address).toBe(before.address - sent - fee);
    expect(after.address).toBeLessThan(10_000n);
    // Ledger change = chain change, for the gas tank and for the address's custody.
    expect((await custody(tankTrx)) - before.tankBooked).toBe(after.tank - before.tank);
    expect((await custody(tankTrx)) - before.tankBooked).toBe(sent);
    expect(before.hot - (await custody(hotTrx()))).toBe(sent + fee);
    expect((await custody(accounts.gas('TRON', 'TRX@TRON'))) - before.gas).toBe(fee);

    // Running again signs nothing and books nothing twice.
    const again = await runTronSweeps(await sweepDeps(LEFTOVERS));
    expect(again.leftovers).toMatchObject({ checked: 0, returned: 0 });
    expect((await custody(tankTrx)) - before.tankBooked).toBe(sent);
    expect(await returnRecords(address)).toHaveLength(1);
  });

  it('a crash after the broadcast leaves one transfer, re-sent as the same bytes and booked once', async () => {
    const address = await sweptAddress();
    const balance = (await gateway.account(address)).balanceSun;
    const tankBooked = await custody(tankTrx);
    let crash = true;
    const crashing = new Proxy(gateway, {
      get(target, prop, receiver) {
        if (prop !== 'broadcast') return Reflect.get(target, prop, receiver) as unknown;
        return async (tx: Parameters<TronChainGateway['broadcast']>[0]) => {
          const out = await target.broadcast(tx);
          if (crash) {
            crash = false;
            throw new Error('crashed after the broadcast');
          }
          return out;
        };
      },
    });
    const first = await runTronSweeps(await sweepDeps(LEFTOVERS, { chain: crashing }));
    expect(first.errors).toEqual([expect.stringMatching(/crashed after the broadcast/)]);
    expect(crash).toBe(false);

    const reports = await runUntilReturned(await sweepDeps(LEFTOVERS), 2);
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect(reports.reduce((n, r) => n + r.leftovers.returned, 0)).toBe(0); // nothing signed again
    const records = await returnRecords(address);
    expect(records).toHaveLength(1);
    const sent = records[0]!.transferredAmount;
    expect((await gateway.account(address)).balanceSun).toBe(balance - sent - records[0]!.nativeAmount);
    expect((await custody(tankTrx)) - tankBooked).toBe(sent);
  });

  it('closes a return that expired unmined and returns the leftover again, once', async () => {
    const address = await sweptAddress();
    const balance = (await gateway.account(address)).balanceSun;
    const tankBooked = await custody(tankTrx);
    const shortLived = new TronChainGateway(chain.config, gateway.node, { expirationMs: 1_500 });
    let lost = 0;
    const losing = new Proxy(shortLived, {
      get(target, prop, receiver) {
        if (prop !== 'broadcast') return Reflect.get(target, prop, receiver) as unknown;
        return async () => {
          lost += 1;
          return { status: 'ACCEPTED' as const }; // the node never saw it
        };
      },
    });
    const first = await runTronSweeps(await sweepDeps(LEFTOVERS, { chain: losing }));
    expect(first.leftovers.returned).toBe(1);
    expect(lost).toBeGreaterThan(0);
    const [lostReturn] = await store().listOpenReturns(10);
    expect(lostReturn?.status).toBe('SIGNED');
    await new Promise((r) => setTimeout(r, 1_600)); // past the transaction's expiration
    await chain.mine(1);

    // Dropped (the TRX never left), queued again and returned anew in the same run; booked once.
    const reports = await runUntilReturned(await sweepDeps(LEFTOVERS), 2);
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect(reports[0]!.leftovers.returned).toBe(1);
    expect(await gateway.transaction(lostReturn!.txId)).toBeUndefined();
    const records = await returnRecords(address);
    expect(records).toHaveLength(1);
    expect(records[0]!.txHash).not.toBe(lostReturn!.txId);
    const sent = records[0]!.transferredAmount;
    expect((await gateway.account(address)).balanceSun).toBe(balance - sent - records[0]!.nativeAmount);
    expect((await custody(tankTrx)) - tankBooked).toBe(sent);
  });

  it('signs nothing when the leftover is not worth returning', async () => {
    const address = await sweptAddress();
    const balance = (await gateway.account(address)).balanceSun;
    const report = await runTronSweeps(await sweepDeps({ ...LEFTOVERS, minimum: 1_000n * TRX }));
    expect(report.errors).toEqual([]);
    expect(report.leftovers).toMatchObject({ checked: 1, returned: 0, notWorth: 1 });
    expect(await store().listOpenReturns(10)).toEqual([]);
    await chain.mine(1);
    expect((await gateway.account(address)).balanceSun).toBe(balance);
    // Out of the queue: the next run does not look at it again.
    expect((await runTronSweeps(await sweepDeps(LEFTOVERS))).leftovers.checked).toBe(0);
    expect(await returnRecords(address)).toEqual([]);
  });

  it('leaves an address alone while a deposit waits on it', async () => {
    const address = await sweptAddress();
    const balance = (await gateway.account(address)).balanceSun;
    // A deposit below the sweep minimum: CONFIRMED, waiting on the address, not swept this run.
    await creditedDeposit(2_000_000n, address);
    const report = await runTronSweeps(await sweepDeps(LEFTOVERS, { minimumAmount: 1_000_000_000n }));
    expect(report.errors).toEqual([]);
    expect(report.leftovers.returned).toBe(0);
    expect(report.leftovers.leftAlone).toEqual([{ address, reason: 'DEPOSITS_WAITING' }]);
    await chain.mine(1);
    expect((await gateway.account(address)).balanceSun).toBe(balance);
    expect(await returnRecords(address)).toEqual([]);
  });
});
