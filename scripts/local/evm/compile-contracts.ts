import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Compiles the local test contracts with solc-js (the compiler bundled in the `solc` npm package, so no
 * compiler download is ever attempted) and caches the artifact on disk, so a restart of the local
 * stack skips the ~1 s compile.
 *
 * Files are resolved from `process.cwd()` (the repo root), not `import.meta`, because Jest runs this
 * module as CommonJS.
 */

export interface ContractArtifact {
  readonly contractName: string;
  readonly abi: readonly unknown[];
  /** 0x-prefixed creation bytecode. */
  readonly bytecode: string;
  readonly compilerVersion: string;
  /** The cache key the artifact was stored under; equal keys mean identical inputs. */
  readonly cacheKey: string;
}

export interface CompileContractOptions {
  /** Directory for cached artifacts (e.g. `.local/cache`); a `solc/` folder is created inside. */
  readonly cacheDir: string;
  /** Source file name inside `contracts/`. Defaults to `TestStablecoin.sol`. */
  readonly sourceFile?: string;
  /** Defaults to the source file name without `.sol`. */
  readonly contractName?: string;
  /** Repository root, where node_modules is; defaults to `process.cwd()`. */
  readonly rootDir?: string;
  /** Folder of `.sol` sources; defaults to `<rootDir>/contracts`. */
  readonly contractsDir?: string;
}

export interface CompileResult {
  readonly artifact: ContractArtifact;
  readonly fromCache: boolean;
}

// cancun is the newest fork every local EVM we use executes; anvil's default fork is newer and
// runs cancun bytecode unchanged.
const EVM_VERSION = 'cancun';
const OPTIMIZER_RUNS = 200;
const OZ_PREFIX = '@openzeppelin/contracts/';

interface SolcOutputError {
  readonly severity: 'error' | 'warning' | 'info';
  readonly formattedMessage?: string;
  readonly message: string;
}

interface SolcOutput {
  readonly errors?: readonly SolcOutputError[];
  readonly contracts?: Record<
    string,
    Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>
  >;
}

interface SolcModule {
  compile(
    input: string,
    callbacks: { import: (importPath: string) => { contents: string } | { error: string } },
  ): string;
}

export async function compileContract(options: CompileContractOptions): Promise<CompileResult> {
  const rootDir = options.rootDir ?? process.cwd();
  const sourceFile = options.sourceFile ?? 'TestStablecoin.sol';
  const contractName = options.contractName ?? path.basename(sourceFile, '.sol');
  const requireFromRoot = createRequire(path.join(rootDir, 'package.json'));

  const contractsDir = options.contractsDir ?? path.join(rootDir, 'contracts');
  const sources = await readContractSources(contractsDir);
  if (sources[sourceFile] === undefined) throw new Error(`${sourceFile} not found in ${contractsDir}`);
  const compilerVersion = packageVersion(requireFromRoot, 'solc');
  const settings = compilerSettings();
  const cacheKey = hashInputs({
    compilerVersion,
    ozVersion: packageVersion(requireFromRoot, '@openzeppelin/contracts'),
    settings,
    sources,
    sourceFile,
    contractName,
  });
  const cacheFile = path.join(options.cacheDir, 'solc', `${contractName}-${cacheKey.slice(0, 16)}.json`);

  const cached = await readCachedArtifact(cacheFile, cacheKey);
  if (cached) return { artifact: cached, fromCache: true };

  const artifact = runSolc({
    requireFromRoot,
    sources,
    settings,
    sourceFile,
    contractName,
    compilerVersion,
    cacheKey,
  });
  await writeFileAtomically(cacheFile, JSON.stringify(artifact));
  return { artifact, fromCache: false };
}

/** The token contract used for the local USDT/USDC. */
export async function compileTestStablecoin(cacheDir: string): Promise<ContractArtifact> {
  const { artifact } = await compileContract({ cacheDir });
  return artifact;
}

async function readContractSources(contractsDir: string): Promise<Record<string, string>> {
  const names = (await readdir(contractsDir)).filter((name) => name.endsWith('.sol')).sort();
  const entries = await Promise.all(
    names.map(async (name) => [name, await readFile(path.join(contractsDir, name), 'utf8')] as const),
  );
  return Object.fromEntries(entries);
}

function compilerSettings() {
  return {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  };
}

function packageVersion(requireFromRoot: NodeJS.Require, name: string): string {
  const pkg = requireFromRoot(`${name}/package.json`) as { version: string };
  return pkg.version;
}

// Imported OpenZeppelin files are not read here: they only change with the package version, which
// is part of the key.
function hashInputs(inputs: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

async function readCachedArtifact(
  cacheFile: string,
  cacheKey: string,
): Promise<ContractArtifact | undefined> {
  try {
    const artifact = JSON.parse(await readFile(cacheFile, 'utf8')) as ContractArtifact;
    // A truncated or foreign file is treated as a miss rather than trusted.
    return artifact.cacheKey === cacheKey && artifact.bytecode?.startsWith('0x') ? artifact : undefined;
  } catch {
    return undefined;
  }
}

function runSolc(input: {
  requireFromRoot: NodeJS.Require;
  sources: Record<string, string>;
  settings: ReturnType<typeof compilerSettings>;
  sourceFile: string;
  contractName: string;
  compilerVersion: string;
  cacheKey: string;
}): ContractArtifact {
  // Loaded lazily: requiring solc parses an ~8 MB emscripten build, wasted time on a cache hit.
  const solc = input.requireFromRoot('solc') as SolcModule;
  const standardInput = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(input.sources).map(([name, content]) => [name, { content }])),
    settings: input.settings,
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(standardInput), { import: importResolver(input.requireFromRoot) }),
  ) as SolcOutput;

  const errors = (output.errors ?? []).filter((entry) => entry.severity === 'error');
  if (errors.length > 0) {
    const messages = errors.map((entry) => entry.formattedMessage ?? entry.message).join('\n');
    throw new Error(`solc ${input.compilerVersion} failed to compile contracts:\n${messages}`);
  }
  const contract = output.contracts?.[input.sourceFile]?.[input.contractName];
  if (!contract || contract.evm.bytecode.object.length === 0) {
    throw new Error(`solc produced no bytecode for ${input.sourceFile}:${input.contractName}`);
  }
  return {
    contractName: input.contractName,
    abi: contract.abi,
    bytecode: `0x${contract.evm.bytecode.object}`,
    compilerVersion: input.compilerVersion,
    cacheKey: input.cacheKey,
  };
}

/** Serves `@openzeppelin/contracts/...` imports from node_modules; solc resolves relative imports itself. */
function importResolver(requireFromRoot: NodeJS.Require) {
  const ozRoot = path.dirname(requireFromRoot.resolve('@openzeppelin/contracts/package.json'));
  return (importPath: string): { contents: string } | { error: string } => {
    if (!importPath.startsWith(OZ_PREFIX)) return { error: `import not allowed: ${importPath}` };
    const file = path.join(ozRoot, importPath.slice(OZ_PREFIX.length));
    try {
      // solc-js calls the callback synchronously, so the read has to be synchronous too.
      return { contents: readFileSync(file, 'utf8') };
    } catch (error) {
      return { error: `cannot read ${importPath}: ${(error as Error).message}` };
    }
  };
}

async function writeFileAtomically(file: string, contents: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}
