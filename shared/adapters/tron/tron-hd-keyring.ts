import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HDNodeWallet } from 'ethers';
import type { HDNodeVoidWallet } from 'ethers';
import type { EncryptedBlob, KeyVault } from '../../ports/key-vault';
import type { HdAddressDeriver } from '../../ports/wallets';
import { tronAddressOfPublicKey } from './tron-address';
import { PrivateKeyTronSigner } from './tron-signer';
import type { TronSigner } from './tron-signer';

/**
 * TRON addresses from the gateway's one HD seed (the EVM keyring's mnemonic, `HDSEED#EVM`): accounts
 * 0 HOT, 1 MASTER, 2 POOL, 3 gas tank at `m/44'/195'/account'/0/index` (SLIP-44 coin 195). Like the EVM
 * keyring, addresses come from extended PUBLIC keys stored beside the encrypted mnemonic
 * (`tronXpubs`); the mnemonic is decrypted only to sign (sweeps), and once per seed to add the TRON
 * public keys to a seed created before TRON existed.
 */
export const TRON_HD_ACCOUNTS = { HOT: 0, MASTER: 1, POOL: 2, GAS_TANK: 3 } as const;
const SEED_KEY = { PK: 'HDSEED#EVM', SK: 'SEED' };
const SEED_CONTEXT = { purpose: 'hd-seed', family: 'EVM' };

export const tronAccountPath = (account: number) => `m/44'/195'/${account}'/0`;

interface SeedItem {
  readonly mnemonicCiphertext: EncryptedBlob;
  readonly tronXpubs?: Readonly<Record<string, string>>;
}

export class TronHdKeyring implements HdAddressDeriver {
  private xpubs: Promise<Readonly<Record<string, string>>> | undefined;
  private readonly nodes = new Map<number, HDNodeVoidWallet>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keyVault: KeyVault,
    /** Creates the shared seed when it does not exist yet (the EVM keyring owns its creation). */
    private readonly ensureSeed: () => Promise<unknown>,
  ) {}

  private async readSeed(): Promise<SeedItem | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: SEED_KEY, ConsistentRead: true }),
    );
    return out.Item as SeedItem | undefined;
  }

  private loadXpubs(): Promise<Readonly<Record<string, string>>> {
    this.xpubs ??= this.ensureTronXpubs().catch((e: unknown) => {
      this.xpubs = undefined;
      throw e;
    });
    return this.xpubs;
  }

  private async ensureTronXpubs(): Promise<Readonly<Record<string, string>>> {
    let seed = await this.readSeed();
    if (!seed) {
      await this.ensureSeed();
      seed = await this.readSeed();
    }
    if (!seed) throw new Error('HD seed missing');
    if (seed.tronXpubs) return seed.tronXpubs;
    const phrase = await this.phrase(seed);
    const xpubs: Record<string, string> = {};
    for (const account of Object.values(TRON_HD_ACCOUNTS)) {
      xpubs[String(account)] = HDNodeWallet.fromPhrase(
        phrase,
        undefined,
        tronAccountPath(account),
      ).neuter().extendedKey;
    }
    // Concurrent first users compute the same keys; whoever writes first wins, the rest read it.
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SEED_KEY,
        UpdateExpression: 'SET tronXpubs = if_not_exists(tronXpubs, :x)',
        ExpressionAttributeValues: { ':x': xpubs },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (out.Attributes as SeedItem).tronXpubs ?? xpubs;
  }

  private async phrase(seed: SeedItem): Promise<string> {
    return Buffer.from(await this.keyVault.decrypt(seed.mnemonicCiphertext, SEED_CONTEXT)).toString('utf8');
  }

  /** base58 address of m/44'/195'/account'/0/index, from the public key only. */
  async deriveAddress(hdAccount: number, hdIndex: number): Promise<string> {
    let node = this.nodes.get(hdAccount);
    if (!node) {
      const xpub = (await this.loadXpubs())[String(hdAccount)];
      if (!xpub) throw new Error(`No TRON extended public key for HD account ${hdAccount}`);
      node = HDNodeWallet.fromExtendedKey(xpub) as HDNodeVoidWallet;
      this.nodes.set(hdAccount, node);
    }
    return tronAddressOfPublicKey(node.deriveChild(hdIndex).publicKey);
  }

  /** The signing key of one address (decrypts the seed). Only the sweeper calls this. */
  async signerFor(hdAccount: number, hdIndex: number): Promise<TronSigner> {
    await this.loadXpubs();
    const seed = await this.readSeed();
    if (!seed) throw new Error('HD seed missing');
    const wallet = HDNodeWallet.fromPhrase(
      await this.phrase(seed),
      undefined,
      `${tronAccountPath(hdAccount)}/${hdIndex}`,
    );
    return new PrivateKeyTronSigner(wallet.privateKey);
  }
}
