import type { BuildOptions } from 'esbuild';

/** Lets bundled ESM code call `require` (CommonJS dependencies that require Node built-ins). */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Left out of every bundle and loaded from the Lambda runtime: the Node.js 22 runtime ships the AWS SDK
 * for JavaScript v3 (every client, lib-dynamodb and their @smithy dependencies). Bundled, the DynamoDB
 * client alone is ~535 KB minified and ~60 ms of module init per cold start (docs/adr/0025-lambda-bundles.md).
 * The code must therefore use only SDK calls the runtime's (older) SDK version has — DynamoDB, KMS,
 * SQS, Step Functions, SES v2 and Lambda calls that have existed for years.
 */
export const RUNTIME_PROVIDED_MODULES: readonly string[] = ['@aws-sdk/*'];

/**
 * Modules replaced in every bundle, by package path → file relative to the repository root (the working
 * directory of both esbuild runs). `brotli/decompress.js` (fontkit's WOFF2 decoder, ~475 KB of pure JS
 * with its dictionary) becomes Node's built-in Brotli (shared/adapters/pdf/brotli-decompress.ts); local
 * runs and tests keep the package.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  'brotli/decompress.js': './shared/adapters/pdf/brotli-decompress.ts',
};

/**
 * The esbuild settings of every function bundle, in one place: `GatewayFunction` hands them to
 * NodejsFunction, and the bundle-budget test and the cold-start bench build with the same ones
 * (`lambdaBuildOptions`), so what they measure is what deploys.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  target: 'node22',
  platform: 'node',
  minify: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  external: RUNTIME_PROVIDED_MODULES,
} as const;

/** esbuild options for building `entryPoints` exactly as NodejsFunction bundles each function. */
export function lambdaBuildOptions(entryPoints: Record<string, string>, tsconfig: string): BuildOptions {
  return {
    entryPoints,
    bundle: true,
    format: LAMBDA_BUNDLE.format,
    target: LAMBDA_BUNDLE.target,
    platform: LAMBDA_BUNDLE.platform,
    minify: LAMBDA_BUNDLE.minify,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    external: [...LAMBDA_BUNDLE.external],
    alias: { ...BUNDLE_ALIASES },
    tsconfig,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'error',
  };
}
