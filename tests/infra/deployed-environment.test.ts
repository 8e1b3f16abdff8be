import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { GetPublicKeyCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import type { GetPublicKeyCommandInput } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { build } from 'esbuild';
import { computeAddress, getBytes, SigningKey } from 'ethers';
import { FUNCTIONS } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import { tronAddressOfPublicKey } from '../../shared/adapters/tron/tron-address';
import { buildMasterWallets } from '../../shared/composition/master-wallets';
import type { DepositDeps } from '../../shared/composition/deposits';
import { parseConfig } from '../../shared/config/config';
import { NETWORK_CODES } from '../../shared/config/networks';
import { ecSpki } from '../unit/signers/fake-kms';
import { gateway } from './support/gateway-app';
import { actionsOf, functionsByName, logicalId, refId, statementsOfRole } from './support/template-helpers';

/** The module that decides where MASTER is (its address; the signers of master-wallets.ts build on it). */
const MASTER_MODULE = 'shared/composition/master-addresses.ts';
/** The module that resolves the withdrawal workflow (the state machine ARN, or a given workflow). */
const WORKFLOW_MODULE = 'shared/composition/withdrawal-workflow.ts';
const ACCOUNT = '111122223333';

/** The catalog functions whose bundle includes `module` (esbuild's metafile, packages external). */
async function functionsReaching(module: string): Promise<Set<string>> {
  const reaching = new Set<string>();
  for (const spec of FUNCTIONS) {
    const out = await build({
      entryPoints: [spec.entry],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      metafile: true,
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs).map((p) => relative(process.cwd(), p));
    if (inputs.includes(module)) reaching.add(spec.name);
  }
  return reaching;
}

/**
 * A KMS holding one secp256k1 key per key id (derived from the id, so the same id always answers with
 * the same public key), answering GetPublicKey as KMS does: DER SubjectPublicKeyInfo, NotFound otherwise.
 */
function kmsWithKeys(keyIds: readonly string[]) {
  const client = new KMSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
  });
  const keys = new Map(
    keyIds.map((id) => [id, new SigningKey(createHash('sha256').update(id).digest())] as const),
  );
  mockClient(client)
    .on(GetPublicKeyCommand)
    .callsFake((input: GetPublicKeyCommandInput) => {
      const key = keys.get(input.KeyId ?? '');
      if (!key) throw new NotFoundException({ $metadata: { httpStatusCode: 400 }, message: 'no such key' });
      return {
        KeyId: input.KeyId,
        PublicKey: ecSpki(getBytes(key.publicKey)),
        KeySpec: 'ECC_SECG_P256K1',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['ECDSA_SHA_256'],
      };
    });
  return { client, keys };
}

describe('deployed environment: what each function resolves on AWS', () => {
  const g = gateway();
  const dataTemplate = g.template(g.data).toJSON() as {
    Outputs?: Record<string, { Value: unknown; Export?: { Name?: string } }>;
  };
  const outputs = dataTemplate.Outputs ?? {};
  const exports = new Map(
    Object.values(outputs)
      .filter((o) => o.Export?.Name)
      .map((o) => [o.Export!.Name!, o.Value] as const),
  );
  /** Logical id of the data-stack resource a value points at, through a cross-stack reference if any. */
  const targetOf = (value: unknown): string | undefined => {
    const v = (value ?? {}) as { 'Fn::ImportValue'?: string; 'Fn::GetStackOutput'?: { OutputName?: string } };
    if (typeof v['Fn::ImportValue'] === 'string') return refId(exports.get(v['Fn::ImportValue']));
    const output = v['Fn::GetStackOutput']?.OutputName;
    if (output) return refId(outputs[output]?.Value);
    return refId(value);
  };
  const evmKey = logicalId(g.data.evmSigningKey);
  const tronKey = logicalId(g.data.tronSigningKey);
  const keyArn = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;

  const deployed = g.all.flatMap((stack) => {
    const template = g.template(stack);
    return [...functionsByName(template)]
      .filter(([name]) => name.startsWith('gateway-dev-'))
      .map(([name, fn]) => {
        const spec = FUNCTIONS.find((f) => `gateway-dev-${f.name}` === name) as FunctionSpec;
        const env = (fn.props.Environment as { Variables: Record<string, unknown> }).Variables;
        return { spec, name, template, roleId: refId(fn.props.Role)!, env };
      });
  });

  /** The function's environment as its Lambda sees it: tokens become the ARNs / URLs they resolve to. */
  const resolvedEnv = (env: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(env).map(([name, value]) => {
        if (typeof value === 'string') return [name, value];
        const target = targetOf(value);
        if (name.endsWith('_URL'))
          return [name, `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${target ?? name}`];
        return [name, keyArn(target ?? name)];
      }),
    );

  it('gives every function the same MASTER environment: KMS mode and the two family keys', () => {
    expect(deployed).toHaveLength(FUNCTIONS.length);
    for (const { spec, env } of deployed) {
      expect({ fn: spec.name, signer: env['MASTER_SIGNER'] }).toEqual({ fn: spec.name, signer: 'kms' });
      expect({
        fn: spec.name,
        evm: targetOf(env['MASTER_KMS_KEY_EVM']),
        tron: targetOf(env['MASTER_KMS_KEY_TRON']),
      }).toEqual({
        fn: spec.name,
        evm: evmKey,
        tron: tronKey,
      });
    }
  });

  it('resolves the same MASTER address per network in every function, through the real config parser', async () => {
    const kms = kmsWithKeys([keyArn(evmKey), keyArn(tronKey)]);
    const expected = {
      EVM: computeAddress(kms.keys.get(keyArn(evmKey))!.publicKey),
      TRON: tronAddressOfPublicKey(kms.keys.get(keyArn(tronKey))!.publicKey),
    };
    for (const { spec, env } of deployed) {
      const config = parseConfig(resolvedEnv(env));
      expect({ fn: spec.name, mode: config.withdrawals.masterSigner.kind }).toEqual({
        fn: spec.name,
        mode: 'kms',
      });
      // In KMS mode nothing comes from the HD seed, so the deposit wiring is never touched.
      const master = buildMasterWallets({} as DepositDeps, config, kms.client);
      for (const network of NETWORK_CODES) {
        const family = config.networks[network].family;
        for (const partner of ['pt_a', 'pt_b']) {
          const wallet = await master.masterWallet(partner, network);
          expect({ fn: spec.name, network, address: wallet.address }).toEqual({
            fn: spec.name,
            network,
            address: expected[family],
          });
        }
      }
    }
  });

  it('grants the MASTER public key to every function whose code resolves MASTER, and signing only to signers', async () => {
    const reaching = await functionsReaching(MASTER_MODULE);
    // The functions that move or show MASTER funds: if this list shrinks, a wiring was lost.
    expect([...reaching].sort()).toEqual(
      expect.arrayContaining(['consoleWallets', 'depositAddressesApi', 'sweepDeposits', 'withdrawalTask']),
    );
    for (const { spec, template, roleId } of deployed) {
      const grants = new Set(spec.grants);
      const resolves = reaching.has(spec.name);
      expect({ fn: spec.name, granted: grants.has('master:address') || grants.has('master:sign') }).toEqual({
        fn: spec.name,
        granted: resolves,
      });
      const onKeys = (key: string) =>
        statementsOfRole(template, roleId)
          .filter((s) => {
            const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
            return resources.some((r) => targetOf(r) === key);
          })
          .flatMap(actionsOf);
      for (const key of [evmKey, tronKey]) {
        expect({ fn: spec.name, key, getPublicKey: onKeys(key).includes('kms:GetPublicKey') }).toEqual({
          fn: spec.name,
          key,
          getPublicKey: resolves,
        });
        expect({ fn: spec.name, key, sign: onKeys(key).includes('kms:Sign') }).toEqual({
          fn: spec.name,
          key,
          sign: grants.has('master:sign'),
        });
      }
    }
  });

  it('gives every function whose code resolves the withdrawal workflow the state machine ARN (it refuses to start without one)', async () => {
    const reaching = await functionsReaching(WORKFLOW_MODULE);
    expect([...reaching].sort()).toEqual(
      expect.arrayContaining(['consoleWithdrawals', 'resumeWithdrawals', 'withdrawalTask', 'withdrawals']),
    );
    const arns = new Set<string>();
    for (const { spec, env } of deployed) {
      if (!reaching.has(spec.name)) continue;
      const raw = JSON.stringify(env['WITHDRAWAL_STATE_MACHINE_ARN'] ?? null);
      expect({ fn: spec.name, arn: raw }).toEqual({
        fn: spec.name,
        arn: expect.stringMatching(/:stateMachine:/),
      });
      expect(parseConfig(resolvedEnv(env)).withdrawals.stateMachineArn).toBeDefined();
      arns.add(raw);
    }
    // One state machine: every function starts, signals and resumes the same one.
    expect(arns.size).toBe(1);
  });

  it('gives the withdrawal task (it asks for MASTER energy) and the sweep function (it serves it) one table, one energy margin, one TRON network, and both the seed that names the TRON gas tank', () => {
    const resolved = (name: string) => {
      const d = deployed.find((x) => x.spec.name === name)!;
      return { grants: d.spec.grants, config: parseConfig(resolvedEnv(d.env)) };
    };
    const [asks, serves] = [resolved('withdrawalTask'), resolved('sweepDeposits')];
    expect(asks.config.tableName).toBe(serves.config.tableName);
    // The energy a request asks for is the one the sweep estimates for a transfer (same margin).
    expect(asks.config.sweeps.gasMarginPercent).toBe(serves.config.sweeps.gasMarginPercent);
    expect(asks.config.networks.TRON).toEqual(serves.config.networks.TRON);
    for (const { grants } of [asks, serves])
      expect(grants).toEqual(expect.arrayContaining(['table:read', 'table:write', 'keyvault:decrypt']));
  });

  it('lets a withdrawal waiting for funds trigger exactly the deployed sweep function, and nothing else trigger it', () => {
    const sweep = deployed.find((d) => d.spec.name === 'sweepDeposits')!;
    for (const { spec, env, template, roleId } of deployed) {
      const grants = new Set(spec.grants);
      const config = parseConfig(resolvedEnv(env));
      const invokes = statementsOfRole(template, roleId).filter((s) =>
        actionsOf(s).includes('lambda:InvokeFunction'),
      );
      if (grants.has('sweeps:trigger')) {
        expect({ fn: spec.name, trigger: config.sweeps.trigger }).toEqual({
          fn: spec.name,
          trigger: { kind: 'lambda', functionName: sweep.name },
        });
        expect(invokes).toHaveLength(1);
        expect(JSON.stringify(invokes[0]!.Resource)).toMatch(new RegExp(`:function:${sweep.name}"`));
      } else {
        expect({ fn: spec.name, trigger: config.sweeps.trigger.kind }).toEqual({
          fn: spec.name,
          trigger: 'off',
        });
        expect({ fn: spec.name, invokes: invokes.length }).toEqual({ fn: spec.name, invokes: 0 });
      }
    }
    // The withdrawal task is the one that answers WAIT_FUNDS on AWS.
    expect(FUNCTIONS.filter((f) => f.grants.includes('sweeps:trigger')).map((f) => f.name)).toEqual([
      'withdrawalTask',
    ]);
  });
});
