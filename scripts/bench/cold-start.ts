import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FUNCTIONS } from '../../functions/catalog';
import { buildFunctionBundles } from '../../infra/lib/function-bundles';
import { repoPath } from '../../infra/lib/settings';
import { percentile } from './bench-support';

/**
 * `npm run bench -- cold-start [--runs 5] [--bundled-sdk] [--cdk-out cdk.out] [--only a,b]`
 *
 * Module init of every Lambda bundle, as a ratio to a floor measured in the same run. Each bundle is
 * imported `--runs` times, each time in a fresh Node process (what a cold start does before the first
 * request); the time is taken inside the process around the `import()`, so Node's own start-up is not in
 * it. The floor is a module that only constructs the DynamoDB document client, which every function
 * does. The bundles are `buildFunctionBundles`' (the code `npm run synth` deploys, ADR 0025) written under
 * .local/cold-start/, where `@aws-sdk/*` resolves from node_modules as it resolves from the runtime on
 * Lambda. `--bundled-sdk` builds them with the SDK inside instead (the other option of ADR 0025);
 * `--cdk-out <dir>` imports the `index.mjs` assets of a synthesized app instead of building.
 *
 * Prints per function: size, min and median init (ms), RSS after the import, and median ÷ the floor's
 * median. Goal (issue 15): API functions ≤ 1.5×, chain workers ≤ 3×. Numbers, not assertions.
 */
export async function benchColdStart(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: 'string', default: '5' },
      'bundled-sdk': { type: 'boolean', default: false },
      'cdk-out': { type: 'string' },
      only: { type: 'string' },
    },
  });
  const runs = Math.max(1, Number(values.runs));
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const dir = repoPath('.local/cold-start');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const baseline = join(dir, 'baseline.mjs');
  writeFileSync(
    baseline,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      "export const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));",
      '',
    ].join('\n'),
  );

  const targets: { name: string; kind: string; file: string }[] = [];
  if (values['cdk-out']) {
    for (const t of synthesizedAssets(values['cdk-out'])) targets.push(t);
  } else {
    const specs = FUNCTIONS.filter((f) => !only || only.has(f.name));
    const built = await buildFunctionBundles({
      specs,
      outdir: dir,
      ...(values['bundled-sdk'] ? { external: [] } : {}),
    });
    for (const b of built)
      targets.push({ name: b.spec.name, kind: b.spec.kind, file: join(dir, b.spec.name, 'index.mjs') });
  }
  const selected = targets.filter((t) => !only || only.has(t.name));

  const label = values['cdk-out']
    ? `assets of ${values['cdk-out']}`
    : values['bundled-sdk']
      ? 'AWS SDK bundled'
      : 'AWS SDK from the runtime (node_modules)';
  process.stdout.write(`\ncold-start: module init in a fresh process, ${runs} runs each; ${label}\n`);
  // Rounds rather than one function after another, so a busy moment of the machine spreads over all.
  const samples = new Map<string, { ms: number[]; rssMb: number[]; error?: string }>();
  const all = [{ name: 'baseline', kind: 'floor', file: baseline }, ...selected];
  for (let round = 0; round < runs; round++) {
    for (const t of all) {
      const s = samples.get(t.name) ?? { ms: [], rssMb: [] };
      samples.set(t.name, s);
      if (s.error) continue;
      const r = importOnce(t.file);
      if ('error' in r) s.error = r.error;
      else {
        s.ms.push(r.ms);
        s.rssMb.push(r.rssMb);
      }
    }
  }
  const floor = median(samples.get('baseline')!.ms);
  const rows = all.map((t) => {
    const s = samples.get(t.name)!;
    const kb = Math.round(statSync(t.file).size / 1024);
    if (s.error)
      return `${t.name.padEnd(20)} ${t.kind.padEnd(13)} ${String(kb).padStart(6)} KB  failed: ${s.error}`;
    const sorted = [...s.ms].sort((a, b) => a - b);
    const med = median(s.ms);
    return [
      t.name.padEnd(20),
      t.kind.padEnd(13),
      `${String(kb).padStart(6)} KB`,
      `${sorted[0]!.toFixed(1).padStart(7)} ms`,
      `${med.toFixed(1).padStart(7)} ms`,
      `${median(s.rssMb).toFixed(0).padStart(5)} MB`,
      `${(med / floor).toFixed(2).padStart(6)}×`,
    ].join(' ');
  });
  process.stdout.write(
    `${'function'.padEnd(20)} ${'kind'.padEnd(13)} ${'size'.padStart(9)} ${'min'.padStart(10)} ${'median'.padStart(10)} ${'RSS'.padStart(8)} ${'÷ floor'.padStart(7)}\n${rows.join('\n')}\n`,
  );
}

/** One import of `file` in a fresh Node process: the time around `import()` and the RSS after it. */
function importOnce(file: string): { ms: number; rssMb: number } | { error: string } {
  const script = [
    'const t0 = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const ms = performance.now() - t0;',
    'process.stdout.write(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 1048576 }));',
  ].join('\n');
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...LAMBDA_LIKE_ENV },
  });
  if (out.status !== 0)
    return { error: (out.stderr.split('\n').find((l) => /Error/.test(l)) ?? out.stderr).slice(0, 160) };
  return JSON.parse(out.stdout) as { ms: number; rssMb: number };
}

/** What a deployed function's environment holds (infra/constructs/gateway-function.ts), for modules that read it at import. */
const LAMBDA_LIKE_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  APP_ENV: 'testnet',
  TABLE_NAME: 'gateway-bench',
  KEY_VAULT: 'kms',
  KMS_DATA_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/bench',
  LOG_LEVEL: 'INFO',
  SERVICE_NAME: 'stablecoin-gateway',
  // The workflow grants' state machine (the withdrawal functions refuse to start without it).
  WITHDRAWAL_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:gateway-bench-withdrawal',
};

/** The gateway functions' `index.mjs` assets of a synthesized app (`npm run synth` → cdk.out). */
function synthesizedAssets(cdkOut: string): { name: string; kind: string; file: string }[] {
  const out: { name: string; kind: string; file: string }[] = [];
  for (const f of readdirSync(cdkOut).filter((x) => x.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(cdkOut, f), 'utf8')) as {
      Resources: Record<
        string,
        { Type: string; Properties?: { FunctionName?: unknown; Code?: { S3Key?: string } } }
      >;
    };
    for (const r of Object.values(template.Resources)) {
      const name = r.Properties?.FunctionName;
      if (r.Type !== 'AWS::Lambda::Function' || typeof name !== 'string') continue;
      const spec = FUNCTIONS.find((s) => name.endsWith(`-${s.name}`));
      const file = join(
        cdkOut,
        `asset.${String(r.Properties?.Code?.S3Key).replace(/\.zip$/, '')}`,
        'index.mjs',
      );
      if (spec && existsSync(file)) out.push({ name: spec.name, kind: spec.kind, file });
    }
  }
  return out.sort(
    (a, b) => FUNCTIONS.findIndex((s) => s.name === a.name) - FUNCTIONS.findIndex((s) => s.name === b.name),
  );
}

function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}
