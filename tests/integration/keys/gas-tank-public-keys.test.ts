import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { EnvelopeKeyVault } from '../../../shared/adapters/crypto/envelope-key-vault';
import { EvmHdKeyring } from '../../../shared/adapters/evm/hd-keyring';
import { GAS_TANK_HD_ACCOUNT, HdGasTankSigners } from '../../../shared/adapters/evm/sweep-signers';
import { LocalFileDataKeyProvider } from '../../../shared/adapters/local/local-file-data-key-provider';
import { gasTankAddresses } from '../../../shared/composition/gas-tanks';
import type { KeyVault } from '../../../shared/ports/key-vault';
import { createTestTable } from '../../support/test-env';

/**
 * The gas tanks' addresses (the API refuses them as destinations) come from stored public keys: the
 * seed is never decrypted on a request path. A seed made before the gas tanks' account had a public key
 * gets it once.
 */
describe('EVM gas-tank addresses without the seed', () => {
  let dropTable: () => Promise<void>;
  let tableName: string;
  const db = createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] });
  const vault = new EnvelopeKeyVault(
    new LocalFileDataKeyProvider(join(mkdtempSync(join(tmpdir(), 'gas-tank-keys-')), 'master.key')),
  );
  /** The vault, counting decryptions. */
  function counting(): KeyVault & { decrypts: number } {
    const counted = {
      decrypts: 0,
      encrypt: vault.encrypt.bind(vault),
      decrypt: async (...args: Parameters<KeyVault['decrypt']>) => {
        counted.decrypts += 1;
        return vault.decrypt(...args);
      },
    };
    return counted;
  }

  beforeAll(async () => {
    const table = await createTestTable('gas-tank-keys');
    dropTable = table.dropTable;
    tableName = table.config.tableName;
  });
  afterAll(() => dropTable());

  it('adds the public key to an older seed once, then derives the gas tanks with no decryption', async () => {
    // A seed as it was made before: public keys for HOT, MASTER and POOL only.
    const maker = new EvmHdKeyring(db, tableName, counting());
    await maker.deriveAddress(0, 0);
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: 'HDSEED#EVM', SK: 'SEED' },
        UpdateExpression: 'REMOVE xpubs.#a',
        ExpressionAttributeNames: { '#a': String(GAS_TANK_HD_ACCOUNT) },
      }),
    );

    const first = counting();
    const addresses = gasTankAddresses({
      hdKeyring: new EvmHdKeyring(db, tableName, first),
      tronHdKeyring: { deriveAddress: async () => 'T-unused' },
    });
    const bsc = await addresses('BSC');
    const polygon = await addresses('POLYGON');
    expect(first.decrypts).toBe(1);
    const seed = await db.send(
      new GetCommand({ TableName: tableName, Key: { PK: 'HDSEED#EVM', SK: 'SEED' }, ConsistentRead: true }),
    );
    expect(Object.keys((seed.Item as { xpubs: Record<string, string> }).xpubs).sort()).toEqual([
      '0',
      '1',
      '2',
      '3',
    ]);

    // The addresses are the keys the sweeper signs with.
    const signers = new HdGasTankSigners(new EvmHdKeyring(db, tableName, vault));
    expect(bsc).toBe((await signers.gasTank('BSC')).address);
    expect(polygon).toBe((await signers.gasTank('POLYGON')).address);
    expect(bsc).not.toBe(polygon);

    // Another process (an API function) finds the key stored: no decryption at all.
    const later = counting();
    const again = gasTankAddresses({
      hdKeyring: new EvmHdKeyring(db, tableName, later),
      tronHdKeyring: { deriveAddress: async () => 'T-unused' },
    });
    expect([await again('BSC'), await again('POLYGON')]).toEqual([bsc, polygon]);
    expect(later.decrypts).toBe(0);
  });
});
