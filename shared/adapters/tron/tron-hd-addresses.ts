import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EncryptedBlob, KeyVault } from '../../ports/key-vault';
import type { HdAddressDeriver } from '../../ports/wallets';
import { extendedPublicKeyAt, seedOfPhrase, XpubDeriver, XpubNodes } from '../crypto/hd-derivation';
import { HD_SEED_KEY, recordGasTankAddresses } from '../evm/stored-gas-tanks';
import type { GasTankAddresses } from '../evm/stored-gas-tanks';

/**
 * TRON addresses from the gateway's one HD seed (the EVM keyring's mnemonic, `HDSEED#EVM`): accounts
 * 0 HOT, 1 MASTER, 2 POOL, 3 gas tank at `m/44'/195'/account'/0/index` (SLIP-44 coin 195). Like the EVM
 * keyring, addresses come from extended PUBLIC keys stored beside the encrypted mnemonic
 * (`tronXpubs`); the mnemonic is decrypted only to sign (sweeps), and once per seed to add the TRON
 * public keys to a seed created before TRON existed.
 *
 * This class is what API functions load; `TronHdKeyring` (tron-hd-keyring.ts) adds the signing keys.
 */
export const TRON_HD_ACCOUNTS = { HOT: 0, MASTER: 1, POOL: 2, GAS_TANK: 3 } as const;
const SEED_KEY = HD_SEED_KEY;
const SEED_CONTEXT = { purpose: 'hd-seed', family: 'EVM' };

export const tronAccountPath = (account: number) => `m/44'/195'/${account}'/0`;

interface SeedItem {
  readonly mnemonicCiphertext: EncryptedBlob;
  readonly tronXpubs?: Readonly<Record<string, string>>;
  readonly gasTankAddresses?: GasTankAddresses;
}

export class TronHdAddresses implements HdAddressDeriver {
  private xpubs: Promise<Readonly<Record<string, string>>> | undefined;
  private readonly nodes = new XpubNodes(() => this.loadXpubs(), 'TRON');

  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly keyVault: KeyVault,
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
    this.xpubs ??= this.ensureTronXpubsAndTank().catch((e: unknown) => {
      this.xpubs = undefined;
      throw e;
    });
    return this.xpubs;
  }

  /**
   * The TRON public keys, with the TRON gas tank's address recorded before anything is derived from
   * them (the withdrawal request side reads it: stored-gas-tanks.ts).
   */
  private async ensureTronXpubsAndTank(): Promise<Readonly<Record<string, string>>> {
    const { xpubs, recorded } = await this.ensureTronXpubs();
    const tank = new XpubDeriver(xpubs[String(TRON_HD_ACCOUNTS.GAS_TANK)]!).tronAddress(0);
    await recordGasTankAddresses(this.db, this.tableName, recorded, { TRON: tank });
    return xpubs;
  }

  private async ensureTronXpubs(): Promise<{
    readonly xpubs: Readonly<Record<string, string>>;
    readonly recorded: GasTankAddresses | undefined;
  }> {
    let seed = await this.readSeed();
    if (!seed) {
      await this.ensureSeed();
      seed = await this.readSeed();
    }
    if (!seed) throw new Error('HD seed missing');
    if (seed.tronXpubs) return { xpubs: seed.tronXpubs, recorded: seed.gasTankAddresses };
    const seedBytes = seedOfPhrase(await this.phrase(seed));
    const xpubs: Record<string, string> = {};
    for (const account of Object.values(TRON_HD_ACCOUNTS)) {
      xpubs[String(account)] = extendedPublicKeyAt(seedBytes, tronAccountPath(account));
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
    const stored = out.Attributes as SeedItem;
    return { xpubs: stored.tronXpubs ?? xpubs, recorded: stored.gasTankAddresses };
  }

  private async phrase(seed: SeedItem): Promise<string> {
    return Buffer.from(await this.keyVault.decrypt(seed.mnemonicCiphertext, SEED_CONTEXT)).toString('utf8');
  }

  /** base58 address of m/44'/195'/account'/0/index, from the public key only. */
  async deriveAddress(hdAccount: number, hdIndex: number): Promise<string> {
    return (await this.nodes.of(hdAccount)).tronAddress(hdIndex);
  }

  /** The seed's mnemonic, decrypted (creating the seed first when there is none). */
  protected async decryptPhrase(): Promise<string> {
    await this.loadXpubs();
    const seed = await this.readSeed();
    if (!seed) throw new Error('HD seed missing');
    return this.phrase(seed);
  }
}
