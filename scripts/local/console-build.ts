import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The partner console is a Vite build (console/dist). `npm start` serves that build, so it (re)builds
 * it first when it is missing or older than any of its sources: a fresh clone and a `git pull` both
 * just work, and an unchanged console costs one directory walk.
 */
const SOURCES = [
  'console/src',
  'console/public',
  'console/index.html',
  'console/vite.config.ts',
  'package-lock.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function consoleBuildState(rootDir: string): 'missing' | 'stale' | 'fresh' {
  const index = resolve(rootDir, 'console/dist/index.html');
  if (!existsSync(index)) return 'missing';
  const built = statSync(index).mtimeMs;
  return SOURCES.some((s) => newestMtime(resolve(rootDir, s)) > built) ? 'stale' : 'fresh';
}

/** Runs `vite build` for the console; resolves with its output, rejects with it when the build fails. */
export function buildConsole(rootDir: string): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn(
      resolve(rootDir, 'node_modules/.bin/vite'),
      ['build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: rootDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', rej);
    child.once('exit', (code) =>
      code === 0 ? res(output) : rej(new Error(`console build failed (exit ${code}):\n${output}`)),
    );
  });
}

/** A lock older than this belongs to a build that died: taken over. */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * One build at a time across processes (two `npm start`s, or test files starting stacks in parallel):
 * a lock directory next to the build; whoever waits on it re-checks the build afterwards.
 */
async function withBuildLock<T>(rootDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = resolve(rootDir, 'console/.build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS)
        rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the console when missing or stale; says what it did. */
export async function ensureConsoleBuilt(rootDir: string, say: (line: string) => void): Promise<void> {
  if (consoleBuildState(rootDir) === 'fresh') return;
  await withBuildLock(rootDir, async () => {
    const state = consoleBuildState(rootDir);
    if (state === 'fresh') return; // another process built it while we waited
    say(`Building the console (${state === 'missing' ? 'no build yet' : 'sources changed'})…`);
    const t0 = Date.now();
    await buildConsole(rootDir);
    say(`  Console built in ${((Date.now() - t0) / 1000).toFixed(1)} s (console/dist)`);
  });
}
