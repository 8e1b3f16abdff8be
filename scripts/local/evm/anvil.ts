import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_MNEMONIC } from '../../../shared/config/networks';
import { jsonRpc } from './json-rpc';

/**
 * Runs one anvil node as a child process.
 *
 * Persistence: anvil's own `--state <file>` loads the file at start (when present) and dumps the whole
 * chain (accounts, blocks, receipts) on SIGTERM/SIGINT; `--state-interval` also dumps periodically so
 * a crash loses little. Anvil rewrites the file in place (no temp file + rename), so a crash during
 * a dump leaves truncated JSON that anvil then refuses to start with. Before each start the file is
 * therefore checked, a good copy is kept as `<file>.bak`, and a bad file is replaced by the backup.
 */

export interface AnvilOptions {
  /** TCP port; 0 lets the OS pick a free one (the bound port is read from anvil's output). */
  readonly port: number;
  readonly chainId: number;
  /** Short label used for the log file name and error messages, e.g. `bsc`. */
  readonly name?: string;
  /** State file: loaded at start if it exists, dumped on stop and every `stateIntervalSeconds`. */
  readonly statePath?: string;
  /** Periodic dump interval when `statePath` is set. Defaults to 5 s (each dump rewrites the whole file). */
  readonly stateIntervalSeconds?: number;
  /** Interval mining (a block every N seconds, fractions allowed). When absent, every tx is mined at once. */
  readonly blockTimeSeconds?: number;
  /** When set, anvil's output is appended to `<logDir>/anvil-<name>.log`; otherwise it is discarded. */
  readonly logDir?: string;
  readonly mnemonic?: string;
  readonly accounts?: number;
  /** Native balance of every dev account, in whole ether. */
  readonly balanceEther?: number;
  readonly startTimeoutMs?: number;
  /** Where warnings (e.g. a recovered state file) go. Defaults to console.warn. */
  readonly warn?: (message: string) => void;
}

export interface AnvilNode {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly port: number;
  /** Pid of the anvil process itself (not of its watchdog shell). */
  readonly pid: number;
  stop(): Promise<void>;
}

const DEFAULT_STATE_INTERVAL_SECONDS = 5;
const DEFAULT_BALANCE_ETHER = 1_000_000_000;
const DEFAULT_START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_TAIL_CHARS = 4_000;

/**
 * Anvil runs under a tiny shell watchdog: the parent holds the write end of the shell's stdin, and the
 * kernel closes it however the parent dies (even SIGKILL, when no 'exit' handler runs), so the
 * watchdog sees EOF and SIGTERMs anvil, which then dumps its state. SIGTERM/SIGINT/SIGHUP to the
 * shell are forwarded the same way. The first output line is anvil's pid.
 */
const WATCHDOG_SCRIPT = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'child=$!',
  'echo "anvil-pid=$child"',
  'trap \'kill -TERM "$child" 2>/dev/null\' TERM INT HUP',
  // The watcher must not hold the output pipes, or the parent would see them open after anvil exits.
  '(cat <&3; kill -TERM "$child") >/dev/null 2>&1 &',
  'wait "$child"; status=$?',
  // `wait` returns early when a trapped signal arrives; keep waiting for anvil's real exit.
  'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
  'exit "$status"',
].join('\n');

export function anvilBinaryPath(rootDir: string = process.cwd()): string {
  const fromEnv = process.env.ANVIL_BIN;
  if (fromEnv) return fromEnv;
  return path.join(rootDir, 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
}

export async function startAnvil(options: AnvilOptions): Promise<AnvilNode> {
  const name = options.name ?? `chain-${options.chainId}`;
  const binary = anvilBinaryPath();
  if (!existsSync(binary)) {
    throw new Error(
      `anvil binary not found at ${binary} (install @foundry-rs/anvil-linux-amd64 or set ANVIL_BIN)`,
    );
  }
  if (options.statePath) await prepareStateFile(options.statePath, options.warn ?? console.warn);
  const log = options.logDir ? await openLog(options.logDir, name) : undefined;

  const child = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'anvil-watchdog', binary, ...anvilArgs(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  trackChild(child);
  const output = captureOutput(child, log);

  try {
    const { port, pid } = await waitForListening(
      child,
      output,
      name,
      options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    );
    const rpcUrl = `http://127.0.0.1:${port}`;
    await waitForRpc(rpcUrl, options.chainId, child, output, name);
    return { rpcUrl, chainId: options.chainId, port, pid, stop: once(() => stopChild(child, pid, log)) };
  } catch (error) {
    await stopChild(child, undefined, log);
    throw error;
  }
}

function anvilArgs(options: AnvilOptions): string[] {
  const flags: [string, string | number][] = [
    ['--host', '127.0.0.1'],
    ['--port', options.port],
    ['--chain-id', options.chainId],
    ['--mnemonic', options.mnemonic ?? LOCAL_MNEMONIC],
    ['--accounts', options.accounts ?? 10],
    ['--balance', options.balanceEther ?? DEFAULT_BALANCE_ETHER],
    // Plain text: the output is parsed for the bound port and may go to a log file.
    ['--color', 'never'],
  ];
  if (options.blockTimeSeconds !== undefined) flags.push(['--block-time', options.blockTimeSeconds]);
  if (options.statePath) {
    flags.push(['--state', options.statePath]);
    flags.push(['--state-interval', options.stateIntervalSeconds ?? DEFAULT_STATE_INTERVAL_SECONDS]);
  }
  return flags.flatMap(([flag, value]) => [flag, String(value)]);
}

/**
 * Makes sure anvil can start from `statePath`: creates its directory, keeps a backup of a good file,
 * and swaps a truncated file (a crash mid-dump) for the backup, or moves it aside and starts fresh.
 */
export async function prepareStateFile(statePath: string, warn: (message: string) => void): Promise<void> {
  await mkdir(path.dirname(statePath), { recursive: true });
  const backupPath = `${statePath}.bak`;
  const current = await readJsonState(statePath);
  if (current === 'ok') {
    await copyFile(statePath, backupPath);
    return;
  }
  if (current === 'missing') return;
  const corruptPath = `${statePath}.corrupt-${Date.now()}`;
  await rename(statePath, corruptPath);
  if ((await readJsonState(backupPath)) === 'ok') {
    await copyFile(backupPath, statePath);
    warn(`anvil state ${statePath} was unreadable (moved to ${corruptPath}); restored the previous backup`);
  } else {
    warn(`anvil state ${statePath} was unreadable (moved to ${corruptPath}); starting a fresh chain`);
  }
}

async function readJsonState(file: string): Promise<'ok' | 'missing' | 'corrupt'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const state = JSON.parse(text) as { block?: unknown; accounts?: unknown };
    return state.block && state.accounts ? 'ok' : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

async function openLog(logDir: string, name: string): Promise<WriteStream> {
  await mkdir(logDir, { recursive: true });
  const stream = createWriteStream(path.join(logDir, `anvil-${name}.log`), { flags: 'a' });
  stream.write(`\n--- anvil ${name} starting at ${new Date().toISOString()} ---\n`);
  return stream;
}

interface OutputCapture {
  /** The last few KB of stdout+stderr, for error messages. */
  tail(): string;
  onLine(listener: (line: string) => void): () => void;
}

function captureOutput(child: ChildProcess, log: WriteStream | undefined): OutputCapture {
  let tail = '';
  let partial = '';
  const listeners = new Set<(line: string) => void>();
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    log?.write(text);
    tail = (tail + text).slice(-OUTPUT_TAIL_CHARS);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  };
  // Both streams are always drained: a full pipe would block anvil's logging and so anvil itself.
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    tail: () => tail,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function waitForListening(
  child: ChildProcess,
  output: OutputCapture,
  name: string,
  timeoutMs: number,
): Promise<{ port: number; pid: number }> {
  return new Promise((resolve, reject) => {
    let pid: number | undefined;
    let port: number | undefined;
    const cleanup = () => {
      clearTimeout(timer);
      removeListener();
      child.off('exit', onExit);
    };
    const removeListener = output.onLine((line) => {
      const pidMatch = /^anvil-pid=(\d+)/.exec(line);
      if (pidMatch) pid = Number(pidMatch[1]);
      const listenMatch = /Listening on [^\s]+:(\d+)/.exec(line);
      if (listenMatch) port = Number(listenMatch[1]);
      if (pid !== undefined && port !== undefined) {
        cleanup();
        resolve({ port, pid });
      }
    });
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`anvil ${name} exited (code ${code}) before listening:\n${output.tail()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`anvil ${name} did not start listening within ${timeoutMs} ms:\n${output.tail()}`));
    }, timeoutMs);
    child.on('exit', onExit);
  });
}

async function waitForRpc(
  rpcUrl: string,
  chainId: number,
  child: ChildProcess,
  output: OutputCapture,
  name: string,
): Promise<void> {
  const deadline = Date.now() + 5_000;
  let reported: number | undefined;
  while (reported === undefined) {
    if (child.exitCode !== null) throw new Error(`anvil ${name} exited while starting:\n${output.tail()}`);
    try {
      reported = Number(await jsonRpc<string>(rpcUrl, 'eth_chainId'));
    } catch (error) {
      // "Listening" is printed just before the server accepts requests; retry briefly.
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
  if (reported !== chainId)
    throw new Error(`anvil ${name} reports chain id ${reported}, expected ${chainId}`);
}

// One process-wide 'exit' handler for all live nodes: signals are all that can be sent synchronously
// from it. The stdin watchdog covers deaths where 'exit' never fires.
const liveChildren = new Set<ChildProcess>();
let exitHandlerInstalled = false;

function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const live of liveChildren) live.kill('SIGTERM');
  });
}

async function stopChild(
  child: ChildProcess,
  anvilPid: number | undefined,
  log: WriteStream | undefined,
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGTERM');
    if (!(await settlesWithin(exited, STOP_TIMEOUT_MS))) {
      if (anvilPid !== undefined) killQuietly(anvilPid);
      child.kill('SIGKILL');
      await exited;
    }
  }
  // Closing stdin ends the watchdog's `cat`, which would otherwise linger until this process exits.
  child.stdin?.destroy();
  if (log) await new Promise<void>((resolve) => log.end(resolve));
}

/** Whether `promise` settles within `ms`; the timer is cleared so it never holds the process open. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
