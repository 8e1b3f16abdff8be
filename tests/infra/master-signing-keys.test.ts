import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MasterSigningKeys } from '../../infra/constructs/master-signing-keys';
import { settingsFromContext } from '../../infra/lib/settings';
import { actionsOf, logicalId, refId, resourcesOf, statementsOfRole } from './support/template-helpers';

function synth(stage = 'dev') {
  const app = new App({ context: { stage } });
  const stack = new Stack(app, 'KeysProbe');
  const keys = new MasterSigningKeys(stack, 'MasterKeys', { settings: settingsFromContext(app.node) });
  const signer = new iam.Role(stack, 'Signer', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  const evmOnly = new iam.Role(stack, 'EvmOnly', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  const outsider = new iam.Role(stack, 'Outsider', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  keys.grantSign(signer);
  keys.grantSign(evmOnly, ['EVM']);
  return { stack, keys, signer, evmOnly, outsider, template: Template.fromStack(stack) };
}

/** KMS statements of a role: logical ids of the keys they name, and their actions. */
function kmsGrants(template: Template, role: iam.Role) {
  return statementsOfRole(template, logicalId(role))
    .filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')))
    .map((s) => ({
      actions: actionsOf(s).sort(),
      keys: (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map(refId).sort(),
      effect: s.Effect,
    }));
}

describe('MasterSigningKeys', () => {
  describe('keys', () => {
    const { keys, template } = synth('prod');

    it('creates one secp256k1 SIGN_VERIFY key per chain family, and nothing that could rotate or delete it', () => {
      const all = resourcesOf(template, 'AWS::KMS::Key');
      expect(Object.keys(all).sort()).toEqual([logicalId(keys.evmKey), logicalId(keys.tronKey)].sort());
      for (const key of Object.values(all)) {
        expect(key.Properties).toMatchObject({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' });
        expect(key.Properties?.EnableKeyRotation).toBeUndefined();
        expect(key.DeletionPolicy).toBe('Retain');
        expect((key as { UpdateReplacePolicy?: string }).UpdateReplacePolicy).toBe('Retain');
      }
    });

    it('describes each key as the MASTER wallet of its family', () => {
      const all = resourcesOf(template, 'AWS::KMS::Key');
      expect(all[logicalId(keys.evmKey)]!.Properties?.Description).toMatch(
        /^MASTER wallet of the EVM chain family \(prod\)/,
      );
      expect(all[logicalId(keys.tronKey)]!.Properties?.Description).toMatch(
        /^MASTER wallet of the TRON chain family \(prod\)/,
      );
    });

    it('names the keys by stage and family with aliases', () => {
      const aliases = Object.values(resourcesOf(template, 'AWS::KMS::Alias')).map((a) => ({
        name: a.Properties?.AliasName,
        key: refId(a.Properties?.TargetKeyId),
      }));
      expect(aliases).toEqual(
        expect.arrayContaining([
          { name: 'alias/gateway-prod/evm-master', key: logicalId(keys.evmKey) },
          { name: 'alias/gateway-prod/tron-master', key: logicalId(keys.tronKey) },
        ]),
      );
      expect(aliases).toHaveLength(2);
      expect(keys.keyOf('EVM')).toBe(keys.evmKey);
      expect(keys.keyOf('TRON')).toBe(keys.tronKey);
    });
  });

  describe('grantSign', () => {
    const { keys, template, signer, evmOnly, outsider } = synth();

    it('grants kms:Sign and kms:GetPublicKey on both keys, and nothing else', () => {
      const grants = kmsGrants(template, signer);
      const actions = new Set(grants.flatMap((g) => g.actions));
      expect([...actions].sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
      expect(new Set(grants.flatMap((g) => g.keys))).toEqual(
        new Set([logicalId(keys.evmKey), logicalId(keys.tronKey)]),
      );
      for (const g of grants) expect(g.effect).toBe('Allow');
      const everyAction = statementsOfRole(template, logicalId(signer)).flatMap(actionsOf);
      expect(everyAction.filter((a) => !['kms:Sign', 'kms:GetPublicKey'].includes(a))).toEqual([]);
    });

    it('can grant one family only', () => {
      const keysGranted = new Set(kmsGrants(template, evmOnly).flatMap((g) => g.keys));
      expect(keysGranted).toEqual(new Set([logicalId(keys.evmKey)]));
    });

    it('gives a role it was not asked about nothing', () => {
      expect(statementsOfRole(template, logicalId(outsider))).toEqual([]);
    });

    it('refuses an empty list of families', () => {
      expect(() => keys.grantSign(outsider, [])).toThrow(/at least one/);
    });
  });
});
