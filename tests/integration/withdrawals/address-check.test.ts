import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCreateAddress, JsonRpcProvider, Network, Wallet } from 'ethers';
import { sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import type { LocalEvmNetwork } from '../../../scripts/local/evm/local-chains';
import { EvmCodeReader } from '../../../shared/adapters/evm/evm-code-reader';
import { EvmSweepChain } from '../../../shared/adapters/evm/sweep-chain';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { gasTankAddresses } from '../../../shared/composition/gas-tanks';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { ConsoleClient, createTenants, createUser, startConsoleStack } from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

jest.setTimeout(60_000);

/** Init code of a contract whose runtime is one STOP byte: code at an address that is nobody's wallet. */
const TINY_CONTRACT = '0x6001600c60003960016000f300';

type Check = {
  check: { address: string; contract: boolean | null; refused?: { reason: string; message: string } };
};

/**
 * The console's destination check: eth_getCode (plain JSON-RPC, EvmCodeReader) against the local anvil
 * chain (a contract is a warning, not a refusal), and the burn rules ahead of submitting.
 */
describe('destination check for the console forms (anvil)', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;
  let polygon: LocalEvmNetwork;
  let contract: string;
  let viewer: ConsoleClient;

  beforeAll(async () => {
    stack = await startConsoleStack('addr-check');
    deps = stack.deps;
    tenants = await createTenants(deps);
    const chains = JSON.parse(
      readFileSync(join(process.env['IT_WORK_DIR'] as string, 'chains.json'), 'utf8'),
    ) as { networks: Record<string, LocalEvmNetwork> };
    polygon = chains.networks['POLYGON'] as LocalEvmNetwork;
    // A deployer of its own (the faucet's nonce belongs to the other test files).
    const network = new Network('polygon-local', polygon.chainId);
    const provider = new JsonRpcProvider(polygon.rpcUrl, network, { staticNetwork: network });
    const deployer = Wallet.createRandom().connect(provider);
    await sendNativeFromFaucet(polygon, deployer.address, 10n ** 17n);
    await (await deployer.sendTransaction({ data: TINY_CONTRACT })).wait();
    contract = getCreateAddress({ from: deployer.address, nonce: 0 });
    provider.destroy();
    const user = await createUser(deps, tenants.shopA, 'VIEWER');
    viewer = new ConsoleClient(stack.apiUrl);
    expect((await viewer.signIn(user.email)).status).toBe(200);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('tells a contract from an account with eth_getCode through the EVM adapters', async () => {
    const chain = EvmSweepChain.connect(deps.config.networks.POLYGON);
    try {
      expect(await chain.hasCode(contract)).toBe(true);
      expect(await chain.hasCode(polygon.tokens.USDT.address)).toBe(true);
      expect(await chain.hasCode(Wallet.createRandom().address)).toBe(false);
    } finally {
      chain.close();
    }
    // The API function's reader (plain JSON-RPC, no ethers provider) answers the same.
    const reader = new EvmCodeReader(deps.config.networks, { timeoutMs: 5_000 });
    expect(await reader.hasCode('POLYGON', contract)).toBe(true);
    expect(await reader.hasCode('POLYGON', polygon.tokens.USDT.address)).toBe(true);
    expect(await reader.hasCode('POLYGON', Wallet.createRandom().address)).toBe(false);
    await expect(reader.hasCode('TRON', contract)).rejects.toThrow(/no EVM JSON-RPC endpoint/);
    const unreachable = { ...deps.config.networks.POLYGON, rpcUrls: ['http://127.0.0.1:9'] };
    await expect(
      new EvmCodeReader({ ...deps.config.networks, POLYGON: unreachable }, { timeoutMs: 2_000 }).hasCode(
        'POLYGON',
        contract,
      ),
    ).rejects.toThrow();
  });

  it('warns about a contract, lets an account through, and names what a burnable destination is', async () => {
    const ask = (network: string, address: string) =>
      viewer.get<Check>(`/console/withdrawal-address-check?network=${network}&address=${address}`);

    const warned = await ask('POLYGON', contract.toLowerCase());
    expect([warned.status, warned.body.check]).toEqual([
      200,
      { network: 'POLYGON', address: contract, contract: true },
    ]);

    const plain = Wallet.createRandom().address;
    expect((await ask('POLYGON', plain)).body.check).toEqual({
      network: 'POLYGON',
      address: plain,
      contract: false,
    });

    const token = (await ask('POLYGON', polygon.tokens.USDT.address)).body.check;
    expect(token).toMatchObject({ contract: true, refused: { reason: 'TOKEN_CONTRACT' } });
    const tank = await gasTankAddresses(getDepositDeps())('TRON');
    expect((await ask('TRON', tank)).body.check).toMatchObject({
      contract: null,
      refused: { reason: 'GAS_TANK' },
    });

    const malformed = await viewer.get<{ error: { code: string; fields: { path: string }[] } }>(
      `/console/withdrawal-address-check?network=BSC&address=${plain.slice(2)}`,
    );
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(malformed.body.error.fields.map((f) => f.path)).toEqual(['address']);
  });
});
