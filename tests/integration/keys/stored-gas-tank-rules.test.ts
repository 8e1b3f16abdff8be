import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { EnvelopeKeyVault } from '../../../shared/adapters/crypto/envelope-key-vault';
import {
  EvmHdAddresses,
  GAS_TANK_HD_ACCOUNT,
  GAS_TANK_HD_INDEX,
} from '../../../shared/adapters/evm/hd-addresses';
import { TronHdAddresses, TRON_HD_ACCOUNTS } from '../../../shared/adapters/tron/tron-hd-addresses';
import { LocalFileDataKeyProvider } from '../../../shared/adapters/local/local-file-data-key-provider';
import { storedGasTankRules } from '../../../shared/composition/withdrawal-requests';
import type { AppConfig } from '../../../shared/config/config';
import { createTestTable } from '../../support/test-env';

/**
 * The withdrawal request side refuses the gas tanks as destinations from the public keys stored on the
 * seed item alone (read-only: it never creates the seed nor decrypts it). A tank whose key is not
 * stored has never been derived by anyone; once the full keyrings store it, the next request sees it.
 */
describe('gas-tank destination rule of the withdrawal request side', () => {
  let dropTable: () => Promise<void>;
  let config: AppConfig;
  const db = createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] });
  const vault = new EnvelopeKeyVault(
    new LocalFileDataKeyProvider(join(mkdtempSync(join(tmpdir(), 'stored-tanks-')), 'master.key')),
  );

  beforeAll(async () => {
    const table = await createTestTable('stored-tanks');
    dropTable = table.dropTable;
    config = table.config;
  });
  afterAll(() => dropTable());

  it('has no tank before the seed exists, the keyrings’ tanks once they are stored, and never creates the seed', async () => {
    const rules = storedGasTankRules({ db, config });
    expect(await rules.gasTanks!('BSC')).toEqual([]);
    expect(await rules.gasTanks!('TRON')).toEqual([]);
    const seed = await db.send(
      new GetCommand({ TableName: config.tableName, Key: { PK: 'HDSEED#EVM', SK: 'SEED' } }),
    );
    expect(seed.Item).toBeUndefined();

    // The full keyrings create the seed; an older seed had no gas-tank key: remove it to get there.
    const evm = new EvmHdAddresses(db, config.tableName, vault);
    await evm.deriveAddress(0, 0);
    await db.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { PK: 'HDSEED#EVM', SK: 'SEED' },
        UpdateExpression: 'REMOVE xpubs.#a',
        ExpressionAttributeNames: { '#a': String(GAS_TANK_HD_ACCOUNT) },
      }),
    );
    expect(await rules.gasTanks!('BSC')).toEqual([]);

    // A process derives the tanks (storing the keys); the same rules object now refuses them.
    const full = new EvmHdAddresses(db, config.tableName, vault);
    const tron = new TronHdAddresses(db, config.tableName, vault, () => full.deriveAddress(0, 0));
    const bscTank = await full.deriveAddress(GAS_TANK_HD_ACCOUNT, GAS_TANK_HD_INDEX.BSC!);
    const polygonTank = await full.deriveAddress(GAS_TANK_HD_ACCOUNT, GAS_TANK_HD_INDEX.POLYGON!);
    const tronTank = await tron.deriveAddress(TRON_HD_ACCOUNTS.GAS_TANK, 0);
    expect(await rules.gasTanks!('BSC')).toEqual([bscTank]);
    expect(await rules.gasTanks!('POLYGON')).toEqual([polygonTank]);
    expect(await rules.gasTanks!('TRON')).toEqual([tronTank]);
    expect(new Set([bscTank, polygonTank]).size).toBe(2);
  });
});
