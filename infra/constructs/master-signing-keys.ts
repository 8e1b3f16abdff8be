import { RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ChainFamily } from '../../shared/config/networks';
import { names } from '../lib/settings';
import type { GatewaySettings } from '../lib/settings';

/**
 * Alias suffixes of the MASTER keys: `alias/gateway-<stage>/evm-master` and `…/tron-master`, the names
 * the data stack's keys already carry, so moving them into this construct keeps the aliases that the
 * functions' configuration points at.
 */
export const MASTER_KEY_ALIAS_SUFFIX: Readonly<Record<ChainFamily, string>> = {
  EVM: 'evm-master',
  TRON: 'tron-master',
};

/** The only KMS actions a MASTER-wallet signer needs: read the public key (the address) and sign digests. */
export const MASTER_SIGN_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;

export interface MasterSigningKeysProps {
  readonly settings: GatewaySettings;
}

/**
 * The MASTER wallet of each chain family: a KMS asymmetric secp256k1 key (ECC_SECG_P256K1, SIGN_VERIFY)
 * whose private half never leaves KMS. The signer adapter (shared/adapters/kms/kms-digest-signer.ts)
 * signs transaction digests with it. Keys are retained whatever the stage's removal policy: deleting
 * one loses every coin its address holds.
 */
export class MasterSigningKeys extends Construct {
  readonly evmKey: kms.Key;
  readonly tronKey: kms.Key;

  constructor(scope: Construct, id: string, props: MasterSigningKeysProps) {
    super(scope, id);
    const key = (family: ChainFamily, constructId: string): kms.Key =>
      new kms.Key(this, constructId, {
        description: `MASTER wallet of the ${family} chain family (${props.settings.stage}): secp256k1, signs 32-byte digests only`,
        alias: names.alias(props.settings, MASTER_KEY_ALIAS_SUFFIX[family]),
        keySpec: kms.KeySpec.ECC_SECG_P256K1,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.evmKey = key('EVM', 'EvmKey');
    this.tronKey = key('TRON', 'TronKey');
  }

  keyOf(family: ChainFamily): kms.Key {
    return family === 'EVM' ? this.evmKey : this.tronKey;
  }

  /**
   * Lets `grantee` sign with the MASTER key of each family given (both by default): `kms:Sign` and
   * `kms:GetPublicKey` only, never key administration, encryption or decryption.
   */
  grantSign(grantee: iam.IGrantable, families: readonly ChainFamily[] = ['EVM', 'TRON']): iam.Grant {
    if (families.length === 0) throw new Error('grantSign needs at least one chain family');
    const grants = families.map((family) => this.keyOf(family).grant(grantee, ...MASTER_SIGN_ACTIONS));
    return grants.slice(1).reduce((all, grant) => all.combine(grant), grants[0]!);
  }
}
