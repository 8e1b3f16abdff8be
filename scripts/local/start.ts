/**
 * `npm start`: the whole gateway on one machine, no AWS account, no internet. DynamoDB Local (data in
 * .local/dynamodb), two local EVM chains standing in for BSC and Polygon (state in .local/chains), the
 * API on http://localhost:3000 behind the same Lambda authorizer, the partner console (console/dist, built
 * when missing or stale), the OpenAPI document and docs, and the schedule table run locally. Ctrl-C stops everything; a restart reuses data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local';
import { sendNativeFromFaucet, startLocalEvmChains } from './evm/local-chains';
import { createLocalApiServer } from './api-server';
import { ensureConsoleBuilt } from './console-build';
import { invokeFunction } from './lambda-runtime';
import { startLocalScheduler } from './scheduler';
import { seedDemo } from './seed';
import { seedDemoFees } from './seed-fees';
import { serveStatic } from './static/static-routes';
import { serveDevOutbox, watchOutbox } from './static/dev-outbox';
import { portInUse } from './ports';
import type { LocalStackFile } from './stack-file';
import { LOCAL_RPC_PORTS, LOCAL_TRON_PORT } from '../../shared/config/networks';
import { LOCAL_PRICE_FEED_PORT, startPriceFeedStandIn } from './prices/price-feed-stand-in';
import { LOCAL_RENTAL_API_KEY, startLocalTron } from './tron/local-tron';
import { LOCAL_S3_PORT, startLocalS3 } from './s3/local-s3';

const root = process.cwd();
const dataDir = resolve(root, process.env['LOCAL_DATA_DIR'] ?? '.local');
const apiPort = Number(process.env['PORT'] ?? 3000);
const dynamoPort = Number(process.env['DYNAMODB_PORT'] ?? 8000);
const chainPorts = {
  BSC: Number(process.env['BSC_RPC_PORT'] ?? LOCAL_RPC_PORTS.BSC),
  POLYGON: Number(process.env['POLYGON_RPC_PORT'] ?? LOCAL_RPC_PORTS.POLYGON),
};
const tronPort = Number(process.env['TRON_RPC_PORT'] ?? LOCAL_TRON_PORT);
const priceFeedPort = Number(process.env['PRICE_FEED_PORT'] ?? LOCAL_PRICE_FEED_PORT);
const s3Port = Number(process.env['S3_PORT'] ?? LOCAL_S3_PORT);
const tableName = 'gateway-local';
/** Native coin the local gas tanks (sweep relayers) are filled to when they fall below half of it. */
const LOCAL_GAS_TANK_FUNDING = 1_000n * 10n ** 18n;
/** TRX (sun) each demo partner's TRON MASTER is filled to: ten withdrawals at the 100 TRX fee limit. */
const LOCAL_TRON_MASTER_FUNDING = 1_000n * 1_000_000n;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const t0 = Date.now();
  mkdirSync(dataDir, { recursive: true });
  for (const [what, port] of [
    ['API', apiPort],
    ['DynamoDB Local', dynamoPort],
    ['Local BSC', chainPorts.BSC],
    ['Local Polygon', chainPorts.POLYGON],
    ['Local TRON', tronPort],
    ['Price stand-in', priceFeedPort],
    ['S3 twin', s3Port],
  ] as const) {
    if (await portInUse(port))
      throw new Error(`${what} port ${port} is in use (is another npm start running?)`);
  }
  const stoppers: (() => Promise<void> | void)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping…');
    for (const stop of stoppers.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    // The console build (when missing or stale) runs while the emulators start.
    const consoleBuilt = ensureConsoleBuilt(root, say);
    void consoleBuilt.catch(() => undefined); // awaited before serving; failing early must not crash first
    say('Starting DynamoDB Local and the local chains…');
    const [dynamo, chains, tron, priceFeed, s3] = await Promise.all([
      startDynamoDbLocal({
        port: dynamoPort,
        dbPath: resolve(dataDir, 'dynamodb'),
        logFile: resolve(dataDir, 'dynamodb.log'),
      }),
      startLocalEvmChains({
        dataDir: resolve(dataDir, 'chains'),
        ports: chainPorts,
        cacheDir: resolve(dataDir, 'cache'),
        logDir: dataDir,
        mining: 'interval',
        blockTimeSeconds: 1,
      }),
      // The TRON node stand-in (scripts/local/tron): a block a second, state in .local/chains/tron-state.json.
      startLocalTron({
        port: tronPort,
        blockTimeMs: 1_000,
        statePath: resolve(dataDir, 'chains', 'tron-state.json'),
      }),
      // The coin price source's stand-in (CoinGecko's simple-price API; prices set with `npm run cli -- prices set`).
      startPriceFeedStandIn({ port: priceFeedPort }),
      // The documents bucket's twin (s3rver): invoice PDFs/CSVs and exports in .local/s3, bucket created here.
      startLocalS3({ port: s3Port, directory: resolve(dataDir, 's3') }),
    ]);
    stoppers.push(
      () => dynamo.stop(),
      () => chains.stop(),
      () => tron.stop(),
      () => priceFeed.stop(),
      () => s3.stop(),
    );
    await ensureTable(dynamo.endpoint, tableName);

    // The handlers read their configuration from the environment, exactly as on Lambda.
    Object.assign(process.env, {
      APP_ENV: 'local',
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      KEY_VAULT: 'local-file',
      LOCAL_KEY_FILE: resolve(dataDir, 'master.key'),
      RPC_URL_BSC: chains.networks.BSC.rpcUrl,
      RPC_URL_POLYGON: chains.networks.POLYGON.rpcUrl,
      RPC_URL_TRON: tron.url,
      // The stand-in's fake energy-rental provider (switch it off with POST /admin/rental {"fail": true}).
      TRON_ENERGY_RENTAL_URL: `${tron.url}/rental`,
      TRON_ENERGY_RENTAL_API_KEY: LOCAL_RENTAL_API_KEY,
      COIN_PRICE_FEED_URL: priceFeed.feedUrl,
      // Only the endpoint differs from AWS: the same S3 client, bucket calls and pre-signed URLs.
      DOCUMENTS_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'WARN',
      // Links in emails point at this console; the local server is plain http, cookies stay Secure
      // (browsers accept Secure cookies from http://localhost).
      CONSOLE_URL: `http://localhost:${apiPort}/console/`,
      EMAIL_TRANSPORT: 'outbox',
      // Withdrawals on 1 s local blocks: poll the chain every 2 s, check an unfunded MASTER again every 10 s.
      WITHDRAWAL_POLL_SECONDS: process.env['WITHDRAWAL_POLL_SECONDS'] ?? '2',
      WITHDRAWAL_FUNDS_RETRY_SECONDS: process.env['WITHDRAWAL_FUNDS_RETRY_SECONDS'] ?? '10',
      // A withdrawal waiting for MASTER funds sweeps its partner's credited deposits at once, in-process.
      SWEEP_TRIGGER: process.env['SWEEP_TRIGGER'] ?? 'local',
    });
    const { getDeps } = await import('../../shared/composition/gateway');
    // Sweeps: each chain's gas tank (the relayer paying sweep gas) gets native coin from the faucet when
    // low, recorded in the ledger (world → its custody) once final; runs while the demo is seeded.
    const { getSweepWiring } = await import('../../shared/composition/sweeps');
    const { ensureGasTankFunded } = await import('../../shared/app/sweeps/gas-tank-funding');
    const gasTanks = Promise.all(
      (['BSC', 'POLYGON'] as const).map(async (code) => ({
        code,
        ...(await ensureGasTankFunded(
          { ...getSweepWiring().funding(code), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
          {
            minimum: LOCAL_GAS_TANK_FUNDING / 2n,
            target: LOCAL_GAS_TANK_FUNDING,
            fund: async (to, amount) => (await sendNativeFromFaucet(chains.networks[code], to, amount)).hash,
            pollMs: 500,
            waitForFinalityMs: 30_000,
          },
        )),
      })),
    );
    void gasTanks.catch(() => undefined); // awaited below; failing early must not crash the process first
    // TRON's gas tank also stakes TRX for energy; its funding is booked once solidified (~20 s), in the background.
    const { getTronSweepWiring } = await import('../../shared/composition/tron-sweeps');
    const { ensureTronGasTank } = await import('./tron/tron-gas-tank');
    const tronGasTank = (async () =>
      ensureTronGasTank({
        chain: getTronSweepWiring().chain,
        tank: await getTronSweepWiring().gasTank(),
        faucet: tron.faucet,
        ledger: getDeps().ledger,
        target: 100_000n * 1_000_000n,
        stake: 60_000n * 1_000_000n,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        waitForFinalityMs: 60_000,
      }))().then(
      (t) =>
        say(
          `  Gas tank TRON     ${t.address}${t.funded > 0n ? ' (funded from the faucet, TRX staked for energy)' : ''}`,
        ),
      (e: unknown) => say(`  TRON gas tank: ${(e as Error).message}`),
    );
    const partners = await seedDemo(getDeps(), resolve(dataDir, 'seed-secrets.json'));
    const { getDepositDeps } = await import('../../shared/composition/deposits');
    await seedDemoFees(
      { partners: getDeps().partners, fees: getDepositDeps().fees },
      new Date().toISOString(),
    );
    // Withdrawals: demo policy, MASTER gas, and executions back for withdrawals a previous run left open.
    // Their executions run on the local state machine runner, each task an invocation of withdrawalTask.
    const { useLocalWithdrawalRunner, stopLocalWithdrawalRunner } = await import('./local-withdrawal-runner');
    useLocalWithdrawalRunner();
    stoppers.push(async () => stopLocalWithdrawalRunner());
    const { getWithdrawalWiring } = await import('../../shared/composition/withdrawals');
    const { seedDemoWithdrawals } = await import('./seed-withdrawals');
    const withdrawals = await seedDemoWithdrawals(getWithdrawalWiring(), partners, chains.networks, (code) =>
      getSweepWiring().funding(code),
    );
    if (withdrawals.resumed > 0)
      say(`  Withdrawals: resumed ${withdrawals.resumed} unfinished from the last run`);
    // Each TRON MASTER gets TRX for its withdrawals' energy and bandwidth, booked once solidified (background).
    const { ensureTronMastersFunded } = await import('./tron/tron-gas-tank');
    const tronMasters = (async () =>
      ensureTronMastersFunded({
        chain: getTronSweepWiring().chain,
        faucet: tron.faucet,
        ledger: getDeps().ledger,
        masters: await Promise.all(
          partners.map(async (p) => ({
            partnerId: p.id,
            address: (await getWithdrawalWiring().deps.masterWallet(p.id, 'TRON')).address,
          })),
        ),
        target: LOCAL_TRON_MASTER_FUNDING,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        waitForFinalityMs: 60_000,
      }))().then(
      (t) =>
        t.funded > 0 && say(`  TRON MASTER wallets: ${t.funded} funded with TRX from the faucet (booked)`),
      (e: unknown) => say(`  TRON MASTER funding: ${(e as Error).message}`),
    );

    const apiUrl = `http://localhost:${apiPort}`;
    const { DynamoEmailOutbox } = await import('../../shared/adapters/dynamodb/email-outbox');
    const outbox = new DynamoEmailOutbox(getDeps().db, tableName, getDeps().config.email.from);
    await consoleBuilt;
    const server = createLocalApiServer({
      fallback: async (req) => (await serveDevOutbox(req, outbox)) ?? serveStatic(req, { apiUrl }),
      log: process.env['LOG_REQUESTS'] === '0' ? undefined : (line) => say(`  ${line}`),
      logError: (line) => say(`  ${line}`),
    });
    await new Promise<void>((res, rej) => server.once('error', rej).listen(apiPort, '0.0.0.0', () => res()));
    stoppers.push(() => new Promise<void>((res) => server.close(() => res())));

    for (const tank of await gasTanks) {
      say(
        `  Gas tank ${tank.code.padEnd(8)} ${tank.address}${tank.funded > 0n ? ' (funded from the faucet)' : ''}`,
      );
    }
    // The reconciliation starts once the seed's TRON fundings are booked (they solidify ~20 s after
    // sending); run earlier, it would report the funded TRX as drift against an empty ledger.
    const scheduler = startLocalScheduler(invokeFunction, {
      log: (line) => say(`  [scheduler] ${line}`),
      startAfter: { 'reconcile-ledger': Promise.all([tronGasTank, tronMasters]) },
    });
    stoppers.push(() => scheduler.stop());

    // Webhooks: the local stand-in for the SQS event source pumps the DynamoDB-backed webhook queue into
    // the same consumer Lambda (catalog `deliverWebhooks`); pending deliveries survive a restart.
    const { startLocalWebhookWorker } = await import('../../shared/adapters/local/local-webhook-queue');
    const webhookWorker = startLocalWebhookWorker(
      getDeps(),
      (event) => invokeFunction('deliverWebhooks', event),
      (e) => say(`  [webhooks] ${(e as Error).message}`),
    );
    stoppers.push(() => webhookWorker.stop());
    // The transactional outbox: DynamoDB Local's real table stream, read as Lambda's stream event source
    // would (same filter, partial batch responses), into the same relay Lambda (catalog `relayOutbox`).
    const { startLocalOutboxRelay } = await import('../../shared/adapters/local/local-outbox-relay');
    const outboxRelay = startLocalOutboxRelay(
      { endpoint: dynamo.endpoint, tableName },
      (event) => invokeFunction('relayOutbox', event),
      (message) => say(`  [outbox] ${message}`),
    );
    stoppers.push(() => outboxRelay.stop());
    stoppers.push(watchOutbox(outbox, say));

    const stack: LocalStackFile = {
      apiUrl,
      consoleUrl: `${apiUrl}/console/`,
      docsUrl: `${apiUrl}/docs`,
      openApiUrl: `${apiUrl}/openapi.json`,
      dynamodbEndpoint: dynamo.endpoint,
      tableName,
      priceFeedUrl: priceFeed.url,
      s3: { endpoint: s3.endpoint, bucket: s3.bucket },
      networks: {
        ...chains.networks,
        TRON: { rpcUrl: tron.url, chainId: 0, tokens: { USDT: { address: tron.tokens.USDT, decimals: 6 } } },
      },
      faucet: { ...chains.faucet, TRON: tron.faucet },
      partners: partners.map((p) => ({
        code: p.code,
        id: p.id,
        name: p.name,
        type: p.type,
        apiKey: p.apiKey,
        apiSecret: p.apiSecret,
        consoleUsers: p.consoleUsers.map((u) => ({ ...u })),
      })),
    };
    writeFileSync(resolve(dataDir, 'stack.json'), JSON.stringify(stack, null, 2), { mode: 0o600 });
    const merchant = stack.partners.find((p) => p.type === 'MERCHANT');
    const signInGuide = stack.partners
      .flatMap((p) => p.consoleUsers.map((u) => `  ${p.code.padEnd(10)} ${u.email.padEnd(28)} ${u.password}`))
      .join('\n');
    say(`
Stablecoin gateway is up in ${((Date.now() - t0) / 1000).toFixed(1)} s.

  API          ${apiUrl}            (signed: X-Api-Key, X-Timestamp, X-Signature-Version, X-Nonce, X-Signature)
  API docs     ${apiUrl}/docs       OpenAPI: ${apiUrl}/openapi.json
  Console      ${apiUrl}/console/   (console API under ${apiUrl}/api/console/…)
  Outbox       ${apiUrl}/dev/outbox (email the stack sends: resets, invitations; also printed here)
  BSC (local)  ${chains.networks.BSC.rpcUrl}  chain id ${chains.networks.BSC.chainId}
  Polygon      ${chains.networks.POLYGON.rpcUrl}  chain id ${chains.networks.POLYGON.chainId}
  TRON (local) ${tron.url}  node stand-in: /wallet/*, /walletsolidity/*, faucet and forks under /admin/*
  Prices       ${priceFeed.url}  coin price stand-in (CoinGecko format): npm run cli -- prices set --coin BNB --usd 612.5
  DynamoDB     ${dynamo.endpoint}   table ${tableName}
  S3 (local)   ${s3.endpoint}  bucket ${s3.bucket} (finance documents, data in .local/s3)

Everything a client needs (API keys and secrets, token addresses, faucet keys, console users) is in .local/stack.json.

How to sign in to the console: one OWNER per demo partner, 2FA on (email, password below; the 6-digit
code comes from the TOTP secret in .local/stack.json — add it to an authenticator app, or run
npm run cli -- totp --partner CODE):
${signInGuide}

Try it:
  npm run cli -- call GET /v1/partner --partner ${merchant?.code ?? 'DEMO_SHOP'}
  npm run cli -- partner list
Press Ctrl-C to stop; data in .local/ survives a restart.`);
  } catch (e) {
    say(`Start-up failed: ${(e as Error).message}`);
    await stopAll(1);
  }
}

void main();
