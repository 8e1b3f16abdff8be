import { Contract, JsonRpcProvider, Wallet } from 'ethers';
import { formatAmount } from '../../../shared/domain/ledger/amount';
import { CampaignTotals } from '../../support/faults/invariants';
import { campaignSeeds } from '../../support/faults/seeded';
import { KmsCampaign } from './kms-campaign';

/**
 * The KMS part of the fault campaign, a fixed sample (`npm run bench -- faults` runs the whole one):
 * withdrawals from a KMS MASTER key while Sign is throttled and failing, with DynamoDB faults, crashes,
 * duplicate executions and duplicate requests, then their webhooks delivered through the SQS consumer
 * with duplicate and out-of-order deliveries; after each scenario the invariants hold. A failure names
 * its seed; `FAULT_SEED=<seed>` re-runs exactly that scenario.
 */
jest.setTimeout(240_000);

describe('fault campaign: withdrawals signed by KMS', () => {
  const campaign = new KmsCampaign();
  beforeAll(() => campaign.start(), 60_000);
  afterAll(() => campaign.stop());

  it('keeps every invariant under injected faults (fixed sample of seeds)', async () => {
    const totals = new CampaignTotals();
    for (const seed of campaignSeeds(1, 1)) totals.add(await campaign.run(seed));
    process.stdout.write(`${totals.report()}\n`);
    expect(totals.violations).toEqual([]);
    expect(totals.lost).toBe(0n);
    expect(totals.doubled).toBe(0n);
    expect(totals.faults.total).toBeGreaterThan(10);
    // The withdrawals' webhooks went through the SQS consumer, delivered twice and out of order.
    expect(totals.faults.counts.get('sqs-duplicate-delivery')).toBeGreaterThan(0);
  });

  it('sees a planted breach: a withdrawal paid a second time with the MASTER key outside the gateway', async () => {
    const result = await campaign.run(7, async (b, key) => {
      const list = (await b.wiring.deps.withdrawals.list(b.partnerId, { limit: 100 })).items;
      const paid = list.find((w) => w.status === 'CONFIRMED');
      if (!paid) throw new Error('no confirmed withdrawal to pay twice');
      // MASTER was emptied by the withdrawals: fund it (booked) so the second payment can go through.
      await b.fund(formatAmount(paid.amount, b.decimals));
      const provider = new JsonRpcProvider(b.chain.network.rpcUrl, undefined, { staticNetwork: true });
      try {
        const token = new Contract(
          b.chain.network.tokens.USDT.address,
          ['function transfer(address,uint256) returns (bool)'],
          new Wallet(key.privateKey, provider),
        );
        const tx = (await token.getFunction('transfer')(paid.address, paid.amount)) as {
          wait(): Promise<unknown>;
        };
        await tx.wait();
      } finally {
        provider.destroy();
      }
    });
    expect(result.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/FAULT_SEED=7.*paid \d+, expected/),
        expect.stringMatching(/not gapless/),
        expect.stringMatching(/MASTER custody .* ≠ chain/),
      ]),
    );
    expect(result.lost).toBeGreaterThan(0n);
  });
});
