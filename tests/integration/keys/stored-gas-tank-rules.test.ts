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
 * The withdrawal request side refuses the gas tanks as destinations from the addresses the keyrings
 * record on the seed item (read-only: it never creates the seed, decrypts it or derives anything). A
 * tank not recorded has never been derived by anyone; a seed made before the addresses were recorded
 * gets them the next time a keyring loads it, before that keyring derives anything.
 */
describe('gas-tank destination rule of the withdrawal request side', () => {
  let dropTable: () => Promise<void>;
  let config: AppConfig;
  const db = createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] });
  const vault = new EnvelopeKeyVault(
    new LocalFileDataKeyProvider(join(mkdtempSync(join(tmpdir(), 'stored-tanks-')), 'master.key')),
  );
  const SEED = { PK: 'HDSEED#EVM', SK: 'SEED' };

  beforeAll(async () => {
    const table = await createTestTable('stored-tanks');
    dropTable = table.dropTable;
    config = table.config;
  });
  afterAll(() => dropTable());

  async function keyrings() {
    const evm = new EvmHdAddresses(db, config.tableName, vault);
    const tron = new TronHdAddresses(db, config.tableName, vault, () => evm.deriveAddress(0, 0));
    return { evm, tron };
  }

  async function derivedTanks() {
    const { evm, tron } = await keyrings();
    return {
      BSC: await evm.deriveAddress(GAS_TANK_HD_ACCOUNT, GAS_TANK_HD_INDEX.BSC!),
      POLYGON: await evm.deriveAddress(GAS_TANK_HD_ACCOUNT, GAS_TANK_HD_INDEX.POLYGON!),
      TRON: await tron.deriveAddress(TRON_HD_ACCOUNTS.GAS_TANK, 0),
    };
  }

  it('has no tank before the seed exists, and never creates the seed', async () => {
    const rules = storedGasTankRules({ db, config });
    expect(await rules.gasTanks!('BSC')).toEqual([]);
    expect(await rules.gasTanks!('TRON')).toEqual([]);
    const seed = await db.send(new GetCommand({ TableName: config.tableName, Key: SEED }));
    expect(seed.Item).toBeUndefined();
  });

  it('sees the tanks a keyring recorded while loading the seed, before any tank was derived', async () => {
    const rules = storedGasTankRules({ db, config });
    const { evm, tron } = await keyrings();
    // Only a HOT address is derived: loading the seed records the tanks of each family first.
    await evm.deriveAddress(0, 0);
    await tron.deriveAddress(0, 0);
    const tanks = await derivedTanks();
    expect(await rules.gasTanks!('BSC')).toEqual([tanks.BSC]);
    expect(await rules.gasTanks!('POLYGON')).toEqual([tanks.POLYGON]);
    expect(await rules.gasTanks!('TRON')).toEqual([tanks.TRON]);
    expect(new Set(Object.values(tanks)).size).toBe(3);
  });

  it('a seed made before the tanks were recorded gets them when a keyring next loads it', async () => {
    const tanks = await derivedTanks();
    await db.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: SEED,
        UpdateExpression: 'REMOVE gasTankAddresses, xpubs.#a',
        ExpressionAttributeNames: { '#a': String(GAS_TANK_HD_ACCOUNT) },
      }),
    );
    const rules = storedGasTankRules({ db, config });
    expect(await rules.gasTanks!('BSC')).toEqual([]);

    // A process loads the seed (for any address): the key is added back and the tanks recorded.
    const { evm, tron } = await keyrings();
    await evm.deriveAddress(0, 7);
    expect(await rules.gasTanks!('BSC')).toEqual([tanks.BSC]);
    expect(await rules.gasTanks!('POLYGON')).toEqual([tanks.POLYGON]);
    expect(await rules.gasTanks!('TRON')).toEqual([]);
    await tron.deriveAddress(0, 7);
    expect(await rules.gasTanks!('TRON')).toEqual([tanks.TRON]);
    const item = await db.send(new GetCommand({ TableName: config.tableName, Key: SEED }));
    expect(item.Item?.['gasTankAddresses']).toEqual(tanks);
  });
});
