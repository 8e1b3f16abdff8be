import { getAddress, id as keccakText } from 'ethers';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { fundFromFaucet, sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import { installMulticall3 } from '../../../scripts/local/evm/multicall';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { EvmSweepChain } from '../../../shared/adapters/evm/sweep-chain';
import { EvmTransferScanner } from '../../../shared/adapters/evm/evm-transfer-scanner';
import { MulticallBalanceReader } from '../../../shared/adapters/evm/multicall-balance-reader';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import { WalletCustodyReader } from '../../../shared/app/ledger/chain-custody';
import { reconcileLedger } from '../../../shared/app/ledger/reconcile-ledger';
import { recordMasterFunding } from '../../../shared/app/sweeps/gas-tank-funding';
import { IDEMPOTENCY_LEASE_MS } from '../../../shared/app/idempotency/run-idempotent';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { buildWithdrawalWiring } from '../../../shared/composition/withdrawals';
import type { WithdrawalWiring } from '../../../shared/composition/withdrawals';
import { custodyAddressSource } from '../../../shared/composition/reconcile';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import { startRpcProxy } from '../chains/chain-support';
import type { RpcProxy } from '../chains/chain-support';
import { TEST_CACHE_DIR } from '../evm/evm-test-support';
import { SweepBench, startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { CrashPlan } from '../../support/faults/crash';
import { checkWithdrawals, driveWithdrawal, healWithdrawals } from './withdrawal-driver';
import { deliverWebhooks } from './webhook-deliveries';
import { installDynamoFaults } from '../../support/faults/dynamo-faults';
import { installRpcFaults } from '../../support/faults/rpc-faults';
import { FaultDice } from '../../support/faults/seeded';
import type { ScenarioResult } from '../../support/faults/invariants';
import { Violations } from '../../support/faults/invariants';

/**
 * One EVM scenario of the fault campaign, on an anvil chain of the campaign's own behind a faulty
 * JSON-RPC proxy and a fresh DynamoDB Local table with a faulty client:
 *   1. deposits sent on chain (some moved by a reorg before finality), detected and credited by the
 *      real deposit poller through the proxy, with duplicate poller invocations;
 *   2. sweeps to MASTER (gas top-ups, approves, transferFrom) with crashes at random step boundaries and
 *      duplicate concurrent runs;
 *   3. withdrawals from MASTER, requested (some requests delivered twice) and driven task by task as the
 *      state machine would, with crashes, duplicate task invocations and retries;
 * faults on while the work happens; then faults off and the same processes re-run until they are done
 * (the scheduler and Step Functions keep re-running them), and the invariants are checked.
 */
const TIMEOUT_MS = 400;
const CODE = 'BSC' as const;
const USDT = `USDT@${CODE}`;
const NATIVE = `BNB@${CODE}`;

export class EvmCampaign {
  /**
   * `maxLag`: how far behind a lagging node may be. Up to 2 stays within the local chains' depth rule
   * (3 confirmations: a node at most 2 behind has every final block); more probes a provider whose
   * nodes fall behind further than the depth rule covers, which POLLER_NODE_LAG_BLOCKS covers.
   */
  constructor(private readonly options: { maxLag?: number } = {}) {}

  chain!: SweepChainNode;
  proxy!: RpcProxy;
  private reader!: MulticallBalanceReader;

  async start(): Promise<void> {
    this.chain = await startSweepChain(CODE);
    await installMulticall3(this.chain.network.rpcUrl, TEST_CACHE_DIR);
    this.proxy = await startRpcProxy(this.chain.node.rpcUrl);
    this.reader = MulticallBalanceReader.connect(this.chain.config);
  }

  async stop(): Promise<void> {
    this.reader?.close();
    await this.proxy?.stop();
    await this.chain?.node.stop();
  }

  async run(seed: number): Promise<ScenarioResult> {
    const dice = new FaultDice(seed);
    const v = new Violations(seed, 'evm');
    installRpcFaults(this.proxy, dice, {
      timeoutMs: TIMEOUT_MS + 200,
      upstreamUrl: this.chain.node.rpcUrl,
      maxLag: this.options.maxLag ?? 2,
    });
    const proxied = { ...this.chain.config, rpcUrls: [this.proxy.url] };
    const b = new SweepBench(this.chain);
    await b.setUp();
    installDynamoFaults(b.base.db, dice);
    installDynamoFaults(Reflect.get(b.base.ledger, 'db') as typeof b.base.db, dice);
    const chain = EvmSweepChain.connect(proxied, { timeoutMs: TIMEOUT_MS });
    const scanner = EvmTransferScanner.connect(proxied, { timeoutMs: TIMEOUT_MS });
    const withdrawals = buildWithdrawalWiring(b.deposits, {
      chains: { [CODE]: chain },
      webhooks: { publish: async () => undefined },
      alerts: { insufficientMasterBalance: async () => undefined, masterGasLow: async () => undefined },
      workflow: () => ({
        start: async () => undefined,
        resume: async () => undefined,
        ensureRunning: async () => 'RUNNING' as const,
      }),
    });
    try {
      const sent = await this.deposits(b, dice, scanner);
      await this.sweeps(b, dice, chain, sent.length);
      await this.withdrawals(b, dice, withdrawals, v);
      await deliverWebhooks(b.base, b.merchantId, dice, v);
      await this.check(b, withdrawals, sent, v);
    } catch (e) {
      v.add(`scenario did not finish: ${(e as Error).stack ?? String(e)}`);
    } finally {
      dice.enabled = false;
      scanner.close();
      chain.close();
      await b.tearDown();
    }
    return v.result(dice.log);
  }

  // --- 1. deposits -------------------------------------------------------------------------------

  private async deposits(b: SweepBench, dice: FaultDice, scanner: EvmTransferScanner): Promise<string[]> {
    const state = new DynamoPollerStateStore(b.base.db, b.base.config.tableName);
    installDynamoFaults(Reflect.get(state, 'db') as typeof b.base.db, dice, { lostAnswer: 0 });
    const head = Number(await jsonRpc<string>(this.chain.node.rpcUrl, 'eth_blockNumber', []));
    await state.advanceCursor(CODE, head - 2, b.clock.now());
    const hashes: string[] = [];
    const count = 3 + dice.int(3);
    for (let i = 0; i < count; i++) {
      const to = await b.hotAddress(`user-${i % 3}`);
      const amount = b.units(String(10 + dice.int(40)));
      hashes.push((await fundFromFaucet(this.chain.network, 'USDT', to, amount)).hash);
      if (dice.next() < 0.3) await this.reorgTip(dice);
    }
    const poll = (owner: string, rounds: number) =>
      runDepositPoller(
        {
          scanner,
          state,
          intake: b.deposits.intake,
          clock: b.clock,
          sleep: async () => undefined,
        },
        CODE,
        {
          owner,
          runForMs: 60_000,
          roundIntervalMs: 0,
          leaseTtlMs: 30_000,
          chunkBlocks: 50,
          // The deployed setting (POLLER_NODE_LAG_BLOCKS), as poll-deposits passes it.
          nodeLagBlocks: b.base.config.poller.nodeLagBlocks,
          initialLookbackBlocks: 10,
          errorBackoffMs: 1,
          maxBackoffMs: 1,
          maxRounds: rounds,
        },
      ).catch(() => undefined);
    await dice.during(async () => {
      for (let i = 0; i < 4; i++) {
        b.clock.advance(60_000);
        const duplicate = dice.strike('duplicate-invocation', 0.3);
        await Promise.all([poll(`p-${i}`, 3), duplicate ? poll(`p-${i}-dup`, 3) : Promise.resolve()]);
        await b.mine(1);
      }
    });
    // Healed: the scheduler keeps invoking the poller until every deposit is final and credited.
    for (let i = 0; i < 10; i++) {
      b.clock.advance(60_000);
      await b.mine(3);
      await poll(`heal-${i}`, 3);
      const open = await this.openDeposits(b);
      if (open.length === 0 && (await this.depositsOf(b)).length >= hashes.length) break;
    }
    return hashes;
  }

  /** A reorg before finality: the last 1–2 blocks are replaced, their transactions re-included elsewhere. */
  private async reorgTip(dice: FaultDice): Promise<void> {
    const rpc = this.chain.node.rpcUrl;
    const depth = 1 + dice.int(2);
    const head = Number(await jsonRpc<string>(rpc, 'eth_blockNumber', []));
    const txs: [string, number][] = [];
    for (let n = head - depth + 1; n <= head; n++) {
      const block = await jsonRpc<{ transactions: string[] }>(rpc, 'eth_getBlockByNumber', [
        `0x${n.toString(16)}`,
        false,
      ]);
      for (const h of block.transactions)
        txs.push([await jsonRpc<string>(rpc, 'eth_getRawTransactionByHash', [h]), dice.int(depth)]);
    }
    await jsonRpc(rpc, 'anvil_reorg', [depth, txs]);
    dice.log.add('evm-reorg-before-finality');
  }

  // --- 2. sweeps ---------------------------------------------------------------------------------

  private async sweeps(b: SweepBench, dice: FaultDice, chain: EvmSweepChain, expected: number) {
    // Top-ups sized large enough that their leftovers go back to the gas tank (ADR 0024) under faults too.
    const settings = b.settings({
      gasMarginPercent: 300,
      leftovers: { minimum: 1n, maxCostPercent: 50, maxPerRun: 20 },
    });
    const attempt = async () => {
      const plan = CrashPlan.draw(dice, 0.4, 40);
      await b
        .run({
          settings,
          chain: plan.wrap('chain', chain),
          store: plan.wrap('store', b.wiring.store),
          deposits: plan.wrap('deposits', b.deposits.deposits),
          ledger: plan.wrap('ledger', b.base.ledger),
          gasRecords: plan.wrap('gasRecords', b.wiring.forNetwork(CODE).gasRecords),
        })
        .catch(() => undefined);
    };
    await dice.during(async () => {
      for (let i = 0; i < 5; i++) {
        const duplicate = dice.strike('duplicate-invocation', 0.3);
        await Promise.all([attempt(), duplicate ? attempt() : Promise.resolve()]);
        if (dice.next() < 0.2) await this.reorgTip(dice);
        await b.mine(1 + dice.int(3));
      }
    });
    for (let i = 0; i < 12; i++) {
      const settled = (await this.depositsOf(b)).filter((d) => d.status === 'SETTLED').length;
      if (
        settled >= expected &&
        (await this.openDeposits(b)).length === 0 &&
        (await b.wiring.store.listOpenTxs(CODE, 10)).length === 0
      )
        break;
      await b.run({ settings, chain }).catch(() => undefined);
      await b.mine(3);
    }
  }

  // --- 3. withdrawals ----------------------------------------------------------------------------

  private async withdrawals(b: SweepBench, dice: FaultDice, w: WithdrawalWiring, v: Violations) {
    await w.deps.settings.put(b.merchantId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const master = (await w.deps.masterWallet(b.merchantId, CODE)).address;
    const { hash } = await sendNativeFromFaucet(this.chain.network, master, 10n ** 18n);
    await b.mine(3);
    await recordMasterFunding(b.wiring.funding(CODE), b.merchantId, master, hash);
    const count = 2 + dice.int(3);
    const inputs = Array.from({ length: count }, (_, i) => ({
      amount: String(1 + dice.int(5)),
      address: getAddress(`0x${keccakText(`campaign:${dice.seed}:${i}`).slice(-40)}`),
    }));
    const codes = new Set<string>();
    const request = (i: number) =>
      requestWithdrawal(
        w.deps,
        {
          partnerId: b.merchantId,
          requester: { kind: 'user', id: 'usr_campaign' },
          type: 'MANUAL',
          idempotencyKey: `campaign-${i}`,
        },
        { network: CODE, token: 'USDT', ...inputs[i]! },
      ).then((r) => void codes.add(r.withdrawal.code));
    const mine = () => b.mine(1);
    const drive = (code: string, crashP: number) =>
      driveWithdrawal(w.deps, b.merchantId, code, dice, crashP, mine);
    await dice.during(async () => {
      for (let i = 0; i < count; i++) {
        // An API request retried by the client (same idempotency key), sometimes twice at once.
        const twice = dice.strike('duplicate-request', 0.3);
        await Promise.all([
          request(i).catch(() => undefined),
          twice ? request(i).catch(() => undefined) : null,
        ]);
      }
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          [...codes].map(async (code) => {
            const duplicate = dice.strike('duplicate-invocation', 0.2);
            await Promise.all([drive(code, 0.3), duplicate ? drive(code, 0.3) : null]);
          }),
        );
        await b.mine(1);
      }
    });
    // Healed: requests the client saw fail are retried with their key a minute later (past a lease a
    // crash left behind); executions resume from their status.
    b.clock.advance(IDEMPOTENCY_LEASE_MS + 1_000);
    for (let i = 0; i < count; i++)
      await request(i).catch((e: unknown) => v.add(`request ${i} refused after healing: ${String(e)}`));
    const listed = await w.deps.withdrawals.list(b.merchantId, { limit: 100 });
    if (listed.items.length !== count)
      v.add(`${listed.items.length} withdrawals recorded for ${count} requests`);
    await healWithdrawals(w.deps, b.merchantId, dice, () => b.mine(3));
  }

  // --- invariants --------------------------------------------------------------------------------

  private async depositsOf(b: SweepBench): Promise<StoredDeposit[]> {
    return (await b.deposits.deposits.list(b.merchantId, { limit: 100 })).items;
  }

  private async openDeposits(b: SweepBench): Promise<StoredDeposit[]> {
    return (await this.depositsOf(b)).filter((d) => !['SETTLED', 'FAILED'].includes(d.status));
  }

  private async check(b: SweepBench, w: WithdrawalWiring, sent: string[], v: Violations): Promise<void> {
    const rpc = this.chain.node.rpcUrl;
    // Every deposit on the canonical chain credited once; every other record FAILED (reorged out).
    const deposits = await this.depositsOf(b);
    let expectedIn = 0n;
    for (const hash of sent) {
      const transfers = await b.scanner.transfersInTransaction(hash);
      for (const t of transfers) {
        expectedIn += t.amount;
        const id = `${CODE}:${t.txHash.toLowerCase()}:${t.logIndex}`;
        const live = deposits.filter((d) => d.id === id);
        if (live.length !== 1 || live[0]?.status !== 'SETTLED')
          v.add(`deposit ${id} is ${live.map((d) => d.status).join(',') || 'missing'}, not SETTLED once`);
        const credit = deposits.filter(
          (d) => d.txHash.toLowerCase() === t.txHash.toLowerCase() && d.status !== 'FAILED',
        );
        if (credit.length !== 1) v.add(`transfer ${t.txHash} credited ${credit.length} times`);
      }
    }
    for (const d of deposits)
      if (!['SETTLED', 'FAILED'].includes(d.status)) v.add(`deposit ${d.id} stuck in ${d.status}`);

    // Withdrawals: paid at most once (exactly once when CONFIRMED), holds all resolved, nonces gapless.
    const master = (await w.deps.masterWallet(b.merchantId, CODE)).address;
    const paidOut = await checkWithdrawals(
      (await w.deps.withdrawals.list(b.merchantId, { limit: 100 })).items,
      v,
      {
        tokenBalance: (address) => b.tokenBalance(address),
        nonce: async () => Number(await jsonRpc<string>(rpc, 'eth_getTransactionCount', [master, 'latest'])),
        startNonce: 0,
      },
    );
    const available = await b.base.ledger.balance(accounts.partnerAvailable(b.merchantId, USDT));
    if (available.available !== available.posted)
      v.add(`holds unresolved: available ${available.available} ≠ posted ${available.posted}`);

    // Money: liabilities = what came in − what went out; custody = liabilities = chain, per asset.
    const reports = await reconcileLedger(
      {
        ledger: b.base.ledger,
        reports: { save: async () => undefined, latest: async () => undefined },
        alerts: { raise: async () => undefined },
        clock: b.clock,
        recheckDelayMs: 0,
        custodyReader: new WalletCustodyReader({
          addresses: custodyAddressSource(b.deposits),
          balances: { [CODE]: this.reader },
        }),
      },
      [USDT, NATIVE],
    );
    for (const r of reports) {
      if (r.unbalanced !== 0n) v.add(`${r.asset}: ledger entries unbalanced by ${r.unbalanced}`);
      if (r.ledgerDrift !== 0n)
        v.money(r.ledgerDrift, `${r.asset}: custody − liabilities = ${r.ledgerDrift}`);
      for (const d of r.custodyDrifts)
        v.money(d.onChain - d.ledger, `${r.asset}: ${d.account} ledger ${d.ledger} ≠ chain ${d.onChain}`);
    }
    const usdt = reports.find((r) => r.asset === USDT);
    if (usdt && usdt.liabilities !== expectedIn - paidOut)
      v.money(
        usdt.liabilities - (expectedIn - paidOut),
        `USDT liabilities ${usdt.liabilities} ≠ deposits ${expectedIn} − withdrawals ${paidOut}`,
      );
  }
}
