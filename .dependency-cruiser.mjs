/**
 * The layering of DESIGN.md §3, checked by dependency-cruiser in `npm test` (`npm run deps:check`).
 * docs/adr/0021-dependency-rules.md explains each rule; a new import that breaks one fails the suite.
 *
 *   functions/ ──▶ composition ──▶ adapters ──▶ ports ──▶ domain
 *                       │             │  (inbound ones call app)  ▲
 *                       └──────────▶ app ─────────────────────────┘
 *
 * Known exceptions are written where they are allowed (`pathNot` of the rule), each with its reason.
 * Keep them few; remove one when its cause is fixed.
 */

/** Everything a package manager installs (dependency-cruiser's dependency types). */
const LIBRARY = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

/** Libraries that talk to chains and AWS: adapters' business only. */
const CHAIN_AND_AWS_LIBRARIES = '^node_modules/(tronweb|ethers|@aws-sdk|aws-cdk-lib|constructs)/';
/** …and the Lambda runtime glue, which handlers (functions/) and inbound adapters use. */
const INFRASTRUCTURE_LIBRARIES =
  '^node_modules/(tronweb|ethers|@aws-sdk|aws-cdk-lib|constructs|@aws-lambda-powertools|@middy)/';

/**
 * Known exceptions to "app imports domain and ports" (issue 14), file → what it may import besides:
 * - the deposit-address, balance, delivery-log and webhook-settings use-cases parse their input with
 *   the partner API's zod schemas and return its response types, so contract and use-case cannot
 *   drift; moving the parsing into the handlers (functions/) is a larger change than this slice.
 * - publish-webhook-event validates an event against the webhook message schema (events/) before it
 *   is queued and serialises the body partners receive from it; the schema would have to move behind
 *   the WebhookPublisher port.
 */
const APP_EXCEPTIONS = {
  '^shared/app/deposits/deposit-addresses\\.ts$': '^shared/api/deposit-api-schemas\\.ts$',
  '^shared/app/ledger/partner-balances\\.ts$': '^shared/api/partner-api-schemas\\.ts$',
  '^shared/app/webhooks/delivery-log\\.ts$': '^shared/api/partner-api-schemas\\.ts$',
  '^shared/app/webhooks/webhook-settings\\.ts$': '^shared/api/partner-api-schemas\\.ts$',
  '^shared/app/partners/sub-partners\\.ts$': '^shared/api/sub-partner-api-schemas\\.ts$',
  '^shared/app/webhooks/publish-webhook-event\\.ts$': '^events/webhook-event/schema\\.ts$',
};

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    // ── domain: pure rules, imports nothing outside domain ──────────────────────────────────────────
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment:
        'shared/domain holds pure rules: it imports only shared/domain (no ports, config, app, adapters, api, ' +
        'composition, functions, events, scripts, tests). Move the type it needs into domain instead.',
      from: { path: '^shared/domain/' },
      to: { path: '^(shared/(?!domain/)|functions/|events/|scripts/|tests/|infra/|console/)' },
    },
    {
      name: 'domain-no-libraries',
      severity: 'error',
      comment:
        'shared/domain imports no library. Allowed, each in one file: otplib in accounts/totp.ts (RFC 6238 ' +
        'TOTP is HMAC arithmetic on a given time; no I/O) and ethers in chains/addresses.ts (keccak-256 for ' +
        'EIP-55 checksums and base58 decoding; pure functions, the project EVM library already).',
      from: { path: '^shared/domain/', pathNot: '^shared/domain/(accounts/totp|chains/addresses)\\.ts$' },
      to: { dependencyTypes: LIBRARY },
    },
    {
      name: 'domain-totp-only-otplib',
      severity: 'error',
      comment: 'accounts/totp.ts may use otplib, nothing else installed.',
      from: { path: '^shared/domain/accounts/totp\\.ts$' },
      to: { dependencyTypes: LIBRARY, pathNot: '^node_modules/(otplib|@otplib)/' },
    },
    {
      name: 'domain-addresses-only-ethers',
      severity: 'error',
      comment: 'chains/addresses.ts may use ethers, nothing else installed.',
      from: { path: '^shared/domain/chains/addresses\\.ts$' },
      to: { dependencyTypes: LIBRARY, pathNot: '^node_modules/ethers/' },
    },
    {
      name: 'domain-pure-node-modules-only',
      severity: 'error',
      comment:
        'Of Node itself, domain uses only computation: node:crypto (hashes, HMAC, ids) and node:net ' +
        '(BlockList/isIP to parse IP rules). No fs, http, process, timers: those are ports.',
      from: { path: '^shared/domain/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(crypto|net)$' },
    },

    // ── ports: interfaces over domain types ─────────────────────────────────────────────────────────
    {
      name: 'ports-import-only-domain-and-ports',
      severity: 'error',
      comment:
        'shared/ports declares interfaces in domain terms: it imports shared/domain and shared/ports only ' +
        '(codes come from shared/domain/chains, not shared/config).',
      from: { path: '^shared/ports/' },
      to: { pathNot: '^shared/(domain|ports)/' },
    },

    // ── app: use-cases over domain and ports ────────────────────────────────────────────────────────
    {
      name: 'app-imports-domain-and-ports',
      severity: 'error',
      comment:
        'shared/app orchestrates domain and ports: no adapters, composition, config, API wire schemas ' +
        '(shared/api), message schemas (events/), handlers, scripts or tests, except the files listed in ' +
        'APP_EXCEPTIONS.',
      from: { path: '^shared/app/', pathNot: Object.keys(APP_EXCEPTIONS) },
      to: { path: '^(shared/(adapters|composition|config|api)/|functions/|events/|scripts/|tests/|infra/)' },
    },
    ...Object.entries(APP_EXCEPTIONS).map(([file, allowed]) => ({
      name: 'app-known-exception',
      severity: 'error',
      comment: `${file} may import ${allowed} (APP_EXCEPTIONS), nothing else outside domain and ports.`,
      from: { path: file },
      to: {
        path: '^(shared/(adapters|composition|config|api)/|functions/|events/|scripts/|tests/|infra/)',
        pathNot: allowed,
      },
    })),
    {
      name: 'app-no-infrastructure-libraries',
      severity: 'error',
      comment:
        'Chains, AWS and Lambda are reached through ports: shared/app imports no tronweb, ethers, AWS SDK, ' +
        'powertools or middy (small pure libraries such as zod, ulid, qrcode, otplib are fine).',
      from: { path: '^shared/app/' },
      to: { path: INFRASTRUCTURE_LIBRARIES },
    },

    // ── adapters: implement ports ───────────────────────────────────────────────────────────────────
    {
      name: 'adapters-do-not-compose',
      severity: 'error',
      comment:
        'Adapters implement ports; they never import the composition root, handlers, events, scripts or tests.',
      from: { path: '^shared/adapters/' },
      to: { path: '^(shared/composition/|functions/|scripts/|tests/|infra/)' },
    },
    {
      name: 'only-inbound-adapters-call-use-cases',
      severity: 'error',
      comment:
        'Outbound adapters (stores, chains, signers…) implement ports and never call use-cases. Inbound ' +
        'adapters — the Lambda glue (adapters/lambda), the SQS delivery batch and the outbox stream handler — ' +
        'turn an event into a use-case call and may import shared/app.',
      from: {
        path: '^shared/adapters/',
        pathNot: [
          '^shared/adapters/lambda/',
          '^shared/adapters/sqs/delivery-batch-handler\\.ts$',
          '^shared/adapters/dynamodb/outbox-stream-handler\\.ts$',
        ],
      },
      to: { path: '^shared/app/' },
    },
    {
      name: 'only-http-adapters-read-wire-schemas',
      severity: 'error',
      comment: 'Of the adapters, only the Lambda HTTP glue (adapters/lambda) reads the API wire schemas.',
      from: { path: '^shared/adapters/', pathNot: '^shared/adapters/lambda/' },
      to: { path: '^shared/api/' },
    },

    // ── functions: thin handlers that only compose ──────────────────────────────────────────────────
    {
      name: 'functions-only-compose',
      severity: 'error',
      comment:
        'A handler parses, calls a use-case from the composition root and maps the result: it never imports ' +
        'another handler, nor talks to AWS or a chain directly (that is an adapter).',
      from: { path: '^functions/' },
      to: { path: ['^functions/', CHAIN_AND_AWS_LIBRARIES] },
    },

    {
      name: 'no-local-state-machine-in-functions',
      severity: 'error',
      comment:
        'The in-process state machine runner (aws-local-stepfunctions: ajv, jsonata, client-lambda at init) ' +
        "is the local stack's: scripts/local gives it to the composition; no function or composition " +
        'module reaches it (ADR 0025).',
      from: { path: '^(functions|shared/composition)/' },
      to: { path: ['^shared/adapters/local/local-withdrawal-workflow\\.ts$', 'aws-local-stepfunctions'] },
    },

    // ── no tronweb in what is deployed ──────────────────────────────────────────────────────────────
    {
      name: 'no-tronweb-in-the-product',
      severity: 'error',
      comment:
        'TRON transactions are built by shared/adapters/tron/tron-transaction-builder.ts (ADR 0028): tronweb, ' +
        '~1 MB in a bundle with axios, mime-db, validator and google-protobuf, is for tests, scripts/local and ' +
        'the TRON stand-in only.',
      from: { path: '^(shared|functions)/' },
      to: { path: '^node_modules/tronweb/' },
    },

    // ── nothing reaches outward into entry points, the local stack or tests ─────────────────────────
    {
      name: 'shared-never-imports-functions',
      severity: 'error',
      comment:
        'shared/ never imports entry points, the local stack, tests or the CDK app. Known exception: ' +
        'shared/api/openapi.ts reads the route table functions/catalog.ts (pure data, imports nothing) to ' +
        'document every partner route; moving the catalog under shared/ touches every stack and test.',
      from: { path: '^shared/' },
      to: {
        path: '^(functions/|scripts/|tests/|infra/|console/)',
        pathNot: '^functions/catalog\\.ts$',
      },
    },
    {
      name: 'only-openapi-reads-the-function-catalog',
      severity: 'error',
      comment: 'The catalog exception above is for shared/api/openapi.ts only.',
      from: { path: '^shared/', pathNot: '^shared/api/openapi\\.ts$' },
      to: { path: '^functions/catalog\\.ts$' },
    },
    {
      name: 'events-are-schemas',
      severity: 'error',
      comment:
        'events/ holds message schemas: it may read domain and port types, never app, adapters or handlers.',
      from: { path: '^events/' },
      to: { path: '^(shared/(app|adapters|composition|api)/|functions/|scripts/|tests/|infra/)' },
    },
    {
      name: 'console-reads-only-codes',
      severity: 'error',
      comment:
        'The browser console talks to the gateway over its API; of the server code it reads only the ' +
        'network and token codes (shared/domain/chains/networks.ts, pure constants, no imports).',
      from: { path: '^console/' },
      to: {
        path: '^(shared/|functions/|events/|scripts/|tests/|infra/)',
        pathNot: '^shared/domain/chains/networks\\.ts$',
      },
    },
    {
      name: 'codes-import-nothing',
      severity: 'error',
      comment: 'shared/domain/chains/networks.ts stays import-free: the browser console bundles it.',
      from: { path: '^shared/domain/chains/networks\\.ts$' },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycle at run time: a cycle makes load order matter and the layers meaningless. A cycle ' +
        'through a type-only import is fine (shared/api/openapi.ts ↔ its route docs share the RouteDoc type).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      comment: 'An import that does not resolve would hide a dependency from these rules.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is a symlink in the worktrees: keep library paths under node_modules/.
    preserveSymlinks: true,
    exclude: { path: '(^|/)(cdk\\.out|dist|coverage|\\.local)/' },
    // Type-only imports count: a port importing a config type is still a dependency on config.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
