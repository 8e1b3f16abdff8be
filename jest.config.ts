/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// TypeScript and the ESM-only packages (middy) are compiled to CommonJS by swc, so Jest runs without
// experimental VM modules. Add ESM-only packages to ESM_PACKAGES when they arrive.
// openapi-typescript (the client schema test) needs its ESM-only dependencies compiled, nested ones included.
const ESM_PACKAGES = [
  '@middy',
  'jose',
  '@otplib',
  '@noble',
  '@scure',
  '@seriousme',
  'openapi-typescript',
  'parse-json',
  'index-to-position',
  'change-case',
  'supports-color',
];
const common = {
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // middy publishes only an `import` export condition; point Jest's CommonJS resolver at the file.
  moduleNameMapper: { '^@middy/(core|util)$': '<rootDir>/node_modules/@middy/$1/index.js' },
};

const config: Config = {
  // A bound for hangs, not a speed check (Jest reads it from here, not per project): against DynamoDB
  // Local and the local chains a test that takes 2–6 s alone was seen taking over 30 s late in the
  // serial run, when the one Jest process had grown to 1.7 GB.
  testTimeout: 90_000,
  // Two worker processes on this 2-core machine (Jest's default here is one). A test file spends most
  // of its time waiting for DynamoDB Local (one SQLite thread) or a chain, so one worker kept about one
  // core busy (user+sys ≈ 0.6 of wall time). The whole suite, same code, same machine under similar
  // load from other work: 1 worker 853 s, 2 workers 488 s, every file passing twice in a row with 2.
  // (The late-run slowdown once put down to the worker's memory was mostly DynamoDB Local's stream
  // records: see tests/support/test-env.ts.)
  maxWorkers: 2,
  // Each worker is recycled once a test file leaves it above 1 GB: in band, the single Jest process grew
  // to 2 GB over the run (module registries and background work of earlier files).
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      setupFiles: ['<rootDir>/tests/support/integration-env.ts'],
    },
    {
      ...common,
      displayName: 'infra',
      testMatch: ['<rootDir>/tests/infra/**/*.test.ts'],
      // The console stack uploads console/dist: built once here when missing or stale.
      globalSetup: '<rootDir>/tests/support/infra-global-setup.ts',
      // CloudFormation validation once per distinct app, not once per synth (see the file).
      setupFiles: ['<rootDir>/tests/infra/support/setup.ts'],
    },
    // Browser end-to-end tests: the whole local stack (npm start) and Chromium, one of each per file.
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
  ],
};

export default config;
