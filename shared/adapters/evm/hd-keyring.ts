import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HDNodeVoidWallet } from 'ethers';
import { HDNodeWallet, Mnemonic, randomBytes } from 'ethers';
import type { HdAddressDeriver } from '../../ports/wallets';
import type { KeyVault } from '../../ports/key-vault';
import type { EncryptedBlob } from '../../ports/key-vault';
import { isConditionalCheckFailed } from '../dynamodb/client';

/**
 * The EVM HD seed: a BIP-39 mnemonic stored only envelope-encrypted, plus the extended PUBLIC keys of
 * the accounts we use (0 HOT, 1 MASTER, 2 POOL, 3 the gas tanks, at m/44'/60'/account'/0). Addresses are
 * derived from the public keys alone; the seed is decrypted only where a key must sign (the sweeper),
 * and once per seed made before an account had its public key, to add it.
 */
export const HD_ACCOUNTS = { HOT: 0, MASTER: 1, POOL: 2, GAS_TANK: 3 } as const;
const SEED_KEY = { PK: 'HDSEED#EVM', SK: 'SEED' };
const SEED_CONTEXT = { purpose: 'hd-seed', family: 'EVM' };
const SEED_IS_NEW = 'attribute_not_exists(PK)';

const accountPath = (account: number) => `m/44'/60'/${account}'/0`;

interface SeedItem {
  readonly mnemonicCiphertext: EncryptedBlob;
  readonly xpubs: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

export class EvmHdKeyring implements HdAddressDeriver {
  private xpubs: Promise<Readonly<Record<string, string>>> | undefined;
  private readonly nodes = new Map<number, HDNodeVoidWallet>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keyVault: KeyVault,
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

  private async readSeed(): Promise<SeedItem | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: SEED_KEY, ConsistentRead: true }),
    );
    return out.Item as SeedItem | undefined;
  }

  private async ensureSeed(): Promise<Readonly<Record<string, string>>> {
    const existing = await this.readSeed();
    if (existing) return this.withEveryAccount(existing);
    const mnemonic = Mnemonic.fromEntropy(randomBytes(32));
    const xpubs: Record<string, string> = {};
    for (const account of Object.values(HD_ACCOUNTS)) {
      xpubs[String(account)] = HDNodeWallet.fromMnemonic(mnemonic, accountPath(account)).neuter().extendedKey;
    }
    const mnemonicCiphertext = await this.keyVault.encrypt(
      Buffer.from(mnemonic.phrase, 'utf8'),
      SEED_CONTEXT,
    );
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...SEED_KEY,
            entity: 'HdSeed',
            mnemonicCiphertext,
            xpubs,
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
      return this.withEveryAccount(winner);
    }
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
    const names: Record<string, string> = {};
    const values: Record<string, string> = {};
    const sets = missing.map((account, i) => {
      names[`#a${i}`] = String(account);
      values[`:x${i}`] = HDNodeWallet.fromPhrase(
        phrase,
        undefined,
        accountPath(account),
      ).neuter().extendedKey;
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
    let node = this.nodes.get(hdAccount);
    if (!node) {
      const xpub = (await this.loadXpubs())[String(hdAccount)];
      if (!xpub) throw new Error(`No extended public key for HD account ${hdAccount}`);
      node = HDNodeWallet.fromExtendedKey(xpub) as HDNodeVoidWallet;
      this.nodes.set(hdAccount, node);
    }
    return node.deriveChild(hdIndex).address;
  }

  /** The signing key of one address. Only the sweeper and withdrawal signer call this. */
  async signerFor(hdAccount: number, hdIndex: number): Promise<HDNodeWallet> {
    await this.loadXpubs();
    const seed = await this.readSeed();
    if (!seed) throw new Error('HD seed missing');
    const phrase = Buffer.from(await this.keyVault.decrypt(seed.mnemonicCiphertext, SEED_CONTEXT)).toString(
      'utf8',
    );
    return HDNodeWallet.fromPhrase(phrase, undefined, `${accountPath(hdAccount)}/${hdIndex}`);
  }
}
