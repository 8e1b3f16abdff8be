import { parseArgs } from 'node:util';
import { EvmCampaign } from '../../tests/integration/faults/evm-campaign';
import { KmsCampaign } from '../../tests/integration/faults/kms-campaign';
import { TronCampaign } from '../../tests/integration/faults/tron-campaign';
import { CampaignTotals } from '../../tests/support/faults/invariants';
import type { ScenarioResult } from '../../tests/support/faults/invariants';
import { campaignSeeds } from '../../tests/support/faults/seeded';
import { withBenchTable } from './bench-support';

/**
 * `npm run bench -- faults [--evm 10 --tron 10 --kms 10 --first 1 --max-lag 2]`; `FAULT_SEED=<seed>` with `--tron 0
 * --kms 0` (say) re-runs one EVM scenario
 *
 * The whole fault campaign (tests/integration/faults runs a fixed sample of it): EVM deposits, sweeps
 * and withdrawals behind a faulty JSON-RPC proxy; TRON deposits, sweeps and withdrawals (MASTER's
 * energy served by the sweep process) through forks and a faulty energy provider; withdrawals signed
 * by a throttled, failing KMS — all on DynamoDB Local with a faulty
 * client, crashes at step boundaries and duplicate invocations, seeded. Each chain's scenarios run in
 * turn on a chain of their own; the three chains run side by side. Prints faults injected by kind,
 * scenarios, invariant violations (each with the seed that reproduces it) and money lost / doubled.
 */
export async function benchFaults(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      evm: { type: 'string', default: '10' },
      tron: { type: 'string', default: '10' },
      kms: { type: 'string', default: '10' },
      first: { type: 'string', default: '1' },
      'max-lag': { type: 'string', default: '2' },
    },
  });
  const first = Number(values.first);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  await withBenchTable(
    'faults',
    async () => {
      const started = Date.now();
      const campaigns = [
        {
          name: 'evm',
          campaign: new EvmCampaign({ maxLag: Number(values['max-lag']) }),
          seeds: campaignSeeds(first, Number(values.evm)),
        },
        { name: 'tron', campaign: new TronCampaign(), seeds: campaignSeeds(first, Number(values.tron)) },
        { name: 'kms', campaign: new KmsCampaign(), seeds: campaignSeeds(first, Number(values.kms)) },
      ].filter((c) => c.seeds.length > 0);
      const totals = new CampaignTotals();
      const byCampaign = new Map<string, CampaignTotals>();
      await Promise.all(
        campaigns.map(async ({ name, campaign, seeds }) => {
          const mine = new CampaignTotals();
          byCampaign.set(name, mine);
          await campaign.start();
          try {
            for (const seed of seeds) {
              const r: ScenarioResult = await campaign.run(seed);
              mine.add(r);
              totals.add(r);
              say(
                `${name} seed ${seed}: ${r.faults.total} faults, ${r.violations.length} violations` +
                  (r.violations.length ? `\n  ${r.violations.join('\n  ')}` : ''),
              );
            }
          } finally {
            await campaign.stop();
          }
        }),
      );
      say('');
      for (const [name, t] of byCampaign)
        say(`${name}: ${t.scenarios} scenarios, ${t.faults.total} faults, ${t.violations.length} violations`);
      say(`\nfault campaign (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      say(totals.report());
    },
    { AWS_REGION: 'us-east-1' },
  );
}
