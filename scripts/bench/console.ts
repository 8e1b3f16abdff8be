/**
 * Console benchmark (`npx tsx scripts/bench/console.ts [--sign-ins 10] [--requests 300] [--log-n 17]`):
 * sign-in latency (scrypt at the given cost) and an authenticated GET /api/console/me through the local
 * API stand-in (console authorizer + handler against DynamoDB Local), with DynamoDB requests per call.
 * Prints numbers; nothing here is asserted in tests.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { percentile, withBenchTable } from './bench-support';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'sign-ins': { type: 'string', default: '10' },
      requests: { type: 'string', default: '300' },
      'log-n': { type: 'string', default: '17' },
    },
  });
  await withBenchTable(
    'console',
    async () => {
      const { getDeps } = await import('../../shared/composition/gateway');
      const { createLocalApiServer } = await import('../local/api-server');
      const { createPlatform } = await import('../../shared/app/partners/manage-partners');
      const { createConsoleUser } = await import('../../shared/app/accounts/members');
      const deps = getDeps();
      const platform = await createPlatform(
        deps,
        { type: 'SYSTEM', id: 'bench' },
        { code: 'PLATFORM', name: 'Bench' },
      );
      const password = 'Bench-pass-1!';
      const user = await createConsoleUser(
        deps,
        { type: 'SYSTEM', id: 'bench' },
        { partnerId: platform.id, email: 'bench@bench.example', name: 'Bench', role: 'OWNER', password },
      );
      let dynamoCalls = 0;
      deps.db.middlewareStack.add((next) => (a) => ((dynamoCalls += 1), next(a)), {
        step: 'initialize',
        name: 'countCalls',
      });
      const server = createLocalApiServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      const csrf = 'c'.repeat(43);
      const signIn = async () => {
        const res = await fetch(`${apiUrl}/api/console/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: `gw_csrf=${csrf}`, 'x-csrf-token': csrf },
          body: JSON.stringify({ email: user.email, password }),
        });
        if (res.status !== 200) throw new Error(`sign-in ${res.status}: ${await res.text()}`);
        return res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
      };
      await signIn(); // warm-up: module load, signing key
      const signIns: number[] = [];
      let cookie = '';
      for (let i = 0; i < Number(values['sign-ins']); i++) {
        const t = performance.now();
        cookie = await signIn();
        signIns.push(performance.now() - t);
      }
      for (let i = 0; i < 20; i++) await fetch(`${apiUrl}/api/console/me`, { headers: { cookie } });
      dynamoCalls = 0;
      const reads: number[] = [];
      const total = Number(values.requests);
      for (let i = 0; i < total; i++) {
        const t = performance.now();
        const res = await fetch(`${apiUrl}/api/console/me`, { headers: { cookie } });
        await res.arrayBuffer();
        reads.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`GET /console/me ${res.status}`);
      }
      signIns.sort((a, b) => a - b);
      reads.sort((a, b) => a - b);
      const fmt = (n: number) => n.toFixed(1);
      process.stdout.write(
        [
          `console: scrypt N=2^${values['log-n']}, r=8, p=1 (DynamoDB Local in memory, one process)`,
          `  sign-in (password, no 2FA)   p50 ${fmt(percentile(signIns, 50))} ms  p95 ${fmt(percentile(signIns, 95))} ms  (${signIns.length} runs)`,
          `  GET /api/console/me          p50 ${fmt(percentile(reads, 50))} ms  p95 ${fmt(percentile(reads, 95))} ms  (${total} runs, sequential)`,
          `  DynamoDB requests per GET    ${fmt(dynamoCalls / total)} (authorizer: 1 consistent BatchGetItem; handler: user, partner, security)`,
          '',
        ].join('\n'),
      );
      await new Promise((r) => server.close(r));
    },
    { PASSWORD_SCRYPT_LOG_N: values['log-n'] },
  );
}

void main();
