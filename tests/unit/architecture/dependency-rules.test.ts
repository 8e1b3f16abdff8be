import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The dependency rules (.dependency-cruiser.mjs, `npm run deps:check` in `npm test`) on a small tree laid
 * out like the repository: every forbidden import is reported under its rule, and the allowed ones
 * (including the written exceptions) are not. The real tree is checked by `npm run deps:check` itself.
 */
const ROOT = path.resolve(__dirname, '../../..');

const FILES: Record<string, string> = {
  'shared/domain/a.ts': `import 'node:crypto';\nimport '../config/c';\nimport 'ethers';\nimport 'node:fs';\nexport const a = 1;`,
  'shared/domain/b.ts': `import './missing';\nimport './a';\nexport const b = 1;`,
  'shared/domain/chains/addresses.ts': `import 'ethers';\nimport 'zod';\nexport const x = 1;`,
  'shared/domain/accounts/totp.ts': `import 'otplib';\nexport const t = 1;`,
  'shared/config/c.ts': `export const c = 1;`,
  'shared/ports/p.ts': `import '../domain/a';\nimport '../config/c';\nexport const p = 1;`,
  'shared/app/u.ts': `import '../ports/p';\nimport 'zod';\nimport '../adapters/x';\nimport '../api/s';\nimport 'tronweb';\nexport const u = 1;`,
  'shared/app/webhooks/publish-webhook-event.ts': `import '../../../events/webhook-event/schema';\nimport '../../api/s';\nexport const w = 1;`,
  'shared/app/v.ts': `export const v = 1;`,
  'shared/adapters/x.ts': `import '../ports/p';\nimport 'ethers';\nimport 'tronweb';\nimport '../app/v';\nimport '../composition/k';\nimport '../api/s';\nexport const x = 1;`,
  'shared/adapters/lambda/h.ts': `import '../../app/u';\nimport '../../api/s';\nexport const h = 1;`,
  'shared/composition/k.ts': `export const k = 1;`,
  'shared/composition/m.ts': `import '../adapters/lambda/h';\nimport '../app/u';\nexport const m = 1;`,
  'shared/api/s.ts': `import 'zod';\nexport const s = 1;`,
  'shared/api/openapi.ts': `import '../../functions/catalog';\nexport const o = 1;`,
  'shared/api/other.ts': `import '../../functions/catalog';\nimport '../../functions/f';\nexport const r = 1;`,
  'shared/domain/c1.ts': `import './c2';\nexport const c1 = 1;`,
  'shared/domain/c2.ts': `import './c1';\nexport const c2 = 1;`,
  'shared/domain/t1.ts': `import type { T } from './t2';\nexport const t1: T | 1 = 1;`,
  'shared/domain/t2.ts': `import { t1 } from './t1';\nexport type T = typeof t1;`,
  'functions/catalog.ts': `export const FUNCTIONS = [];`,
  'functions/f.ts': `import '../shared/composition/k';\nimport '@middy/core';\nimport '@aws-sdk/client-dynamodb';\nimport './g';\nexport const f = 1;`,
  'functions/g.ts': `export const g = 1;`,
  'events/webhook-event/schema.ts': `import '../../shared/domain/a';\nexport const e = 1;`,
  'events/e.ts': `import '../shared/app/u';\nexport const e = 1;`,
  'shared/domain/chains/networks.ts': `import '../a';\nexport const n = 1;`,
  'console/src/page.tsx': `import '../../shared/domain/chains/networks';\nimport '../../shared/domain/a';\nexport const q = 1;`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true },
  }),
};

interface PackageJson {
  readonly scripts: Record<string, string>;
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dependency-rules-'));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `npm run deps:check`'s command (read from package.json) run in the fixture tree: its exit code and its
 * `rule: from → to` lines (a cycle is reported once, by its first edge).
 */
function cruise(): { violations: string[]; exitCode: number } {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  const [command, ...args] = (scripts['deps:check'] ?? '').split(' ');
  expect(command).toBe('depcruise');
  args[args.indexOf('--config') + 1] = path.join(ROOT, '.dependency-cruiser.mjs');
  let stdout: string;
  let exitCode = 0;
  try {
    // The bin through the node running the tests (dependency-cruiser needs node >= 22, as the project does).
    const bin = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
    stdout = execFileSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  } catch (e) {
    const err = e as { status: number; stdout: string };
    exitCode = err.status;
    stdout = err.stdout;
  }
  const short = (to: string) => to.replace(/^node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1');
  const violations = [...stdout.matchAll(/^\s*error (\S+): (\S+) →\s+(\S+)/gm)].map(
    ([, rule, from, to]) => `${rule}: ${from} → ${short(to as string)}`,
  );
  return { exitCode, violations: violations.sort() };
}

describe('the dependency rules of DESIGN.md §3', () => {
  it('report every forbidden import under its rule, fail the run, and let the allowed ones through', () => {
    const { violations, exitCode } = cruise();
    expect(violations).toEqual(
      [
        'domain-imports-only-domain: shared/domain/a.ts → shared/config/c.ts',
        'domain-no-libraries: shared/domain/a.ts → ethers',
        'domain-pure-node-modules-only: shared/domain/a.ts → fs',
        'no-unresolvable-imports: shared/domain/b.ts → ./missing',
        'domain-addresses-only-ethers: shared/domain/chains/addresses.ts → zod',
        'ports-import-only-domain-and-ports: shared/ports/p.ts → shared/config/c.ts',
        'app-imports-domain-and-ports: shared/app/u.ts → shared/adapters/x.ts',
        'app-imports-domain-and-ports: shared/app/u.ts → shared/api/s.ts',
        'app-no-infrastructure-libraries: shared/app/u.ts → tronweb',
        'no-tronweb-in-the-product: shared/app/u.ts → tronweb',
        'no-tronweb-in-the-product: shared/adapters/x.ts → tronweb',
        'app-known-exception: shared/app/webhooks/publish-webhook-event.ts → shared/api/s.ts',
        'only-inbound-adapters-call-use-cases: shared/adapters/x.ts → shared/app/v.ts',
        'adapters-do-not-compose: shared/adapters/x.ts → shared/composition/k.ts',
        'only-http-adapters-read-wire-schemas: shared/adapters/x.ts → shared/api/s.ts',
        'only-openapi-reads-the-function-catalog: shared/api/other.ts → functions/catalog.ts',
        'shared-never-imports-functions: shared/api/other.ts → functions/f.ts',
        'functions-only-compose: functions/f.ts → @aws-sdk/client-dynamodb',
        'functions-only-compose: functions/f.ts → functions/g.ts',
        'events-are-schemas: events/e.ts → shared/app/u.ts',
        'no-circular: shared/domain/c1.ts → shared/domain/c2.ts',
        'codes-import-nothing: shared/domain/chains/networks.ts → shared/domain/a.ts',
        'console-reads-only-codes: console/src/page.tsx → shared/domain/a.ts',
      ].sort(),
    );
    expect(exitCode).toBe(violations.length);
  });
});
