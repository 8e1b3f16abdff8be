import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { freePort, portInUse } from '../../../scripts/local/ports';
import type { LocalStackFile } from '../../../scripts/local/stack-file';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoReconciliationReports } from '../../../shared/adapters/dynamodb/reconciliation-reports';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { networkRegistry } from '../../../shared/config/networks';
import { systemClock } from '../../../shared/ports/clock';
import { ConsoleClient } from '../../support/console-stack';

const ERC20 = [
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
  'function balanceOf(address) view returns (uint256)',
  'function transfer(address,uint256) returns (bool)',
];

/**
 * `npm start` as a user runs it: the whole stack comes up, `.local/stack.json` alone is enough to make a
 * signed call, Ctrl-C stops every process, and a second start finds the same data.
 */
describe('npm start (the local stack)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-start-'));
  let ports: { api: number; dynamo: number; bsc: number; polygon: number; tron: number; priceFeed: number };
  let child: ChildProcess | undefined;

  function start(): Promise<{ output: string; seconds: number }> {
    // The command `npm start` runs, in one process: the tsx CLI wrapper relays Ctrl-C to a child and
    // SIGKILLs it when the child is slow to acknowledge (30 ms, easily missed on a loaded machine), which
    // skipped the clean stop and exited 130.
    const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
      .scripts['start'];
    expect(script).toBe('node --import tsx scripts/local/start.ts');
    const t0 = Date.now();
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local/start.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        PORT: String(ports.api),
        DYNAMODB_PORT: String(ports.dynamo),
        BSC_RPC_PORT: String(ports.bsc),
        POLYGON_RPC_PORT: String(ports.polygon),
        TRON_RPC_PORT: String(ports.tron),
        PRICE_FEED_PORT: String(ports.priceFeed),
        LOCAL_DATA_DIR: dataDir,
        LOG_REQUESTS: '0',
        // scrypt at its production cost (N = 2^17) takes ~0.5 s per hash; the seed hashes and checks
        // three demo passwords per start. Tests lower it; `npm start` itself keeps the default.
        PASSWORD_SCRYPT_LOG_N: '12',
        TABLE_NAME: '',
        DYNAMODB_ENDPOINT: '',
        RPC_URL_BSC: '',
        RPC_URL_POLYGON: '',
        RPC_URL_TRON: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stack did not come up:\n${output}`)), 90_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Stablecoin gateway is up')) {
          clearTimeout(timer);
          resolve({ output, seconds: (Date.now() - t0) / 1000 });
        }
      };
      child?.stdout?.on('data', onData);
      child?.stderr?.on('data', onData);
      child?.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code}:\n${output}`));
      });
    });
  }

  async function stop(): Promise<number | null> {
    const proc = child;
    if (!proc || proc.exitCode !== null) return proc?.exitCode ?? null;
    proc.removeAllListeners('exit');
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGINT');
    return exited;
  }

  const stackFile = (): LocalStackFile =>
    JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as LocalStackFile;

  beforeAll(async () => {
    ports = {
      api: await freePort(),
      dynamo: await freePort(),
      bsc: await freePort(),
      polygon: await freePort(),
      tron: await freePort(),
      priceFeed: await freePort(),
    };
  });
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('comes up, serves a signed call from stack.json alone, stops on Ctrl-C and keeps its data across a restart', async () => {
    const first = await start();
    expect(first.output).toContain('.local/stack.json');
    const stack = stackFile();

    expect(stack.apiUrl).toBe(`http://localhost:${ports.api}`);
    expect(stack.consoleUrl).toBe(`http://localhost:${ports.api}/console/`);
    expect(stack.networks['BSC']?.tokens['USDT']?.decimals).toBe(18);
    expect(stack.networks['BSC']?.tokens['USDC']?.decimals).toBe(18);
    expect(stack.networks['POLYGON']?.tokens['USDT']?.decimals).toBe(6);
    expect(stack.networks['POLYGON']?.tokens['USDC']?.decimals).toBe(6);
    expect(stack.networks['TRON']).toMatchObject({
      rpcUrl: `http://127.0.0.1:${ports.tron}`,
      tokens: { USDT: { decimals: 6 } },
    });
    expect(stack.partners.map((p) => p.type).sort()).toEqual(['DISTRIBUTOR', 'MERCHANT', 'PLATFORM']);

    const merchant = stack.partners.find((p) => p.type === 'MERCHANT');
    if (!merchant) throw new Error('no merchant seeded');
    const client = createPartnerClient({
      apiUrl: stack.apiUrl,
      apiKey: merchant.apiKey,
      apiSecret: merchant.apiSecret,
    });
    const who = await client.get<{ partner: { id: string; code: string; type: string } }>('/v1/partner');
    expect(who.status).toBe(200);
    expect(who.body.partner).toMatchObject({ id: merchant.id, type: 'MERCHANT' });
    // Withdrawals are served, and the demo merchant may send to any valid address (seeded policy).
    const withdrawals = await client.get<{ withdrawals: unknown[] }>('/v1/withdrawals');
    expect([withdrawals.status, withdrawals.body.withdrawals]).toEqual([200, []]);
    const refused = await client.post<{ error: { code: string } }>(
      '/v1/withdrawals',
      { network: 'BSC', token: 'USDT', amount: '1', address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4' },
      { 'Idempotency-Key': 'npm-start-test' },
    );
    expect([refused.status, refused.body.error.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);

    // Console: one OWNER per demo partner with 2FA on; stack.json alone is enough to sign in.
    expect(first.output).toContain('How to sign in to the console');
    for (const p of stack.partners) {
      expect(p.consoleUsers).toEqual([
        {
          email: expect.stringMatching(/^owner@/),
          password: expect.any(String),
          totpSecret: expect.stringMatching(/^[A-Z2-7]{32}$/),
          role: 'OWNER',
        },
      ]);
      expect(first.output).toContain(p.consoleUsers[0]!.password);
    }
    const owner = merchant.consoleUsers[0]!;
    const browser = new ConsoleClient(stack.apiUrl);
    const signedIn = await browser.signIn(owner.email, owner.password, {
      totpSecret: owner.totpSecret,
      clock: systemClock,
    });
    expect(signedIn.body).toMatchObject({ status: 'SIGNED_IN' });
    expect((await browser.get<{ partner: { code: string } }>('/console/me')).body.partner.code).toBe(
      merchant.code,
    );
    // Mail goes to the local outbox: served at /dev/outbox and printed in the terminal.
    await browser.post('/console/auth/password/forgot', { email: owner.email });
    const outbox = (await (await fetch(`${stack.apiUrl}/dev/outbox.json`)).json()) as {
      messages: { to: string; kind: string; text: string }[];
    };
    expect(outbox.messages[0]).toMatchObject({ to: owner.email, kind: 'PASSWORD_RESET' });
    expect(outbox.messages[0]!.text).toContain(`${stack.apiUrl}/console/#/reset-password?token=tk_`);
    expect((await fetch(`${stack.apiUrl}/dev/outbox`)).headers.get('content-type')).toContain('text/html');

    for (const [path, type] of [
      ['/console/', 'text/html'],
      ['/openapi.json', 'application/json'],
      ['/docs', 'text/html'],
    ] as const) {
      const res = await fetch(`${stack.apiUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
    }

    // The chains hold the tokens with mainnet decimals and a funded faucet; send some to a fresh address.
    const bsc = stack.networks['BSC'];
    if (!bsc) throw new Error('no BSC');
    const network = new Network('bsc-local', bsc.chainId);
    const provider = new JsonRpcProvider(bsc.rpcUrl, network, { staticNetwork: network });
    const faucet = new Wallet(stack.faucet['BSC']?.privateKey as string, provider);
    const usdt = new Contract(bsc.tokens['USDT']?.address as string, ERC20, faucet);
    expect(await usdt.getFunction('symbol')()).toBe('USDT');
    const recipient = Wallet.createRandom().address;
    const amount = 1234567890123456789n; // 1.234567890123456789 USDT at 18 decimals
    const tx = await usdt.getFunction('transfer')(recipient, amount);
    await tx.wait();
    provider.destroy();

    // TRON: each demo partner's MASTER holds TRX for withdrawal fees, and the first reconciliation (run
    // once the seed's TRON fundings are booked) finds the ledger and the chain equal for TRX.
    const tronChain = TronChainGateway.connect({
      ...networkRegistry('local').TRON,
      rpcUrls: [stack.networks['TRON']?.rpcUrl as string],
    });
    const wallets = await client.get<{ wallets: { address: string }[] }>('/v1/wallets', {
      network: 'TRON',
      kind: 'MASTER',
    });
    const tronMaster = wallets.body.wallets[0]?.address;
    expect((await tronChain.account(tronMaster as string)).balanceSun).toBeGreaterThanOrEqual(100_000_000n);
    const db = createDocumentClient({
      region: 'us-east-1',
      endpoint: stack.dynamodbEndpoint,
      wrapNumbers: true,
    });
    const reports = new DynamoReconciliationReports(db, stack.tableName);
    let trx = await reports.latest('TRX@TRON');
    for (let waited = 0; !trx && waited < 90_000; waited += 1_000) {
      await new Promise((r) => setTimeout(r, 1_000));
      trx = await reports.latest('TRX@TRON');
    }
    expect(trx).toMatchObject({ status: 'OK', onChain: 'MATCHED', custodyDrifts: [] });
    db.destroy();

    expect(await stop()).toBe(0);
    for (const port of Object.values(ports)) expect(await portInUse(port)).toBe(false);

    const second = await start();
    expect(second.output).toContain('is up');
    const again = stackFile();
    expect(again.partners.find((p) => p.type === 'MERCHANT')).toMatchObject({
      id: merchant.id,
      apiKey: merchant.apiKey,
      consoleUsers: merchant.consoleUsers,
    });
    const browserAgain = new ConsoleClient(again.apiUrl);
    expect(
      (
        await browserAgain.signIn(owner.email, owner.password, {
          totpSecret: owner.totpSecret,
          clock: systemClock,
        })
      ).body,
    ).toMatchObject({ status: 'SIGNED_IN' });
    const whoAgain = await createPartnerClient({
      apiUrl: again.apiUrl,
      apiKey: merchant.apiKey,
      apiSecret: merchant.apiSecret,
    }).get<{
      partner: { id: string };
    }>('/v1/partner');
    expect(whoAgain).toMatchObject({ status: 200, body: { partner: { id: merchant.id } } });

    const provider2 = new JsonRpcProvider(bsc.rpcUrl, network, { staticNetwork: network });
    const usdt2 = new Contract(bsc.tokens['USDT']?.address as string, ERC20, provider2);
    expect(await usdt2.getFunction('balanceOf')(recipient)).toBe(amount);
    provider2.destroy();
    expect(await stop()).toBe(0);
  }, 240_000);
});
