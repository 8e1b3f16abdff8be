import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HdAddressDeriver } from '../../ports/wallets';
import { XpubNodes } from '../crypto/hd-derivation';
import { HD_SEED_KEY } from './hd-addresses';

/** No public key of that account is stored yet: no address of it has ever been derived. */
export class NoStoredPublicKey extends Error {
  constructor(family: string, account: number) {
    super(`No ${family} public key of HD account ${account} is stored yet`);
    this.name = 'NoStoredPublicKey';
  }
}

/**
 * Addresses of the HD seed from the public keys already stored on its item, read-only: it never
 * creates the seed and never decrypts it to add a missing account's key (EvmHdAddresses /
 * TronHdAddresses do that, and every address the gateway uses or shows is derived through them, so
 * an address whose account key is not stored yet has never been derived by anyone). For the request
 * side of withdrawals, whose gas-tank rule needs the tanks' addresses and nothing else: it carries no
 * BIP-39 code (docs/adr/0025-lambda-bundles.md). A missing key is not cached; the next call reads again.
 */
export class StoredHdAddresses implements HdAddressDeriver {
  private xpubs: Readonly<Record<string, string>> | undefined;
  private readonly nodes: XpubNodes;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly family: 'EVM' | 'TRON',
  ) {
    this.nodes = new XpubNodes(() => this.storedXpubs(), family);
  }

  private async storedXpubs(): Promise<Readonly<Record<string, string>>> {
    if (this.xpubs) return this.xpubs;
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: HD_SEED_KEY, ConsistentRead: true }),
    );
    const item = out.Item as
      { xpubs?: Record<string, string>; tronXpubs?: Record<string, string> } | undefined;
    return (this.family === 'EVM' ? item?.xpubs : item?.tronXpubs) ?? {};
  }

  async deriveAddress(hdAccount: number, hdIndex: number): Promise<string> {
    let xpubs = await this.storedXpubs();
    if (!xpubs[String(hdAccount)] && this.xpubs) {
      // Read before this account's key was added (an older seed): read the item again.
      this.xpubs = undefined;
      xpubs = await this.storedXpubs();
    }
    if (!xpubs[String(hdAccount)]) throw new NoStoredPublicKey(this.family, hdAccount);
    this.xpubs = xpubs;
    const node = await this.nodes.of(hdAccount);
    return this.family === 'EVM' ? node.evmAddress(hdIndex) : node.tronAddress(hdIndex);
  }
}
