import { parseArgs } from 'node:util';
import { Wallet } from 'ethers';
import { buildDeps } from '../../shared/composition/gateway';
import { buildDepositDeps } from '../../shared/composition/deposits';
import { buildWithdrawalWiring, workflowTimings } from '../../shared/composition/withdrawals';
import { EvmSweepChain } from '../../shared/adapters/evm/sweep-chain';
import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../shared/adapters/local/local-withdrawal-workflow';
import { createPartner, createPlatform } from '../../shared/app/partners/manage-partners';
import { requestWithdrawal } from '../../shared/app/withdrawals/request-withdrawal';
import { getConfig, resetConfig } from '../../shared/config/config';
import { LOCAL_CHAIN_IDS, networkRegistry } from '../../shared/config/networks';
import { accounts } from '../../shared/domain/ledger/accounts';
import { startAnvil } from '../local/evm/anvil';
import { compileTestStablecoin } from '../local/evm/compile-contracts';
import { deployLocalTokens } from '../local/evm/deploy-tokens';
import { fundFromFaucet, mineBlocks, sendNativeFromFaucet } from '../local/evm/local-chains';
import type { LocalEvmNetwork } from '../local/evm/local-chains';
import { percentile, withBenchTable } from './bench-support';

/**
 * `npm run bench -- withdrawals [--count 60 --block-ms 250]`
 *
 * The whole local pipeline: requests through the use-case the API calls (hold in the ledger), the real
 * state-machine definition run by aws-local-stepfunctions, nonces from the DynamoDB sequencer, digest
 * signing through the signer port (the KMS code path, with a local key), broadcast and tracking to
 * finality on anvil (a block every `--block-ms`), ledger post. Prints withdrawals per minute,
 * request → CONFIRMED latency, signatures (KMS Sign calls) and RPC calls per withdrawal.
 */
export async function benchWithdrawals(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { count: { type: 'string', default: '60' }, 'block-ms': { type: 'string', default: '250' } },
  });
  const count = Number(values.count);
  const blockMs = Number(values['block-ms']);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const artifact = await compileTestStablecoin('.local/cache');
  const node = await startAnvil({ port: 0, chainId: LOCAL_CHAIN_IDS.POLYGON, name: 'bench-withdrawals' });
  let miner: NodeJS.Timeout | undefined;
  try {
    const deployed = await deployLocalTokens({ rpcUrl: node.rpcUrl, network: 'POLYGON', artifact });
    const network: LocalEvmNetwork = {
      code: 'POLYGON',
      rpcUrl: node.rpcUrl,
      chainId: node.chainId,
      tokens: {
        USDT: { address: deployed.USDT.address, decimals: deployed.USDT.decimals },
        USDC: { address: deployed.USDC.address, decimals: deployed.USDC.decimals },
      },
    };
    await withBenchTable('withdrawals', async () => {
      resetConfig();
      const base0 = getConfig();
      const chainConfig = { ...networkRegistry('local').POLYGON, rpcUrls: [node.rpcUrl] };
      const config = { ...base0, networks: { ...base0.networks, POLYGON: chainConfig } };
      const base = buildDeps(config);
      const deposits = buildDepositDeps(base);
      const chain = EvmSweepChain.connect(chainConfig);
      let workflow!: LocalWithdrawalWorkflow;
      const wiring = buildWithdrawalWiring(deposits, {
        chains: { POLYGON: chain },
        webhooks: { publish: async () => undefined },
        workflow: (runTask) => {
          workflow = new LocalWithdrawalWorkflow({
            definition: loadWithdrawalDefinition({
              WithdrawalTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
            }),
            runTask,
            timings: workflowTimings(config),
            waitMs: blockMs,
            retryIntervalMs: 50,
          });
          return workflow;
        },
      });
      const operator = { type: 'OPERATOR' as const, id: 'bench' };
      await createPlatform(base, operator, { code: 'PLATFORM', name: 'Platform' });
      const shop = await createPartner(base, operator, {
        code: 'SHOP',
        name: 'Shop',
        type: 'MERCHANT',
        parentCode: 'PLATFORM',
      });
      await wiring.deps.settings.put(shop.id, {
        addressMode: 'MANUAL_ADDRESS',
        approval: { mode: 'AUTO', thresholdUsdt: 0n },
      });
      const master = await wiring.deps.masterWallet(shop.id, 'POLYGON');
      const each = 1_000_000n; // 1 USDT (6 decimals)
      await base.ledger.post({
        id: 'bench:funding',
        kind: 'POSTED',
        reason: 'DEPOSIT',
        cause: { type: 'deposit', id: 'bench' },
        postings: [
          {
            debit: accounts.custody(shop.id, 'MASTER', 'USDT@POLYGON'),
            credit: accounts.partnerAvailable(shop.id, 'USDT@POLYGON'),
            amount: each * BigInt(count),
          },
        ],
        effectiveAt: new Date().toISOString(),
      });
      await fundFromFaucet(network, 'USDT', master.address, each * BigInt(count));
      await sendNativeFromFaucet(network, master.address, 10n ** 20n);
      miner = setInterval(() => void mineBlocks(node.rpcUrl, 1).catch(() => undefined), blockMs);
      chain.meter?.reset();

      say(
        `\nwithdrawals benchmark — ${count} auto-approved USDT withdrawals, anvil block every ${blockMs} ms, finality 3 blocks`,
      );
      const started = performance.now();
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const t0 = performance.now();
          const { withdrawal } = await requestWithdrawal(
            wiring.deps,
            {
              partnerId: shop.id,
              requester: { kind: 'apiKey', id: 'bench' },
              type: 'API',
              idempotencyKey: `bench-${i}`,
            },
            { network: 'POLYGON', token: 'USDT', amount: '1', address: Wallet.createRandom().address },
          );
          const execution = workflow.execution(shop.id, withdrawal.code);
          await execution?.result;
          const final = await wiring.deps.withdrawals.get(shop.id, withdrawal.code);
          if (final?.status !== 'CONFIRMED') throw new Error(`${withdrawal.code} ended ${final?.status}`);
          latencies.push(performance.now() - t0);
        }),
      );
      const elapsedMs = performance.now() - started;
      const usage = chain.meter?.snapshot();
      const signs = await wiring.signCalls();
      latencies.sort((a, b) => a - b);
      say(
        `confirmed: ${count} in ${(elapsedMs / 1000).toFixed(1)} s → ${((count / elapsedMs) * 60_000).toFixed(0)} withdrawals/minute`,
      );
      say(
        `request → CONFIRMED: p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s, p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s, max ${((latencies.at(-1) ?? 0) / 1000).toFixed(2)} s`,
      );
      say(`signatures (KMS Sign calls on AWS): ${signs} → ${(signs / count).toFixed(2)} per withdrawal`);
      if (usage) {
        say(`RPC calls: ${usage.calls} → ${(usage.calls / count).toFixed(1)} per withdrawal`);
        const top = Object.entries(usage.byMethod).sort((a, b) => b[1] - a[1]);
        say(`  by method: ${top.map(([m, n]) => `${m} ${(n / count).toFixed(1)}`).join(', ')}`);
      }
      workflow.stopAll();
      chain.close();
    });
  } finally {
    if (miner) clearInterval(miner);
    await node.stop();
  }
}
