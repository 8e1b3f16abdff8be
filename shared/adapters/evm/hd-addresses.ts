import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'ethers';
import type { NetworkCode } from '../../config/networks';
import type { HdAddressDeriver } from '../../ports/wallets';
import type { KeyVault } from '../../ports/key-vault';
import type { EncryptedBlob } from '../../ports/key-vault';
import { isConditionalCheckFailed } from '../dynamodb/client';
import {
  extendedPublicKeyAt,
  newMnemonicPhrase,
  seedOfPhrase,
  XpubDeriver,
  XpubNodes,
} from '../crypto/hd-derivation';
import { HD_SEED_KEY, recordGasTankAddresses } from './stored-gas-tanks';
import type { GasTankAddresses } from './stored-gas-tanks';

/**
 * The EVM HD seed: a BIP-39 mnemonic stored only envelope-encrypted, plus the extended PUBLIC keys of
 * the accounts we use (0 HOT, 1 MASTER, 2 POOL, 3 the gas tanks, at m/44'/60'/account'/0). Addresses are
 * derived from the public keys alone; the seed is decrypted only where a key must sign (the sweeper,
 * through `EvmHdKeyring` in hd-keyring.ts), and once per seed made before an account had its public
 * key, to add it.
 *
 * This class is what API functions load (deposit addresses, wallet views): it creates the seed and
 * derives addresses with ethers' small pieces (crypto/hd-derivation.ts) and holds no signing code, so their
 * bundles carry neither ethers' wallets nor its transaction signing (docs/adr/0025-lambda-bundles.md).
 */
export const HD_ACCOUNTS = { HOT: 0, MASTER: 1, POOL: 2, GAS_TANK: 3 } as const;
/**
 * The gas tank (relayer) of each EVM network is HD account 3 (`m/44'/60'/3'/0/i`): index 0 on BSC,
 * 1 on Polygon, so a leaked key or a nonce mix-up on one chain stays on that chain. On AWS a KMS
 * asymmetric key (ECC_SECG_P256K1) implements the GasTankSigners port instead, and the seed is no
 * longer needed for the relayer at all.
 */
export const GAS_TANK_HD_ACCOUNT = HD_ACCOUNTS.GAS_TANK;
export const GAS_TANK_HD_INDEX: Readonly<Partial<Record<NetworkCode, number>>> = { BSC: 0, POLYGON: 1 };
export { HD_SEED_KEY };
const SEED_KEY = HD_SEED_KEY;
const SEED_CONTEXT = { purpose: 'hd-seed', family: 'EVM' };
const SEED_IS_NEW = 'attribute_not_exists(PK)';

export const accountPath = (account: number) => `m/44'/60'/${account}'/0`;

interface SeedItem {
  readonly mnemonicCiphertext: EncryptedBlob;
  readonly xpubs: Readonly<Record<string, string>>;
  readonly gasTankAddresses?: GasTankAddresses;
  readonly createdAt: string;
}

/** The EVM gas tanks' addresses from the seed's public keys (recorded for the withdrawal request side). */
function evmGasTanks(xpubs: Readonly<Record<string, string>>): GasTankAddresses {
  const node = new XpubDeriver(xpubs[String(GAS_TANK_HD_ACCOUNT)]!);
  return Object.fromEntries(
    Object.entries(GAS_TANK_HD_INDEX).map(([network, index]) => [network, node.evmAddress(index)]),
  );
}

export class EvmHdAddresses implements HdAddressDeriver {
  private xpubs: Promise<Readonly<Record<string, string>>> | undefined;
  private readonly nodes = new XpubNodes(() => this.loadXpubs(), 'EVM');

  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly keyVault: KeyVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Loads the seed's public keys, creating the seed (encrypted) the first time. */
  private loadXpubs(): Promise<Readonly<Record<string, string>>> {
    this.xpubs ??= this.ensureSeed().catch((e: unknown) => {
      this.xpubs = undefined;
      throw e;
    });
    return this.xpubs;
  }

  protected async readSeed(): Promise<SeedItem | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: SEED_KEY, ConsistentRead: true }),
    );
    return out.Item as SeedItem | undefined;
  }

  private async ensureSeed(): Promise<Readonly<Record<string, string>>> {
    const existing = await this.readSeed();
    if (existing) return this.withGasTanks(existing, await this.withEveryAccount(existing));
    const phrase = newMnemonicPhrase(randomBytes(32));
    const seed = seedOfPhrase(phrase);
    const xpubs: Record<string, string> = {};
    for (const account of Object.values(HD_ACCOUNTS)) {
      xpubs[String(account)] = extendedPublicKeyAt(seed, accountPath(account));
    }
    const mnemonicCiphertext = await this.keyVault.encrypt(Buffer.from(phrase, 'utf8'), SEED_CONTEXT);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...SEED_KEY,
            entity: 'HdSeed',
            mnemonicCiphertext,
            xpubs,
            gasTankAddresses: evmGasTanks(xpubs),
            createdAt: this.now().toISOString(),
          },
          ConditionExpression: SEED_IS_NEW,
        }),
      );
      return xpubs;
    } catch (e) {
      // Another process created the seed first: use theirs, never overwrite a seed.
      if (!isConditionalCheckFailed(e)) throw e;
      const winner = await this.readSeed();
      if (!winner) throw e;
      return this.withGasTanks(winner, await this.withEveryAccount(winner));
    }
  }

  /** Records the gas tanks' addresses on a seed made before they were recorded (stored-gas-tanks.ts). */
  private async withGasTanks(
    seed: SeedItem,
    xpubs: Readonly<Record<string, string>>,
  ): Promise<Readonly<Record<string, string>>> {
    await recordGasTankAddresses(this.db, this.tableName, seed.gasTankAddresses, evmGasTanks(xpubs));
    return xpubs;
  }

  /**
   * A seed made before an account had a public key (the gas tanks' account 3 was added later) gets it
   * once: the seed is decrypted, the key stored beside the others with `if_not_exists` (concurrent first
   * users compute the same key; the first write wins), and from then on that account's addresses need
   * no decryption either.
   */
  private async withEveryAccount(seed: SeedItem): Promise<Readonly<Record<string, string>>> {
    const missing = Object.values(HD_ACCOUNTS).filter((a) => !seed.xpubs[String(a)]);
    if (missing.length === 0) return seed.xpubs;
    const phrase = Buffer.from(await this.keyVault.decrypt(seed.mnemonicCiphertext, SEED_CONTEXT)).toString(
      'utf8',
    );
    const seedBytes = seedOfPhrase(phrase);
    const names: Record<string, string> = {};
    const values: Record<string, string> = {};
    const sets = missing.map((account, i) => {
      names[`#a${i}`] = String(account);
      values[`:x${i}`] = extendedPublicKeyAt(seedBytes, accountPath(account));
      return `xpubs.#a${i} = if_not_exists(xpubs.#a${i}, :x${i})`;
    });
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SEED_KEY,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (out.Attributes as SeedItem).xpubs;
  }

  async deriveAddress(hdAccount: number, hdIndex: number): Promise<string> {
    return (await this.nodes.of(hdAccount)).evmAddress(hdIndex);
  }

  /** The seed's mnemonic, decrypted (only to add missing public keys, and to sign). */
  protected async decryptPhrase(): Promise<string> {
    await this.loadXpubs();
    const seed = await this.readSeed();
    if (!seed) throw new Error('HD seed missing');
    return Buffer.from(await this.keyVault.decrypt(seed.mnemonicCiphertext, SEED_CONTEXT)).toString('utf8');
  }
}
