import { spawnSync } from 'node:child_process';

/**
 * `npm run bench -- fuzz [--runs 20000] [--seed 1]`: a longer campaign of the partner API fuzz test
 * (tests/integration/api/partner-api-fuzz.test.ts, 2,000 seeded requests in `npm test`), through the
 * integration project so DynamoDB Local and the chains are started and stopped as there. The test prints
 * requests, routes, 5xx and statuses, and fails on any 5xx, undocumented answer or refusal that changed
 * state.
 */
export async function benchFuzz(args: string[]): Promise<void> {
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
  };
  const result = spawnSync(
    'npx',
    [
      'jest',
      '--selectProjects',
      'integration',
      '--testPathPatterns',
      'tests/integration/api/partner-api-fuzz',
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        FUZZ_RUNS: option('runs', '20000'),
        FUZZ_SEED: option('seed', String(Date.now() % 1e9)),
      },
    },
  );
  if (result.status !== 0) throw new Error(`fuzz campaign failed (exit ${String(result.status)})`);
}
