import { getAddress, id as keccakText } from 'ethers';
import type { SigningKey } from 'ethers';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { IDEMPOTENCY_LEASE_MS } from '../../../shared/app/idempotency/run-idempotent';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { installDynamoFaults } from '../../support/faults/dynamo-faults';
import { Violations } from '../../support/faults/invariants';
import type { ScenarioResult } from '../../support/faults/invariants';
import { FaultDice } from '../../support/faults/seeded';
import { FAKE_KEY_ARN, fakeKms } from '../../unit/signers/fake-kms';
import { startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { WithdrawalBench } from '../withdrawals/withdrawal-support';
import { deliverWebhooks } from './webhook-deliveries';
import { checkWithdrawals, driveWithdrawal, healWithdrawals } from './withdrawal-driver';

/**
 * One withdrawal scenario with the MASTER key in KMS (a KMS fake that signs for real): Sign throttled
 * and failing by the dice, DynamoDB faults, crashes at random step boundaries, duplicate executions and
 * duplicate requests. Then faults off, executions resumed to completion; the withdrawals' webhooks
 * (from the outbox) delivered through the SQS consumer with duplicate and out-of-order deliveries
 * (webhook-deliveries.ts); and the invariants: each withdrawal paid at most once, every hold resolved,
 * the KMS address's nonces gapless, the partner's balance = funded − paid, MASTER's USDT custody = its
 * balance on chain, every webhook event delivered once (one successful attempt) and the queues empty.
 */
export class KmsCampaign {
  private chain!: SweepChainNode;

  async start(): Promise<void> {
    this.chain = await startSweepChain('POLYGON');
  }

  async stop(): Promise<void> {
    await this.chain?.node.stop();
  }

  /**
   * `tamper` runs after the work and before the checks, with the bench and the KMS key: a test plants a
   * breach there (a payment signed outside the gateway) to prove the checks see it.
   */
  async run(
    seed: number,
    tamper?: (b: WithdrawalBench, key: SigningKey) => Promise<void>,
  ): Promise<ScenarioResult> {
    const dice = new FaultDice(seed);
    const v = new Violations(seed, 'kms');
    const kms = fakeKms({
      signThrottled: () => dice.strike('kms-throttle', 0.15),
      signUnavailable: () => dice.strike('kms-error', 0.08),
    });
    const b = new WithdrawalBench(this.chain);
    try {
      await b.setUp({
        kms: { client: kms.client, keyId: FAKE_KEY_ARN },
        manualWorkflow: true,
        outbox: true,
      });
      installDynamoFaults(b.base.db, dice);
      installDynamoFaults(Reflect.get(b.base.ledger, 'db') as typeof b.base.db, dice);
      const startNonce = await b.nonceOf(b.master);
      const count = 3 + dice.int(4);
      const amounts = Array.from({ length: count }, () => 1 + dice.int(4));
      await b.fund(String(amounts.reduce((a, c) => a + c, 0)));
      const funded = await b.posted();
      const addresses = amounts.map((_, i) => getAddress(`0x${keccakText(`kms:${seed}:${i}`).slice(-40)}`));
      const request = (i: number) =>
        b.request(String(amounts[i]), { key: `kms-${seed}-${i}`, address: addresses[i]! });
      const mine = async () => {
        await jsonRpc(this.chain.network.rpcUrl, 'evm_mine', []);
      };
      const codes = new Set<string>();
      await dice.during(async () => {
        for (let i = 0; i < count; i++) {
          const twice = dice.strike('duplicate-request', 0.3);
          const ask = () =>
            request(i).then(
              (r) => void codes.add(r.withdrawal.code),
              () => undefined,
            );
          await Promise.all([ask(), twice ? ask() : null]);
        }
        for (let round = 0; round < 3; round++) {
          await Promise.all(
            [...codes].map(async (code) => {
              const duplicate = dice.strike('duplicate-invocation', 0.25);
              const drive = () => driveWithdrawal(b.wiring.deps, b.partnerId, code, dice, 0.3, mine);
              await Promise.all([drive(), duplicate ? drive() : null]);
            }),
          );
          await mine();
        }
      });
      // Healed: the client retries what it saw fail, a minute later (past a lease a crash left behind).
      const later = { now: () => new Date(Date.now() + IDEMPOTENCY_LEASE_MS + 1_000) };
      for (let i = 0; i < count; i++)
        await requestWithdrawal(
          { ...b.wiring.deps, clock: later },
          {
            partnerId: b.partnerId,
            requester: { kind: 'user', id: 'usr_requester' },
            type: 'MANUAL',
            idempotencyKey: `kms-${seed}-${i}`,
          },
          { network: b.code, token: 'USDT', amount: String(amounts[i]), address: addresses[i]! },
        ).catch((e: unknown) => v.add(`request ${i} refused after healing: ${String(e)}`));
      await healWithdrawals(b.wiring.deps, b.partnerId, dice, async () => {
        for (let k = 0; k < 3; k++) await mine();
      });
      await deliverWebhooks(b.base, b.partnerId, dice, v);

      await tamper?.(b, kms.signingKey);
      const list = (await b.wiring.deps.withdrawals.list(b.partnerId, { limit: 100 })).items;
      if (list.length !== count) v.add(`${list.length} withdrawals recorded for ${count} requests`);
      const paid = await checkWithdrawals(list, v, {
        tokenBalance: (address) => b.tokenBalance(address),
        nonce: () => b.nonceOf(b.master),
        startNonce,
      });
      const balance = await b.base.ledger.balance(accounts.partnerAvailable(b.partnerId, b.asset));
      if (balance.available !== balance.posted)
        v.add(`holds unresolved: available ${balance.available} ≠ posted ${balance.posted}`);
      const expected = b.units(funded) - paid;
      if (balance.posted !== expected)
        v.money(balance.posted - expected, `partner balance ${balance.posted} ≠ funded − paid ${expected}`);
      const custody = await b.base.ledger.balance(accounts.custody(b.partnerId, 'MASTER', b.asset));
      const onChain = await b.tokenBalance(b.master);
      if (custody.posted !== onChain)
        v.money(onChain - custody.posted, `MASTER custody ${custody.posted} ≠ chain ${onChain}`);
    } catch (e) {
      v.add(`scenario did not finish: ${(e as Error).stack ?? String(e)}`);
    } finally {
      dice.enabled = false;
      await b.tearDown();
      kms.mock.restore();
    }
    return v.result(dice.log);
  }
}
