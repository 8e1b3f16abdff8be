/**
 * Operator CLI: `npm run cli -- <command>`. Against the local stack it reads .local/stack.json; against
 * AWS set APP_ENV, TABLE_NAME, KEY_VAULT=kms and KMS_DATA_KEY_ID (and AWS credentials) in the environment.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createPartnerClient } from '../clients/typescript/partner-client';
import { DEPOSIT_USAGE } from './cli-deposits';
import { readStackFile } from './local/stack-file';
import { CONSOLE_USAGE } from './cli-console';
import { INVOICES_USAGE } from './cli-invoices';
import { EXPORTS_USAGE } from './cli-exports';
import { LOCAL_DOCUMENTS_BUCKET, LOCAL_S3_PORT } from './local/s3/local-s3';

const USAGE = `Usage: npm run cli -- <command> [options]

  partner create --code CODE --name NAME --type DISTRIBUTOR|MERCHANT --parent PARENT_CODE
  partner list                      the partner tree under the platform
  partner suspend --code CODE       refuse the partner's API calls (reinstate to undo)
  partner reinstate --code CODE
  apikey create --partner CODE --name NAME [--ip 203.0.113.7,10.0.0.0/24]   prints the secret ONCE
  apikey list --partner CODE
  apikey revoke --partner CODE --key KEY_ID
  audit --partner CODE [--limit 20]
  call METHOD PATH --partner CODE [--body JSON] [--idempotency-key KEY]
                                    a signed API call with the local demo keys (money-moving POSTs need a key)
  prices show                       the kept USD prices of BNB, POL and TRX (gas records' USD values)
  prices refresh                    ask the price feed now (the schedule does every 5 minutes)
  prices set --coin BNB --usd 612.5 [--at ISO]   local stack: what the price stand-in serves
  migrate list-indexes [--limit 500]   backfill the list indexes on items written before them (ADR 0030);
                                    idempotent and resumable, run once after the deploy that adds GSI4${DEPOSIT_USAGE}${CONSOLE_USAGE}${INVOICES_USAGE}${EXPORTS_USAGE}`;

const OPERATOR = { type: 'OPERATOR' as const, id: process.env['USER'] ?? 'operator' };

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      code: { type: 'string' },
      name: { type: 'string' },
      type: { type: 'string' },
      parent: { type: 'string' },
      partner: { type: 'string' },
      key: { type: 'string' },
      ip: { type: 'string' },
      limit: { type: 'string' },
      body: { type: 'string' },
      'idempotency-key': { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      network: { type: 'string' },
      user: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'min-fee': { type: 'string' },
      'parent-fee': { type: 'string' },
      'max-cap': { type: 'string' },
      'deposit-fee': { type: 'string' },
      coin: { type: 'string' },
      usd: { type: 'string' },
      at: { type: 'string' },
      month: { type: 'string' },
      reason: { type: 'string' },
      amount: { type: 'string' },
      reference: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) return void process.stdout.write(`${USAGE}\n`);

  const stack = readStackFile();
  if (stack && (process.env['APP_ENV'] ?? 'local') === 'local') {
    process.env['DYNAMODB_ENDPOINT'] ??= stack.dynamodbEndpoint;
    process.env['TABLE_NAME'] ??= stack.tableName;
    process.env['LOCAL_KEY_FILE'] ??= resolve(process.cwd(), '.local/master.key');
    if (stack.priceFeedUrl) process.env['COIN_PRICE_FEED_URL'] ??= `${stack.priceFeedUrl}/api/v3`;
    // The local S3 twin npm start runs (its port is fixed unless S3_PORT moved it).
    process.env['DOCUMENTS_BUCKET'] ??= LOCAL_DOCUMENTS_BUCKET;
    process.env['S3_ENDPOINT'] ??= `http://127.0.0.1:${process.env['S3_PORT'] ?? LOCAL_S3_PORT}`;
    process.env['S3_FORCE_PATH_STYLE'] ??= 'true';
  }
  process.env['LOG_LEVEL'] ??= 'ERROR';
  const [area, verb, ...rest] = positionals;

  if (area === 'call') {
    const method = verb?.toUpperCase();
    const path = rest[0];
    if (!method || !path) fail('call needs METHOD and PATH');
    if (!stack) fail('call needs a running local stack (.local/stack.json)');
    const partner = stack.partners.find((p) => p.code === (values.partner ?? 'DEMO_SHOP'));
    if (!partner) fail(`No demo partner ${values.partner} in .local/stack.json`);
    const [pathname, query] = path.split('?');
    const client = createPartnerClient({
      apiUrl: stack.apiUrl,
      apiKey: partner.apiKey,
      apiSecret: partner.apiSecret,
    });
    const res = await client.request(method, pathname as string, {
      ...(query ? { query: Object.fromEntries(new URLSearchParams(query)) } : {}),
      ...(values.body ? { body: JSON.parse(values.body) as unknown } : {}),
      ...(values['idempotency-key'] ? { headers: { 'Idempotency-Key': values['idempotency-key'] } } : {}),
    });
    process.stdout.write(`HTTP ${res.status}\n${JSON.stringify(res.body, null, 2)}\n`);
    return;
  }

  if (area === 'prices' && verb === 'set') {
    if (!stack?.priceFeedUrl) fail('prices set needs a running local stack (.local/stack.json)');
    if (!values.coin || !values.usd) fail('prices set needs --coin and --usd');
    const res = await fetch(`${stack.priceFeedUrl}/admin/prices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ [values.coin]: { usd: values.usd, ...(values.at ? { at: values.at } : {}) } }),
    });
    process.stdout.write(`HTTP ${res.status} ${await res.text()}\n`);
    if (!res.ok) process.exit(1);
    process.stdout.write('The stand-in serves it now; `npm run cli -- prices refresh` keeps it at once.\n');
    return;
  }

  const { getDeps } = await import('../shared/composition/gateway');
  const admin = await import('../shared/app/partners/manage-partners');
  const deps = getDeps();
  const partnerByCode = async (code: string | undefined) => {
    if (!code) fail('--partner CODE is required');
    const p = await deps.partners.getByCode(code);
    if (!p) fail(`Partner ${code} not found`);
    return p;
  };
  const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

  switch (`${area} ${verb}`) {
    case 'partner create':
      return print(
        await admin.createPartner(deps, OPERATOR, {
          code: values.code,
          name: values.name,
          type: values.type,
          parentCode: values.parent,
        }),
      );
    case 'partner list': {
      const platform = await deps.partners.getByCode(values.code ?? 'PLATFORM');
      if (!platform) fail('No platform partner; run npm start once or create one');
      const walk = async (id: string, indent: string): Promise<void> => {
        for (const child of await deps.partners.listChildren(id)) {
          process.stdout.write(`${indent}${child.code}  ${child.type}  ${child.status}  ${child.id}\n`);
          await walk(child.id, `${indent}  `);
        }
      };
      process.stdout.write(`${platform.code}  ${platform.type}  ${platform.status}  ${platform.id}\n`);
      return walk(platform.id, '  ');
    }
    case 'partner suspend':
    case 'partner reinstate':
      return print(
        await admin.changePartnerStatus(
          deps,
          OPERATOR,
          values.code ?? fail('--code is required'),
          verb === 'suspend' ? 'SUSPEND' : 'REINSTATE',
        ),
      );
    case 'apikey create': {
      const partner = await partnerByCode(values.partner);
      const issued = await admin.issueApiKey(deps, OPERATOR, {
        partnerId: partner.id,
        name: values.name ?? 'API key',
        ipAllowlist: values.ip ? values.ip.split(',').map((s) => s.trim()) : [],
      });
      print(issued.apiKey);
      process.stdout.write(`\nSecret (shown once, store it now): ${issued.secret}\n`);
      return;
    }
    case 'apikey list': {
      const partner = await partnerByCode(values.partner);
      return print((await deps.apiKeys.listByPartner(partner.id)).map(({ secretCiphertext: _s, ...k }) => k));
    }
    case 'apikey revoke': {
      const partner = await partnerByCode(values.partner);
      return print(
        await admin.revokeApiKey(deps, OPERATOR, partner.id, values.key ?? fail('--key is required')),
      );
    }
    case 'prices show':
    case 'prices refresh': {
      const { DynamoCoinPriceStore } = await import('../shared/adapters/dynamodb/coin-price-store');
      const { coinsOf, refreshCoinPrices } = await import('../shared/app/gas/coin-prices');
      const { coinPriceFeed } = await import('../shared/composition/gas-records');
      const { NETWORK_CODES } = await import('../shared/domain/chains/networks');
      const store = new DynamoCoinPriceStore(deps.db, deps.config.tableName);
      const coins = coinsOf(NETWORK_CODES);
      if (verb === 'refresh')
        print(await refreshCoinPrices({ feed: coinPriceFeed(deps.config), store, clock: deps.clock }, coins));
      const maxAgeMs = deps.config.coinPrices.maxAgeMs;
      const now = deps.clock.now().getTime();
      const kept = await Promise.all(coins.map((c) => store.latest(c)));
      print(
        coins.map((coin, i) => {
          const p = kept[i];
          return p ? { ...p, stale: now - Date.parse(p.at) > maxAgeMs } : { coin, usd: null };
        }),
      );
      break;
    }
    case 'migrate list-indexes': {
      const { migrateListIndexes } = await import('../shared/adapters/dynamodb/list-index-migration');
      const done = await migrateListIndexes(deps.db, deps.config.tableName, {
        pageSize: Number(values.limit ?? 500),
        onProgress: (p) =>
          process.stdout.write(
            `scanned ${p.scanned} items, indexed ${p.indexed} deposits, wrote ${p.refs} user refs${p.done ? ' — done' : ''}\n`,
          ),
      });
      for (const f of done.failed) process.stderr.write(`could not index ${f.key}: ${f.reason}\n`);
      process.stdout.write(
        done.done
          ? 'List indexes complete: filtered lists now read them.\n'
          : done.failed.length > 0
            ? `${done.failed.length} item(s) could not be indexed (listed above and on the marker item); the indexes stay off. Fix them and run again.\n`
            : 'Stopped; run again to resume.\n',
      );
      if (done.failed.length > 0) process.exitCode = 1;
      return;
    }
    case 'audit undefined': {
      const partner = await partnerByCode(values.partner);
      return print(await deps.audit.list(partner.id, { limit: Number(values.limit ?? 20) }));
    }
    default: {
      const { runInvoiceCommand } = await import('./cli-invoices');
      if (area && (await runInvoiceCommand(area, verb, rest[0], values, OPERATOR.id))) return;
      const { runConsoleCommand } = await import('./cli-console');
      if (area && (await runConsoleCommand(area, verb, values, OPERATOR.id))) return;
      const { runExportsCommand } = await import('./cli-exports');
      if (area && (await runExportsCommand(area, verb, values))) return;
      const { runDepositCommand } = await import('./cli-deposits');
      if (area && (await runDepositCommand(area, verb, values, OPERATOR.id))) return;
      fail(`Unknown command: ${positionals.join(' ')}`);
    }
  }
}

main().catch((e: unknown) => {
  const err = e as Error & { code?: string; fields?: unknown };
  process.stderr.write(
    `${err.code ? `${err.code}: ` : ''}${err.message}${err.fields ? `\n${JSON.stringify(err.fields, null, 2)}` : ''}\n`,
  );
  process.exit(1);
});
