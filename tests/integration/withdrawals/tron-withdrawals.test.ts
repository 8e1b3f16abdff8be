import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import { buildWithdrawalWiring, workflowTimings } from '../../../shared/composition/withdrawals';
import type { WithdrawalWiring } from '../../../shared/composition/withdrawals';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { TronNodeClient } from '../../../shared/adapters/tron/tron-node-client';
import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../../shared/adapters/local/local-withdrawal-workflow';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { ConflictError } from '../../../shared/domain/errors';
import type { Withdrawal, WithdrawalStatus } from '../../../shared/domain/withdrawal/withdrawal';
import { createTestTable } from '../../support/test-env';
import { privateTronChain } from '../tron/tron-test-chain';
import type { TronTestChain } from '../tron/tron-test-chain';

jest.setTimeout(90_000);

const DEST = 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC';
const USDT = (n: number) => BigInt(n) * 1_000_000n;

describe('TRON withdrawals through the same lifecycle (TRON node stand-in, tronweb signing, DynamoDB Local)', () => {
  let chain: TronTestChain & { stop(): Promise<void> };
  let dropTable: () => Promise<void>;
  let base: GatewayDeps;
  let wiring: WithdrawalWiring;
  let gateway: TronChainGateway;
  let partnerId = '';
  let master = '';
  let miner: NodeJS.Timeout | undefined;
  const webhooks: string[] = [];

  beforeAll(async () => {
    chain = await privateTronChain();
    const table = await createTestTable('wd-tron');
    dropTable = table.dropTable;
    const config = {
      ...table.config,
      networks: { ...table.config.networks, TRON: chain.config },
      withdrawals: { ...table.config.withdrawals, tronFeeLimitSun: 100_000_000n },
    };
    base = buildDeps(config);
    // Short-lived transactions (1 s), so a dropped one expires quickly and is replaced.
    gateway = new TronChainGateway(chain.config, new TronNodeClient(chain.url), { expirationMs: 1_000 });
    let workflow!: LocalWithdrawalWorkflow;
    wiring = buildWithdrawalWiring(buildDepositDeps(base), {
      tronChain: gateway,
      webhooks: { publish: async (e) => void webhooks.push(e.type) },
      workflow: (runTask) => {
        workflow = new LocalWithdrawalWorkflow({
          definition: loadWithdrawalDefinition({
            WithdrawalTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
          }),
          runTask,
          timings: workflowTimings(config),
          waitMs: 50,
          retryIntervalMs: 10,
        });
        return workflow;
      },
    });
    const operator = { type: 'OPERATOR' as const, id: 'op' };
    await createPlatform(base, operator, { code: 'PLATFORM', name: 'Platform' });
    partnerId = (
      await createPartner(base, operator, {
        code: 'SHOP',
        name: 'Shop',
        type: 'MERCHANT',
        parentCode: 'PLATFORM',
      })
    ).id;
    await wiring.deps.settings.put(partnerId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    master = (await wiring.deps.masterWallet(partnerId, 'TRON')).address;
    await chain.sendTrx(master, 1_000_000_000n); // 1,000 TRX: activation and fees (no energy of its own: it burns)
    await chain.sendToken('USDT', master, USDT(100));
    await chain.mine(1);
    await base.ledger.post({
      id: `it-funding:${partnerId}:tron`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: 'tron-funding' },
      postings: [
        {
          debit: accounts.custody(partnerId, 'MASTER', 'USDT@TRON'),
          credit: accounts.partnerAvailable(partnerId, 'USDT@TRON'),
          amount: USDT(100),
        },
      ],
      effectiveAt: new Date().toISOString(),
    });
  });
  afterAll(async () => {
    if (miner) clearInterval(miner);
    await dropTable();
    await chain.stop();
  });

  const startMining = () => {
    miner ??= setInterval(() => void chain.mine(1).catch(() => undefined), 30);
  };
  const stopMining = () => {
    if (miner) clearInterval(miner);
    miner = undefined;
  };
  const request = (amount: string, key: string) =>
    requestWithdrawal(
      wiring.deps,
      { partnerId, requester: { kind: 'apiKey', id: 'ak_test' }, type: 'API', idempotencyKey: key },
      { network: 'TRON', token: 'USDT', amount, address: DEST },
    );
  const waitFor = async (code: string, status: WithdrawalStatus): Promise<Withdrawal> => {
    for (;;) {
      const w = await wiring.deps.withdrawals.get(partnerId, code);
      if (w?.status === status) return w;
      if (w && ['FAILED', 'CANCELLED', 'REJECTED'].includes(w.status))
        throw new Error(`ended ${w.status}: ${w.failureReason ?? ''}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const available = async () =>
    (await base.ledger.balance(accounts.partnerAvailable(partnerId, 'USDT@TRON'))).available;

  it('pays a TRC-20 USDT withdrawal once, signed over the txID, final when solidified, with a gas record of the TRX burned', async () => {
    startMining();
    const before = await gateway.tokenBalance('USDT', DEST);
    const { withdrawal } = await request('12.5', 'tron-1');
    const done = await waitFor(withdrawal.code, 'CONFIRMED');
    expect(done.tx?.attempts).toHaveLength(1);
    expect(done.tx?.minedHash).toBe(done.tx?.attempts[0]?.hash);
    expect((await gateway.tokenBalance('USDT', DEST)) - before).toBe(12_500_000n);
    expect(await available()).toBe(USDT(100) - 12_500_000n);
    const gas = await wiring.deps.gasRecords.listByPartnerMonth(partnerId, done.createdAt.slice(0, 7), {
      limit: 10,
    });
    const record = gas.items.find((g) => g.txHash === done.tx?.minedHash);
    expect(record).toMatchObject({
      type: 'WITHDRAWAL',
      network: 'TRON',
      nativeAsset: 'TRX@TRON',
      success: true,
    });
    expect(record?.nativeAmount).toBeGreaterThan(0n);
    // The TRX MASTER burned is booked too: gas expense against MASTER's TRX custody, once.
    expect((await base.ledger.getEntry(`gas:TRON:${done.tx?.minedHash}`))?.postings).toEqual([
      {
        debit: accounts.gas('TRON', 'TRX@TRON'),
        credit: accounts.custody(partnerId, 'MASTER', 'TRX@TRON'),
        amount: record?.nativeAmount,
      },
    ]);
    expect(webhooks).toEqual(['WITHDRAWAL_REQUESTED', 'WITHDRAWAL_APPROVED', 'WITHDRAWAL_CONFIRMED']);
  });

  it('sends a transaction dropped by a fork before solidification again (the same signed bytes) and pays once', async () => {
    stopMining();
    const before = await gateway.tokenBalance('USDT', DEST);
    const { withdrawal } = await request('7', 'tron-2');
    const sent = await waitFor(withdrawal.code, 'BROADCASTING');
    const hash = sent.tx!.attempts[0]!.hash.replace(/^0x/, '');
    // The task broadcasts right after it records BROADCASTING: a block at a time until the transaction
    // is in the newest one (mined, not solidified) — a loaded machine may not have sent it yet.
    let mined = await gateway.transaction(hash);
    for (let i = 0; i < 50 && !mined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await chain.mine(1);
      mined = await gateway.transaction(hash);
    }
    // Fork from the transaction's block, however many blocks came after it (a mine call of the
    // previous test may still have been in flight).
    const depth = (await gateway.head()).latest - mined!.blockNumber + 1;
    const dropped = await chain.admin<{ dropped: string[] }>('/admin/fork', { depth, reinclude: false });
    expect(dropped.dropped).toContain(hash);
    startMining();
    const done = await waitFor(withdrawal.code, 'CONFIRMED');
    // Re-sent while still valid (the same txID), or replaced by a new one after it expired: either way once.
    expect(done.tx?.attempts.map((a) => a.hash)).toContain(done.tx?.minedHash);
    expect((await gateway.tokenBalance('USDT', DEST)) - before).toBe(USDT(7));
    expect(await available()).toBe(USDT(100) - 12_500_000n - USDT(7));
  });

  it('an execution that loaded the withdrawal before another stored and sent its transaction cannot wipe the attempts (updateTx conflicts): the fault campaign found one BROADCASTING with none, paid on chain', async () => {
    stopMining();
    const { withdrawal: stale } = await request('3', 'tron-3'); // as a duplicate execution saw it: no tx
    const sent = await waitFor(stale.code, 'BROADCASTING');
    await expect(
      wiring.deps.withdrawals.updateTx(stale, {
        from: master,
        nonce: 0,
        gasLimit: 100_000_000n,
        attempts: [],
      }),
    ).rejects.toThrow(ConflictError);
    expect((await wiring.deps.withdrawals.get(partnerId, stale.code))?.tx?.attempts).toEqual(
      sent.tx?.attempts,
    );
    startMining();
    await waitFor(stale.code, 'CONFIRMED');
  });
});
