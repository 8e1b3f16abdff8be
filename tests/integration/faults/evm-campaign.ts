import { ScanCommand } from '@aws-sdk/lib-dynamodb';
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
import type { SweepTx } from '../../../shared/domain/sweeps/sweep-transaction';
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
    const rpc = this.chain.node.rpcUrl;
    const start = {
      block: Number(await jsonRpc<string>(rpc, 'eth_blockNumber', [])),
      tankNonce: Number(await jsonRpc<string>(rpc, 'eth_getTransactionCount', [b.gasTank, 'latest'])),
      gasLow: [] as string[],
    };
    const withdrawals = buildWithdrawalWiring(b.deposits, {
      chains: { [CODE]: chain },
      webhooks: { publish: async () => undefined },
      alerts: {
        insufficientMasterBalance: async () => undefined,
        masterGasLow: async (a) => void start.gasLow.push(a.code),
      },
      // The campaign runs the sweep process itself (its rounds stand for the schedule and the trigger).
      sweepTrigger: { requestSweep: async () => undefined },
      workflow: () => ({
        start: async () => undefined,
        resume: async () => undefined,
        ensureRunning: async () => 'RUNNING' as const,
      }),
    });
    try {
      const sent = await this.deposits(b, dice, scanner);
      await this.sweeps(b, dice, chain, sent.length);
      await this.withdrawals(b, dice, withdrawals, chain, v);
      await deliverWebhooks(b.base, b.merchantId, dice, v);
      await this.check(b, withdrawals, sent, v);
      await this.checkMasterGas(b, withdrawals, start, v);
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

  /** Top-ups sized large enough that their leftovers go back to the gas tank (ADR 0024) under faults too. */
  private sweepSettings(b: SweepBench) {
    return b.settings({
      gasMarginPercent: 300,
      leftovers: { minimum: 1n, maxCostPercent: 50, maxPerRun: 20 },
    });
  }

  /** One sweep-process invocation that may die at a step boundary (the plan drawn by the dice). */
  private async sweepAttempt(b: SweepBench, dice: FaultDice, chain: EvmSweepChain): Promise<void> {
    const plan = CrashPlan.draw(dice, 0.4, 40);
    await b
      .run({
        settings: this.sweepSettings(b),
        chain: plan.wrap('chain', chain),
        store: plan.wrap('store', b.wiring.store),
        deposits: plan.wrap('deposits', b.deposits.deposits),
        ledger: plan.wrap('ledger', b.base.ledger),
        gasRecords: plan.wrap('gasRecords', b.wiring.forNetwork(CODE).gasRecords),
      })
      .catch(() => undefined);
  }

  /** The sweep process invoked (sometimes twice at once, as a duplicate schedule invocation does). */
  private async sweepRound(b: SweepBench, dice: FaultDice, chain: EvmSweepChain): Promise<void> {
    const duplicate = dice.strike('duplicate-invocation', 0.3);
    await Promise.all([
      this.sweepAttempt(b, dice, chain),
      duplicate ? this.sweepAttempt(b, dice, chain) : Promise.resolve(),
    ]);
  }

  private async sweeps(b: SweepBench, dice: FaultDice, chain: EvmSweepChain, expected: number) {
    await dice.during(async () => {
      for (let i = 0; i < 5; i++) {
        await this.sweepRound(b, dice, chain);
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
      await b.run({ settings: this.sweepSettings(b), chain }).catch(() => undefined);
      await b.mine(3);
    }
  }

  // --- 3. withdrawals ----------------------------------------------------------------------------

  /**
   * MASTER starts without native coin (or with about one transfer's gas, drawn by the dice): the
   * withdrawals get their gas through the top-up path — prepare (or a broadcast refused for funds) asks
   * for it (MasterGasRequest) and waits, the sweep process serves the request from the gas tank — while
   * the faults strike the withdrawals and the sweep runs alike.
   */
  private async withdrawals(
    b: SweepBench,
    dice: FaultDice,
    w: WithdrawalWiring,
    chain: EvmSweepChain,
    v: Violations,
  ): Promise<void> {
    await w.deps.settings.put(b.merchantId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const master = (await w.deps.masterWallet(b.merchantId, CODE)).address;
    if (dice.next() < 0.4) {
      // Too little for the scenario's withdrawals: roughly one transfer's gas.
      const { hash } = await sendNativeFromFaucet(
        this.chain.network,
        master,
        (await chain.gasPrice()) * 60_000n,
      );
      await b.mine(3);
      await recordMasterFunding(b.wiring.funding(CODE), b.merchantId, master, hash);
    }
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
        // The sweep process (its schedule, or the sweep a waiting withdrawal requested) serves the
        // MASTER gas requests, with crashes and duplicate invocations of its own.
        await this.sweepRound(b, dice, chain);
        await b.mine(1 + dice.int(2));
      }
    });
    // Healed: requests the client saw fail are retried with their key a minute later (past a lease a
    // crash left behind); executions resume from their status; the sweep process keeps running.
    b.clock.advance(IDEMPOTENCY_LEASE_MS + 1_000);
    for (let i = 0; i < count; i++)
      await request(i).catch((e: unknown) => v.add(`request ${i} refused after healing: ${String(e)}`));
    const listed = await w.deps.withdrawals.list(b.merchantId, { limit: 100 });
    if (listed.items.length !== count)
      v.add(`${listed.items.length} withdrawals recorded for ${count} requests`);
    await healWithdrawals(
      w.deps,
      b.merchantId,
      dice,
      () => b.mine(3),
      async () => {
        await b.run({ settings: this.sweepSettings(b), chain }).catch(() => undefined);
        await b.mine(3);
      },
    );
    // The sweep process runs on until its transactions (the top-ups among them) are final and booked.
    for (let i = 0; i < 12; i++) {
      const open = await b.wiring.store.listOpenTxs(CODE, 100);
      const asked = await b.wiring.store.listMasterGasRequests(CODE, 100);
      if (open.length === 0 && asked.length === 0) break;
      await b.run({ settings: this.sweepSettings(b), chain }).catch(() => undefined);
      await b.mine(3);
    }
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

  /**
   * MASTER gas through the top-up path: every MasterGasRequest served (none left open) and paid at
   * most once — one final TOPUP per request, each tank → MASTER transfer on chain one recorded TOPUP,
   * the values alike; the gas tank's nonces gapless (its recorded transactions use consecutive nonces
   * from the scenario's start and the chain's count is exactly past them); MASTER's native custody
   * booked once (= its balance on chain); no masterGasLow alert (the tank could always cover it).
   */
  private async checkMasterGas(
    b: SweepBench,
    w: WithdrawalWiring,
    start: { readonly block: number; readonly tankNonce: number; readonly gasLow: readonly string[] },
    v: Violations,
  ): Promise<void> {
    const rpc = this.chain.node.rpcUrl;
    const master = (await w.deps.masterWallet(b.merchantId, CODE)).address.toLowerCase();
    const tank = b.gasTank.toLowerCase();
    const items: Record<string, unknown>[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await b.base.db.send(
        new ScanCommand({
          TableName: b.base.config.tableName,
          FilterExpression: 'entity IN (:tx, :request)',
          ExpressionAttributeValues: { ':tx': 'SweepTx', ':request': 'MasterGasRequest' },
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    const requests = items.filter((i) => i['entity'] === 'MasterGasRequest');
    const txs = (
      await Promise.all(
        items.filter((i) => i['entity'] === 'SweepTx').map((i) => b.wiring.store.getTx(String(i['id']))),
      )
    ).filter((t): t is SweepTx => !!t);
    v.saw('master-gas-requests', requests.length);
    for (const r of requests)
      if (r['status'] !== 'DONE')
        v.add(`MASTER gas request ${String(r['code'])} left ${String(r['status'])}`);
    for (const code of start.gasLow)
      v.add(`masterGasLow raised for ${code} though the gas tank could cover it`);

    // One top-up per opening of a request: a request is opened again (DONE → REQUESTED) only when its
    // withdrawal is still short after its top-up landed, so a request's top-ups follow one another —
    // each recorded only once the one before was final — and two are never on their way at once.
    const topUps = txs.filter((t) => t.type === 'TOPUP' && t.walletType === 'MASTER');
    const paid = topUps.filter((t) => t.status === 'FINAL' && t.receipt?.success === true);
    v.saw('master-gas-top-ups', paid.length);
    const perRequest = new Map<string, SweepTx[]>();
    for (const t of paid) {
      if (!t.masterGasRequest) v.add(`MASTER top-up ${t.id} serves no request`);
      const key = t.masterGasRequest ?? t.id;
      perRequest.set(key, [...(perRequest.get(key) ?? []), t]);
    }
    const depth = this.chain.config.finality.confirmations;
    for (const [request, served] of perRequest) {
      const blocks = served.map((t) => t.receipt?.blockNumber ?? 0).sort((a, c) => a - c);
      v.saw('master-gas-requests-reopened', served.length - 1);
      if (blocks.some((n, i) => i > 0 && n - blocks[i - 1]! < depth))
        v.add(
          `MASTER gas request ${request} paid twice at once: top-ups mined in blocks ${blocks.join(', ')}`,
        );
    }
    for (const t of topUps)
      if (t.status !== 'FINAL' && t.status !== 'DROPPED') v.add(`MASTER top-up ${t.id} left ${t.status}`);

    // Every tank → MASTER transfer on chain is one recorded top-up, paid once.
    const head = Number(await jsonRpc<string>(rpc, 'eth_blockNumber', []));
    const recorded = new Map<string, SweepTx>();
    for (const t of topUps) for (const a of t.attempts) recorded.set(a.hash.toLowerCase(), t);
    const seen = new Map<string, number>();
    let sentOnChain = 0n;
    for (let n = start.block + 1; n <= head; n++) {
      const block = await jsonRpc<{
        transactions: { hash: string; from: string; to: string | null; value: string }[];
      }>(rpc, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, true]);
      for (const tx of block.transactions) {
        if (tx.from.toLowerCase() !== tank || tx.to?.toLowerCase() !== master) continue;
        sentOnChain += BigInt(tx.value);
        const t = recorded.get(tx.hash.toLowerCase());
        if (!t)
          v.money(-BigInt(tx.value), `gas tank paid MASTER ${tx.value} in ${tx.hash}, no top-up recorded`);
        else seen.set(t.id, (seen.get(t.id) ?? 0) + 1);
      }
    }
    for (const [id, n] of seen) if (n > 1) v.add(`MASTER top-up ${id} mined ${n} times`);
    const booked = paid.reduce((sum, t) => sum + t.value, 0n);
    if (booked !== sentOnChain)
      v.money(booked - sentOnChain, `MASTER top-ups: ${booked} recorded final, ${sentOnChain} sent on chain`);

    // The gas tank's nonces: consecutive from the scenario's start, the chain exactly past them.
    const nonces = txs
      .filter((t) => t.from.toLowerCase() === tank)
      .map((t) => t.nonce)
      .sort((a, c) => a - c);
    const onChain = Number(await jsonRpc<string>(rpc, 'eth_getTransactionCount', [b.gasTank, 'latest']));
    if (nonces.some((n, i) => n !== start.tankNonce + i) || onChain !== start.tankNonce + nonces.length)
      v.add(`gas tank nonces ${nonces.join(',')} from ${start.tankNonce}, ${onChain} on chain: not gapless`);

    // MASTER's native coin booked once: its custody is its balance on chain.
    const custody = await b.base.ledger.balance(accounts.custody(b.merchantId, 'MASTER', NATIVE));
    const balance = await b.chainAdapter.nativeBalance(master);
    if (custody.posted !== balance)
      v.money(balance - custody.posted, `MASTER native custody ${custody.posted} ≠ chain ${balance}`);
  }
}
