import { tronSend } from '../../../shared/app/withdrawals/tron-withdrawal-steps';
import type { WithdrawalDeps } from '../../../shared/app/withdrawals/deps';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';

/**
 * How a TRON withdrawal reads a node's refusal of its signed transfer. java-tron answers a sender that
 * cannot pay its bandwidth (after burning what it holds for energy) with `BANDWITH_ERROR` (its own
 * spelling) "Account resource insufficient error." — MASTER lacks TRX: the withdrawal waits for funds
 * and says so (masterGasLow), it is not an internal error retried as if the node were broken.
 */
describe('tronSend: node refusals', () => {
  const withdrawal = {
    code: 'W1',
    partnerId: 'pt_1',
    network: 'TRON',
    tx: { from: 'TMaster', nonce: 0, gasLimit: 100n, attempts: [{ hash: 'ab', raw: '{"txID":"ab"}' }] },
  } as unknown as Withdrawal;

  function depsRefusing(code: string, message: string) {
    const alerts: string[] = [];
    const deps = {
      tron: {
        chain: { broadcast: async () => ({ status: 'REJECTED', code, message }) },
      },
      alerts: {
        masterGasLow: async (a: { code: string; address: string }) =>
          void alerts.push(`${a.code} ${a.address}`),
      },
    } as unknown as WithdrawalDeps;
    return { deps, alerts };
  }

  it.each([
    ['BANDWITH_ERROR', 'Account resource insufficient error.'],
    ['BANDWITH_ERROR', ''],
    ['CONTRACT_VALIDATE_ERROR', 'Contract validate error : balance is not sufficient.'],
  ])('%s: waits for funds and raises masterGasLow', async (code, message) => {
    const { deps, alerts } = depsRefusing(code, message);
    expect(await tronSend(deps, withdrawal)).toBe('WAIT_FUNDS');
    expect(alerts).toEqual(['W1 TMaster']);
  });

  it('an expired transaction counts as sent (tracking replaces it); any other refusal is an error', async () => {
    expect(await tronSend(depsRefusing('TRANSACTION_EXPIRATION_ERROR', 'expired').deps, withdrawal)).toBe(
      'SENT',
    );
    await expect(tronSend(depsRefusing('SIGERROR', 'bad signature').deps, withdrawal)).rejects.toThrow(
      /TRON node refused ab: SIGERROR bad signature/,
    );
  });
});
