import { FUNCTIONS } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import { buildFunctionBundles } from '../../infra/lib/function-bundles';
import type { FunctionBundle } from '../../infra/lib/function-bundles';

/**
 * Bundle budgets (docs/adr/0025-lambda-bundles.md), measured on the bundles `npm run synth` deploys:
 * `buildFunctionBundles` runs esbuild once over every catalog entry with the settings GatewayFunction
 * gives NodejsFunction (the real-CDK bundling test in lambdas.test.ts checks they are the same bytes).
 */
const KB = 1024;
/** An API route's function or an authorizer: every cold start is on a request's path. */
const API_BUDGET = 300 * KB;
/** Chain workers (pollers, sweeps, withdrawal tasks) and the other event-driven functions. */
const WORKER_BUDGET = 1200 * KB;

function budgetOf(spec: FunctionSpec): number {
  return spec.kind === 'api' || spec.kind === 'authorizer' ? API_BUDGET : WORKER_BUDGET;
}

/**
 * Over budget today, each with what pulls it in (esbuild's metafile, printed below). The test keeps
 * them over budget so a fix has to move the function into the asserted set; the list only shrinks.
 */
const OVER_BUDGET: Readonly<Record<string, string>> = {};

/** Functions that talk to no chain yet still carry chain libraries, with what pulls them in. */
const NOT_YET_CHAIN_FREE: Readonly<Record<string, string>> = {
  consoleDeposits:
    "deposit reservations create the HD seed when it is missing: ethers' BIP-39 Mnemonic and wordlist",
};

/**
 * What a function loads of the runtime's SDK at cold start (static imports): the DynamoDB document
 * client, which every function uses. Other clients (KMS, SQS, SES, Step Functions, Lambda) are imported
 * on their first call (shared/adapters/aws/deferred-client.ts); these functions still load more.
 */
const DYNAMODB_ONLY = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'];
const MORE_SDK_AT_INIT: Readonly<Record<string, string>> = {};

/**
 * Functions wired on the core base (shared/composition/core.ts) and the groups they use: none carries
 * the console-account adapters (users, sessions, scrypt, jose JWTs, email) or webhook delivery.
 */
const ON_THE_CORE_BASE = [
  'getPartner',
  'listBalances',
  'listBalanceFlows',
  'depositsApi',
  'depositAddressesApi',
  'consoleDeposits',
  'consoleWallets',
  'withdrawals',
  'consoleWithdrawals',
  'subPartnerReportsApi',
  'consoleSubPartnerReports',
];
const FULL_BASE_ONLY = /shared\/composition\/(accounts|webhooks)\.ts$|node_modules\/jose\//;

/**
 * Deposit-side functions that show and hand out addresses: MASTER's address without its signers, and
 * no deposit intake (nor Powertools Metrics, which only the intake's alerts use here).
 */
const ADDRESSES_ONLY = ['depositAddressesApi', 'consoleDeposits', 'consoleWallets'];
const NOT_FOR_ADDRESSES =
  /shared\/(app\/deposits\/deposit-intake|adapters\/evm\/digest-transaction-signer|composition\/master-wallets)\.ts$|node_modules\/@aws-lambda-powertools\/metrics\//;

/**
 * Console-account functions (sign-in, my account, members, workspace, sub-partners) on the account
 * wiring (shared/composition/accounts.ts): no ledger and no webhook delivery.
 */
const ON_THE_ACCOUNT_WIRING = [
  'consoleAuth',
  'consoleAccount',
  'consoleMembers',
  'consoleWorkspace',
  'subPartnersApi',
  'consoleSubPartners',
];
const NOT_FOR_ACCOUNTS = /shared\/composition\/(webhooks|ledger|gateway)\.ts$/;

/**
 * The request side of withdrawals (partner API and console): the gas-tank burn rule reads the tanks'
 * recorded addresses (stored-gas-tanks.ts), so no key derivation nor elliptic-curve code is bundled.
 */
const WITHDRAWAL_REQUEST_SIDE = ['withdrawals', 'consoleWithdrawals'];
const KEY_DERIVATION = /shared\/adapters\/crypto\/hd-derivation\.ts$|node_modules\/@noble\/curves\//;

/** The pieces of ethers a function that talks to no chain may carry: EIP-55 checksums and base58. */
const ETHERS_WITHOUT_A_CHAIN =
  /node_modules\/ethers\/lib\.esm\/(address|crypto|utils|constants)\/|ethers\.js$|_version\.js$/;

/** tronweb, or ethers modules beyond the address pieces (providers, wallets, contracts, ABI). */
function chainLibraries(b: FunctionBundle): string[] {
  return [...b.modules.keys()].filter(
    (m) =>
      m.includes('node_modules/tronweb/') ||
      (m.includes('node_modules/ethers/') && !ETHERS_WITHOUT_A_CHAIN.test(m)),
  );
}

const kb = (bytes: number): string => `${(bytes / KB).toFixed(0)} KB`;
const bytesOf = (b: FunctionBundle, pkg: string): number => b.packages.get(pkg) ?? 0;

describe('Lambda bundle budgets', () => {
  let bundles: Map<string, FunctionBundle>;

  beforeAll(async () => {
    const built = await buildFunctionBundles();
    bundles = new Map(built.map((b) => [b.spec.name, b]));
    const rows = built.map((b) => {
      const heaviest = [...b.packages]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4)
        .map(([name, bytes]) => `${name} ${kb(bytes)}`)
        .join(', ');
      const sdk = b.initImports.map((p) => p.replace('@aws-sdk/', '')).join(' ');
      return `${b.spec.name.padEnd(20)} ${b.spec.kind.padEnd(13)} ${kb(b.bytes).padStart(8)} / ${kb(budgetOf(b.spec)).padStart(7)}  ${heaviest}; SDK at init: ${sdk}`;
    });
    process.stdout.write(`\nLambda bundles (minified index.mjs):\n${rows.join('\n')}\n`);
  }, 180_000);

  const bundle = (spec: FunctionSpec): FunctionBundle => {
    const b = bundles.get(spec.name);
    if (!b) throw new Error(`no bundle for ${spec.name}`);
    return b;
  };

  it('leaves the AWS SDK to the Lambda runtime', () => {
    for (const b of bundles.values()) {
      expect(
        [...b.packages.keys()].filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/')),
      ).toEqual([]);
      expect(b.code).toMatch(/from\s*"@aws-sdk\/|import\("@aws-sdk\//);
    }
  });

  it.each(FUNCTIONS.filter((f) => !(f.name in OVER_BUDGET)).map((f) => [f.name, f] as const))(
    '%s is within its budget',
    (_, spec) => {
      expect(bundle(spec).bytes).toBeLessThanOrEqual(budgetOf(spec));
    },
  );

  it('lists only catalog functions as exceptions, each still over its budget or carrying a chain library', () => {
    for (const name of [...Object.keys(OVER_BUDGET), ...Object.keys(NOT_YET_CHAIN_FREE)])
      expect(FUNCTIONS.map((f) => f.name)).toContain(name);
    // An exception that no longer applies must leave its list, so the budget is asserted from then on.
    for (const name of Object.keys(OVER_BUDGET)) {
      const b = bundles.get(name)!;
      expect({ name, over: b.bytes > budgetOf(b.spec) }).toEqual({ name, over: true });
    }
    for (const name of Object.keys(NOT_YET_CHAIN_FREE)) {
      const b = bundles.get(name)!;
      expect({ name, chainFree: chainLibraries(b).length === 0 }).toEqual({ name, chainFree: false });
    }
  });

  it.each(FUNCTIONS.filter((f) => !(f.name in MORE_SDK_AT_INIT)).map((f) => [f.name, f] as const))(
    '%s loads only the DynamoDB client of the AWS SDK at cold start',
    (_, spec) => {
      expect(bundle(spec).initImports).toEqual(DYNAMODB_ONLY);
    },
  );

  it('lists only functions that do load more of the SDK at init', () => {
    for (const name of Object.keys(MORE_SDK_AT_INIT))
      expect({ name, more: bundles.get(name)!.initImports.length > DYNAMODB_ONLY.length }).toEqual({
        name,
        more: true,
      });
  });

  it.each(
    FUNCTIONS.filter((f) => !f.usesChains && !(f.name in NOT_YET_CHAIN_FREE)).map(
      (f) => [f.name, f] as const,
    ),
  )('%s talks to no chain: no tronweb, and of ethers only the address pieces', (_, spec) => {
    expect(chainLibraries(bundle(spec))).toEqual([]);
  });

  it.each(ON_THE_CORE_BASE)('%s carries no console-account or webhook adapters (core base)', (name) => {
    expect([...bundles.get(name)!.modules.keys()].filter((m) => FULL_BASE_ONLY.test(m))).toEqual([]);
  });

  it.each(ON_THE_ACCOUNT_WIRING)('%s carries no ledger or webhook delivery (account wiring)', (name) => {
    expect([...bundles.get(name)!.modules.keys()].filter((m) => NOT_FOR_ACCOUNTS.test(m))).toEqual([]);
  });

  it.each(WITHDRAWAL_REQUEST_SIDE)('%s carries no key derivation (recorded gas-tank addresses)', (name) => {
    expect([...bundles.get(name)!.modules.keys()].filter((m) => KEY_DERIVATION.test(m))).toEqual([]);
  });

  it.each(ADDRESSES_ONLY)('%s carries no MASTER signers and no deposit intake', (name) => {
    expect([...bundles.get(name)!.modules.keys()].filter((m) => NOT_FOR_ADDRESSES.test(m))).toEqual([]);
  });

  it('carries no tronweb nor what it drags in: TRON transactions are built by tron-transaction-builder.ts', () => {
    const withTronweb = [...bundles.values()]
      .filter((b) => [...b.modules.keys()].some((m) => m.includes('node_modules/tronweb/')))
      .map((b) => b.spec.name);
    expect(withTronweb).toEqual([]);
    const tronwebDependencies = ['axios', 'form-data', 'mime-db', 'validator', 'google-protobuf'];
    const carried = [...bundles.values()].flatMap((b) =>
      tronwebDependencies.filter((p) => bytesOf(b, p) > 0).map((p) => `${b.spec.name}: ${p}`),
    );
    expect(carried).toEqual([]);
  });
});
