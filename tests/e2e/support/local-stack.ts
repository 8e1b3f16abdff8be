import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { freePort } from '../../../scripts/local/ports';
import type { LocalStackFile } from '../../../scripts/local/stack-file';
import { totpCodeAt, totpStepAt } from '../../../shared/domain/accounts/totp';

/**
 * `npm start` for browser tests: the whole local stack in a child process on free ports with its own
 * data directory, exactly as a developer runs it, and `.local/stack.json`'s twin to drive it.
 */
export interface RunningStack {
  readonly dataDir: string;
  readonly file: LocalStackFile;
  readonly output: () => string;
  stop(): Promise<number | null>;
}

/** Lower scrypt cost (as the npm-start test does); `npm start` itself keeps the production default. */
export const STACK_SCRYPT_LOG_N = '12';

export async function startLocalStack(options: { readyTimeoutMs?: number } = {}): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-e2e-'));
  const ports = {
    api: await freePort(),
    dynamo: await freePort(),
    bsc: await freePort(),
    polygon: await freePort(),
    tron: await freePort(),
    priceFeed: await freePort(),
    s3: await freePort(),
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/local/start.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(ports.api),
      DYNAMODB_PORT: String(ports.dynamo),
      BSC_RPC_PORT: String(ports.bsc),
      POLYGON_RPC_PORT: String(ports.polygon),
      TRON_RPC_PORT: String(ports.tron),
      PRICE_FEED_PORT: String(ports.priceFeed),
      S3_PORT: String(ports.s3),
      LOCAL_DATA_DIR: dataDir,
      LOG_REQUESTS: '0',
      PASSWORD_SCRYPT_LOG_N: STACK_SCRYPT_LOG_N,
      TABLE_NAME: '',
      DYNAMODB_ENDPOINT: '',
      RPC_URL_BSC: '',
      RPC_URL_POLYGON: '',
      RPC_URL_TRON: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`stack did not come up:\n${output}`)),
      options.readyTimeoutMs ?? 150_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Stablecoin gateway is up')) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  const file = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as LocalStackFile;
  return {
    dataDir,
    file,
    output: () => output,
    stop: async () => {
      child.removeAllListeners('exit');
      const exited =
        child.exitCode !== null
          ? Promise.resolve(child.exitCode)
          : new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * Points this process's wiring (functions/composition) at the running stack, so a test can seed users
 * or run a scheduled function now instead of waiting for the local scheduler.
 */
export function useStackEnvironment(stack: RunningStack): void {
  Object.assign(process.env, {
    APP_ENV: 'local',
    TABLE_NAME: stack.file.tableName,
    DYNAMODB_ENDPOINT: stack.file.dynamodbEndpoint,
    KEY_VAULT: 'local-file',
    LOCAL_KEY_FILE: resolve(stack.dataDir, 'master.key'),
    RPC_URL_BSC: stack.file.networks['BSC']?.rpcUrl ?? '',
    RPC_URL_POLYGON: stack.file.networks['POLYGON']?.rpcUrl ?? '',
    CONSOLE_URL: stack.file.consoleUrl,
    DOCUMENTS_BUCKET: stack.file.s3?.bucket ?? '',
    S3_ENDPOINT: stack.file.s3?.endpoint ?? '',
    S3_FORCE_PATH_STYLE: 'true',
    EMAIL_TRANSPORT: 'outbox',
    PASSWORD_SCRYPT_LOG_N: STACK_SCRYPT_LOG_N,
    LOG_LEVEL: 'SILENT',
    AWS_REGION: 'us-east-1',
  });
}

/** Each TOTP time step works once per user: hand out unused steps, waiting for the next one when needed. */
const usedSteps = new Map<string, number>();
export async function freshTotp(secret: string): Promise<string> {
  for (;;) {
    const now = Date.now();
    const step = Math.max(totpStepAt(now), (usedSteps.get(secret) ?? -Infinity) + 1);
    if (step <= totpStepAt(now) + 1) {
      usedSteps.set(secret, step);
      return totpCodeAt(secret, step * 30_000);
    }
    await new Promise((r) => setTimeout(r, (30 - ((now / 1000) % 30)) * 1000 + 200));
  }
}

export const ARTIFACTS_DIR = resolve(process.cwd(), 'test-artifacts/console');

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

export function writeArtifact(name: string, content: string): void {
  writeFileSync(artifactPath(name), content);
}

/**
 * A console user of the stack's partner with 2FA on and a known TOTP secret, written the way the demo
 * seed writes the owner (no 24 h withdrawal lock: nobody changed their security, it was born so).
 */
export async function seedConsoleUser(
  deps: GatewayDeps,
  partnerId: string,
  role: 'OWNER' | 'ADMIN' | 'OPERATOR' | 'APPROVER' | 'FINANCE' | 'VIEWER',
  email: string,
  options: { twoFactor?: boolean } = {},
): Promise<{ email: string; password: string; totpSecret: string }> {
  const { createConsoleUser } = await import('../../../shared/app/accounts/members');
  const { totpSecretContext } = await import('../../../shared/app/accounts/second-factor');
  const { generateSecret } = await import('otplib');
  const password = `E2e-${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}-7!`;
  const totpSecret = generateSecret({ length: 20 });
  const now = new Date().toISOString();
  const user = await createConsoleUser(
    deps,
    { type: 'SYSTEM', id: 'e2e-test' },
    { partnerId, email, name: `${role} (e2e)`, role, password },
  );
  if (options.twoFactor === false) return { email, password, totpSecret: '' };
  await deps.users.beginTwoFactorSetup(
    user.id,
    await deps.keyVault.encrypt(Buffer.from(totpSecret, 'utf8'), totpSecretContext(user.id)),
    now,
  );
  await deps.users.enableTwoFactor(user.id, 0, [], now);
  return { email, password, totpSecret };
}
