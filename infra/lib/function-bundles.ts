import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { FUNCTIONS } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import { lambdaBuildOptions } from './bundling';
import { repoPath } from './settings';

/** One function's bundle, as NodejsFunction emits it (minified `index.mjs`), with what went into it. */
export interface FunctionBundle {
  readonly spec: FunctionSpec;
  /** The bundle's size in bytes (the `index.mjs` of its asset, without the source-map comment). */
  readonly bytes: number;
  readonly code: string;
  /** Bytes in the output per npm package (`ethers`, `tronweb`, `@noble/hashes`, …) or per repo folder. */
  readonly packages: ReadonlyMap<string, number>;
  /** The input modules that made it into the output, with their bytes there. */
  readonly modules: ReadonlyMap<string, number>;
  /** Packages left to the runtime (`@aws-sdk/*`) that the bundle imports statically, i.e. loads at cold start. */
  readonly initImports: readonly string[];
}

/**
 * Bundles every catalog function in one esbuild run with the settings `GatewayFunction` gives
 * NodejsFunction (`lambdaBuildOptions`): the same code `npm run synth` puts in the `index.mjs` of each `cdk.out` asset,
 * built in seconds rather than the minutes of a synth that runs esbuild once per function. The
 * bundle-budget test and `npm run bench -- cold-start` read these; `outdir` writes each one to
 * `<outdir>/<function>/index.mjs` for importing.
 */
export async function buildFunctionBundles(
  options: {
    readonly specs?: readonly FunctionSpec[];
    readonly outdir?: string;
    /** Replaces the runtime-provided externals (the cold-start bench passes [] to measure the SDK bundled). */
    readonly external?: readonly string[];
  } = {},
): Promise<FunctionBundle[]> {
  const specs = options.specs ?? FUNCTIONS;
  const entryPoints = Object.fromEntries(specs.map((s) => [s.name, repoPath(s.entry)]));
  const result = await build({
    ...lambdaBuildOptions(entryPoints, repoPath('tsconfig.json')),
    outdir: options.outdir ?? repoPath('.local/bundles'),
    entryNames: '[name]/index',
    write: false,
    ...(options.external ? { external: [...options.external] } : {}),
  });
  const byName = new Map(result.outputFiles.map((f) => [f.path, f]));
  return specs.map((spec) => {
    const path = join(options.outdir ?? repoPath('.local/bundles'), spec.name, 'index.mjs');
    const file = byName.get(path);
    if (!file) throw new Error(`esbuild wrote no bundle for ${spec.name}`);
    const meta = outputMeta(result.metafile!, spec.name);
    if (options.outdir) {
      mkdirSync(join(options.outdir, spec.name), { recursive: true });
      writeFileSync(path, file.contents);
    }
    const modules = new Map(Object.entries(meta.inputs).map(([input, m]) => [input, m.bytesInOutput]));
    const packages = new Map<string, number>();
    for (const [input, bytes] of modules) {
      const name = packageOf(input);
      packages.set(name, (packages.get(name) ?? 0) + bytes);
    }
    const initImports = [
      ...new Set(
        meta.imports
          .filter((i) => i.external && i.kind === 'import-statement' && i.path.startsWith('@aws-sdk/'))
          .map((i) => i.path),
      ),
    ].sort();
    return { spec, bytes: file.contents.byteLength, code: file.text, packages, modules, initImports };
  });
}

function outputMeta(metafile: Metafile, name: string): Metafile['outputs'][string] {
  const key = Object.keys(metafile.outputs).find((k) => k.endsWith(`/${name}/index.mjs`));
  if (!key) throw new Error(`esbuild's metafile has no output for ${name}`);
  return metafile.outputs[key]!;
}

/** `node_modules/@scope/pkg/…` → `@scope/pkg`; a repository file → its top two folders (`shared/adapters`). */
export function packageOf(input: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
  if (inModules) return inModules[1]!;
  return input.split('/').slice(0, 2).join('/');
}
