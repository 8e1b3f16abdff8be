import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileContract } from '../../../scripts/local/evm/compile-contracts';
import { makeTempDir } from './evm-test-support';

describe('compileContract', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = makeTempDir(prefix);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('compiles TestStablecoin once and serves the cached artifact afterwards', async () => {
    const cacheDir = tempDir('gateway-solc-cache-');

    const cold = await compileContract({ cacheDir });
    const warm = await compileContract({ cacheDir });

    expect(cold.fromCache).toBe(false);
    expect(warm.fromCache).toBe(true);
    expect(warm.artifact).toEqual(cold.artifact);
    expect(cold.artifact.compilerVersion).toBe('0.8.37');
    expect(cold.artifact.bytecode).toMatch(/^0x60[0-9a-f]+$/);
    const functions = cold.artifact.abi.flatMap((entry) => {
      const item = entry as { type: string; name?: string };
      return item.type === 'function' ? [item.name] : [];
    });
    expect(functions).toEqual(expect.arrayContaining(['decimals', 'mint', 'transfer', 'balanceOf', 'owner']));
  }, 60_000);

  it('recompiles when a source changes', async () => {
    const cacheDir = tempDir('gateway-solc-cache-');
    const contractsDir = tempDir('gateway-solc-src-');
    const original = readFileSync(path.join(process.cwd(), 'contracts', 'TestStablecoin.sol'), 'utf8');
    writeFileSync(path.join(contractsDir, 'TestStablecoin.sol'), original);
    const first = await compileContract({ cacheDir, contractsDir });

    writeFileSync(path.join(contractsDir, 'TestStablecoin.sol'), `${original}\n// changed\n`);
    const second = await compileContract({ cacheDir, contractsDir });

    expect(second.fromCache).toBe(false);
    expect(second.artifact.cacheKey).not.toBe(first.artifact.cacheKey);
  }, 60_000);

  it("fails with the compiler's own error message", async () => {
    const contractsDir = tempDir('gateway-solc-broken-');
    mkdirSync(contractsDir, { recursive: true });
    writeFileSync(
      path.join(contractsDir, 'Broken.sol'),
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract Broken { function f() public { undefinedThing(); } }\n',
    );

    await expect(
      compileContract({ cacheDir: tempDir('gateway-solc-cache-'), contractsDir, sourceFile: 'Broken.sol' }),
    ).rejects.toThrow(
      /solc 0\.8\.37 failed to compile contracts:[\s\S]*DeclarationError: Undeclared identifier[\s\S]*Broken\.sol/,
    );
  }, 60_000);
});
