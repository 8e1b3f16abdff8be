import { Wallet } from 'ethers';
import { createPartnerClient } from '../../clients/typescript/partner-client';
import { startLocalStack } from '../../tests/e2e/support/local-stack';
import { fundFromFaucet } from '../local/evm/local-chains';
import type { LocalEvmNetwork, LocalEvmNetworkCode } from '../local/evm/local-chains';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `npm run bench -- deposit-to-withdrawal [POLYGON|BSC]`: on a fresh `npm start` (its own ports and data),
 * a user of DEMO_SHOP deposits 25 USDT; as soon as the deposit is credited the partner withdraws all of
 * it (`MAX`). MASTER holds no USDT yet, so the withdrawal can only pay once that deposit is swept: the
 * number is how long "credited → withdrawal CONFIRMED" takes with the sweep-on-demand trigger, where
 * the scheduled sweep (every 5 minutes) used to decide it.
 */
export async function benchDepositToWithdrawal(args: string[]): Promise<void> {
  const network = (args[0] ?? 'POLYGON') as LocalEvmNetworkCode;
  const stack = await startLocalStack();
  try {
    const shop = stack.file.partners.find((p) => p.code === 'DEMO_SHOP');
    if (!shop) throw new Error('DEMO_SHOP missing from the stack file');
    const gw = createPartnerClient({
      apiUrl: stack.file.apiUrl,
      apiKey: shop.apiKey,
      apiSecret: shop.apiSecret,
    });
    const net = stack.file.networks[network];
    if (!net) throw new Error(`${network} missing from the stack file`);
    const chain: LocalEvmNetwork = {
      code: network,
      rpcUrl: net.rpcUrl,
      chainId: net.chainId,
      tokens: net.tokens as LocalEvmNetwork['tokens'],
    };
    const userId = `bench-${Date.now()}`;
    const address = (await gw.post<{ address: string }>('/v1/deposit-addresses', { userId, network })).body
      .address;
    const decimals = net.tokens['USDT']?.decimals ?? 6;
    const sentAt = Date.now();
    await fundFromFaucet(chain, 'USDT', address, 25n * 10n ** BigInt(decimals));

    let creditedAt = 0;
    for (let i = 0; i < 600 && !creditedAt; i += 1) {
      const page = await gw.get<{ deposits: { status: string }[] }>(`/v1/deposits?userId=${userId}`);
      if (page.body.deposits?.some((d) => d.status === 'CONFIRMED')) creditedAt = Date.now();
      else await sleep(250);
    }
    if (!creditedAt) throw new Error('the deposit was not credited within 150 s');

    const request = await gw.post<{ withdrawal: { code: string } }>(
      '/v1/withdrawals',
      { network, token: 'USDT', amount: 'MAX', address: Wallet.createRandom().address },
      { 'Idempotency-Key': `bench-${userId}` },
    );
    if (request.status >= 300) throw new Error(`withdrawal refused: ${JSON.stringify(request.body)}`);
    const code = request.body.withdrawal.code;
    let confirmedAt = 0;
    let status = '';
    for (let i = 0; i < 1200 && !confirmedAt; i += 1) {
      status = (await gw.get<{ withdrawal: { status: string } }>(`/v1/withdrawals/${code}`)).body.withdrawal
        .status;
      if (status === 'CONFIRMED') confirmedAt = Date.now();
      else if (['FAILED', 'REJECTED', 'CANCELLED'].includes(status))
        throw new Error(`withdrawal ended ${status}`);
      else await sleep(250);
    }
    if (!confirmedAt) throw new Error(`the withdrawal was still ${status} after 300 s`);
    process.stdout.write(
      `deposit-to-withdrawal (${network}, npm start): deposit sent → credited ${((creditedAt - sentAt) / 1000).toFixed(1)} s; ` +
        `credited → withdrawal of the same funds CONFIRMED ${((confirmedAt - creditedAt) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await stack.stop();
  }
}
