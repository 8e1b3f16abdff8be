import { runDepositCommand } from '../../../scripts/cli-deposits';
import { setFeeSettings } from '../../../shared/app/deposits/fee-chain';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { getDeps } from '../../../shared/composition/gateway';
import { percentToPpm } from '../../../shared/domain/deposit/fees';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };

/**
 * `npm run cli -- fees set` on a distributor or merchant checks the whole subtree like the sub-partner
 * API's edit (ADR 0031): a parent rate that would put a merchant under its new floor is refused and
 * nothing is written; an edit within the bounds is written.
 */
describe('operator CLI: fees set', () => {
  let dropTable: () => Promise<void>;
  const silence = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

  beforeAll(async () => {
    const table = await createTestTable('cli-fees');
    dropTable = table.dropTable;
    const deps = getDeps();
    const fees = { partners: deps.partners, fees: getDepositDeps().fees };
    const at = new Date().toISOString();
    const platform = await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    const dist = await createPartner(deps, OPERATOR, {
      code: 'DIST',
      name: 'D',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    const shop = await createPartner(deps, OPERATOR, {
      code: 'SHOP',
      name: 'S',
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
    await setFeeSettings(fees, platform, { minFeeRate: percentToPpm('0.5') }, at);
    await setFeeSettings(
      fees,
      dist,
      { parentFeeRate: percentToPpm('0.3'), maxFeeCap: percentToPpm('3') },
      at,
    );
    await setFeeSettings(fees, shop, { depositFeeRate: percentToPpm('1.2') }, at);
  });
  afterAll(async () => {
    silence.mockRestore();
    await dropTable();
  });

  const distFees = async () => getDepositDeps().fees.get((await getDeps().partners.getByCode('DIST'))!.id);

  it('refuses a distributor rate that would put its merchant under the new floor, writing nothing', async () => {
    await expect(
      runDepositCommand('fees', 'set', { code: 'DIST', 'parent-fee': '1' }, 'op'),
    ).rejects.toMatchObject({
      code: 'FEE_CONSTRAINT_VIOLATED',
    });
    expect((await distFees()).parentFeeRate).toBe(percentToPpm('0.3'));
  });

  it('writes a rate within the bounds of the whole subtree', async () => {
    await runDepositCommand('fees', 'set', { code: 'DIST', 'parent-fee': '0.6' }, 'op');
    expect((await distFees()).parentFeeRate).toBe(percentToPpm('0.6'));
    await expect(
      runDepositCommand('fees', 'set', { code: 'SHOP', 'deposit-fee': '1' }, 'op'),
    ).rejects.toMatchObject({
      code: 'FEE_CONSTRAINT_VIOLATED',
    });
  });
});
